package reports

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used, and true; the
// caller locks its goroutine to the thread. Beside the wall time of a step
// it tells the work done from the time spent waiting for a processor,
// which on a shared machine is most of a slow step.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
