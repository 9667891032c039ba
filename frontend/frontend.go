// Package frontend holds Haven's web UI: plain HTML pages, one stylesheet and
// small scripts, embedded in the binary so Haven needs no CDN or build step.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed pages/*.html static
var files embed.FS

// Static returns the files served under /static/.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Page returns the HTML of a page by name ("login", "home", …).
func Page(name string) ([]byte, error) {
	return files.ReadFile("pages/" + name + ".html")
}
