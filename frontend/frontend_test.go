package frontend

import (
	"strings"
	"testing"
)

func TestEveryPageRenders(t *testing.T) {
	navKeys := map[string]bool{}
	for _, n := range Nav {
		navKeys[n.Key] = true
	}
	for _, name := range []string{"account", "audit", "directory", "home", "login", "notfound", "provider-edit", "provider", "regions", "setup", "users", "surveys", "submissions", "submission", "gapmap"} {
		t.Run(name, func(t *testing.T) {
			html, err := Page(name)
			if err != nil {
				t.Fatal(err)
			}
			s := string(html)
			if !strings.HasPrefix(s, "<!doctype html>") || !strings.Contains(s, " · Haven</title>") || !strings.Contains(s, `<main id="main"`) {
				t.Errorf("not a whole page:\n%s", s[:min(len(s), 300)])
			}
			if strings.Contains(s, "<script>") || strings.Contains(s, "style=") || strings.Contains(s, "onclick") {
				t.Error("inline script or style: the Content-Security-Policy forbids them")
			}
			if strings.Contains(s, `class="site-nav"`) && strings.Count(s, `aria-current="page"`) != 1 {
				t.Error("a page with navigation must mark exactly one entry as current")
			}
		})
	}
	if _, err := Page("no-such-page"); err == nil {
		t.Error("an unknown page rendered")
	}
}
