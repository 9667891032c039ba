// Package frontend holds Haven's web UI: HTML pages, one stylesheet and
// small scripts, embedded in the binary so Haven needs no CDN or build step.
//
// Every page shares one layout (layout.html: head, header and navigation,
// footer). A page file defines its "title", its "content", the "script" it
// loads from /static, and — for pages behind login — the "nav" entry it
// belongs to, which also gives it the navigation bar.
package frontend

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"
)

//go:embed layout.html pages/*.html static
var files embed.FS

// NavItem is one entry of the navigation bar.
type NavItem struct {
	Key, Href, Label, TestID string
	AdminOnly                bool // shown by the page script to admins only
}

// Nav is the navigation bar of every signed-in page, in order.
var Nav = []NavItem{
	{Key: "home", Href: "/", Label: "Home"},
	{Key: "directory", Href: "/directory", Label: "Directory", TestID: "nav-directory"},
	{Key: "surveys", Href: "/surveys", Label: "Surveys", TestID: "nav-surveys"},
	{Key: "drafts", Href: "/drafts", Label: "Drafts", TestID: "nav-drafts"},
	{Key: "feedback", Href: "/feedback", Label: "Feedback tests", TestID: "nav-feedback"},
	{Key: "reports", Href: "/reports", Label: "Gap map", TestID: "nav-gapmap"},
	{Key: "account", Href: "/account", Label: "Account"},
	{Key: "users", Href: "/admin/users", Label: "Users", TestID: "nav-users", AdminOnly: true},
	{Key: "regions", Href: "/admin/regions", Label: "Regions", TestID: "nav-regions", AdminOnly: true},
	{Key: "audit", Href: "/admin/audit", Label: "Audit log", TestID: "nav-audit", AdminOnly: true},
}

// Static returns the files served under /static/.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

var (
	renderOnce sync.Once
	rendered   map[string][]byte
	renderErr  error
)

// Page returns the HTML of a page by name ("login", "home", …). Pages are
// rendered once: they hold no per-request data.
func Page(name string) ([]byte, error) {
	renderOnce.Do(func() { rendered, renderErr = renderAll() })
	if renderErr != nil {
		return nil, renderErr
	}
	html, ok := rendered[name]
	if !ok {
		return nil, fmt.Errorf("no page named %q", name)
	}
	return html, nil
}

func renderAll() (map[string][]byte, error) {
	names, err := fs.Glob(files, "pages/*.html")
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(names))
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "pages/"), ".html")
		if isOutputTemplate(name) {
			continue // rendered with a draft's data by RenderDraft
		}
		html, err := render(path)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		out[name] = html
	}
	return out, nil
}

func render(path string) ([]byte, error) {
	t, err := template.ParseFS(files, "layout.html", path)
	if err != nil {
		return nil, err
	}
	data := struct {
		Script, Nav string
		Items       []NavItem
	}{Items: Nav}
	if data.Script, err = text(t, "script"); err != nil {
		return nil, err
	}
	if data.Nav, err = text(t, "nav"); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// text renders a page's small named template to a string, "" when absent.
func text(t *template.Template, name string) (string, error) {
	if t.Lookup(name) == nil {
		return "", nil
	}
	var b strings.Builder
	err := t.ExecuteTemplate(&b, name, nil)
	return strings.TrimSpace(b.String()), err
}
