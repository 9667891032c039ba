//go:build !unix

package reports

import "os/exec"

// killGroup leaves the default: killing Chromium's main process on cancel.
func killGroup(*exec.Cmd) {}
