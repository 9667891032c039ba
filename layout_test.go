package haven_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainPackagesStayFreeOfHTTP keeps the layering honest: domain
// packages never depend on Gin or on the server package, directly or not.
func TestDomainPackagesStayFreeOfHTTP(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}: {{join .Deps \" \"}}",
		"./mapping/...", "./surveys/...", "./review/...", "./reports/...", "./accounts/...", "./audit/...", "./migrations/...", "./database/...", "./demo/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, ": ")
		for _, dep := range strings.Fields(deps) {
			if dep == "github.com/gin-gonic/gin" || dep == "github.com/haven-project/haven/server" {
				t.Errorf("%s depends on %s; move HTTP concerns into server/", pkg, dep)
			}
		}
	}
}
