package render

import (
	"runtime"
	"time"
)

// timeStep runs f and returns the time it took: the CPU time of the
// thread it ran on where the system tells it (Linux), else wall-clock
// time. A render's budget is work done, so a loaded machine (many
// readers, the race detector, a busy neighbour) does not turn an
// ordinary post's render into a plain-text fallback.
func timeStep(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0, ok := threadCPU()
	wall0 := time.Now()
	f()
	if ok {
		if cpu1, ok := threadCPU(); ok && cpu1 >= cpu0 {
			return cpu1 - cpu0
		}
	}
	return time.Since(wall0)
}
