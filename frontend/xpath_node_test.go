package frontend

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestXPathPortConformance runs static/xpath.test.mjs with Node: the web
// form's JavaScript port of surveys/xpath must give the result of every
// shared conformance vector. Without node the test skips loudly, except
// under CI=true, where it must run.
func TestXPathPortConformance(t *testing.T) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node not found: under CI=true the JavaScript conformance test must run; install Node.js 20 or newer")
		}
		t.Skip("XPATH.JS CONFORMANCE NOT RUN: install Node.js 20 or newer (node) to check the web form's rules against the server's")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nodeBin, "--test", filepath.Join("static", "xpath.test.mjs"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test static/xpath.test.mjs failed: %v\n%s", err, failures(string(out)))
	}
	if !strings.Contains(string(out), "# fail 0") {
		t.Fatalf("node --test gave no clean summary:\n%s", out)
	}
}

// failures keeps the lines about failed tests, or all of out when none is found.
func failures(out string) string {
	var keep []string
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "not ok") {
			keep = append(keep, lines[i:min(i+12, len(lines))]...)
		}
	}
	if len(keep) == 0 {
		return out
	}
	return strings.Join(keep, "\n")
}

// The survey form is a page like the others: whole, and without inline
// script or style.
func TestSurveyFormPageRenders(t *testing.T) {
	html, err := Page("survey-form")
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	if !strings.Contains(s, `src="/static/survey-form.js"`) || !strings.Contains(s, `id="survey-form"`) {
		t.Error("the survey form page does not load its script or lacks its form")
	}
	if strings.Contains(s, "<script>") || strings.Contains(s, "style=") || strings.Contains(s, "onclick") {
		t.Error("inline script or style: the Content-Security-Policy forbids them")
	}
}
