//go:build !linux

package reports

import "time"

// threadCPU is not measured here: only Linux tells a thread's CPU time.
func threadCPU() (time.Duration, bool) { return 0, false }
