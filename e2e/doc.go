// Package e2e holds Haven's browser tests: they run the real server in the
// test process and drive Chromium through the pages the way a person does,
// saving screenshots of key steps under test-output/e2e/ at the repository
// root.
//
// They need Chromium (/usr/bin/chromium, or the path in $CHROMIUM). Without
// it they skip with a loud message, except under CI=true, where they fail.
package e2e
