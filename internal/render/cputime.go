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
	c := startWork()
	defer c.stop()
	f()
	return c.elapsed()
}

// workClock reads the work time of the goroutine that started it: the
// CPU time of its thread, to which the goroutine is locked until stop,
// where the system tells it (Linux), else wall-clock time. A deadline
// read from it expires after work done, not after time on a busy
// machine, so what a render draws does not depend on the load.
type workClock struct {
	cpu   bool
	start time.Duration
	wall  time.Time
}

// startWork locks the calling goroutine to its thread and starts a
// workClock; the caller calls stop when done.
func startWork() workClock {
	runtime.LockOSThread()
	c := workClock{wall: time.Now()}
	c.start, c.cpu = threadCPU()
	return c
}

// elapsed is the work time since startWork.
func (c workClock) elapsed() time.Duration {
	if c.cpu {
		if t, ok := threadCPU(); ok && t >= c.start {
			return t - c.start
		}
	}
	return time.Since(c.wall)
}

// stop unlocks the goroutine from its thread.
func (c workClock) stop() { runtime.UnlockOSThread() }
