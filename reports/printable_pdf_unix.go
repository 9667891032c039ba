//go:build unix

package reports

import (
	"os/exec"
	"syscall"
)

// killGroup makes a cancelled print kill Chromium's whole process group:
// it starts helper processes that would outlive their parent.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
