package render

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestStepTimeIsWorkDone: time a render step spends off the CPU (waiting
// for a core on a loaded machine, here sleeping) is not charged to the
// post's budget, and time spent working is.
func TestStepTimeIsWorkDone(t *testing.T) {
	if d := timeStep(func() { time.Sleep(200 * time.Millisecond) }); d > 100*time.Millisecond {
		t.Errorf("a step that slept 200 ms was charged %v", d)
	}
	// Work until the thread has used 30 ms of CPU by getrusage's count
	// (however long that takes on a loaded machine).
	busy := func() {
		used := func() time.Duration {
			var ru unix.Rusage
			if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
				t.Fatal(err)
			}
			return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		for start := used(); used()-start < 30*time.Millisecond; {
		}
	}
	if d := timeStep(busy); d < 20*time.Millisecond {
		t.Errorf("a step that worked 30 ms was charged %v", d)
	}
}

// processCPU is the CPU time the whole process has used, the garbage
// collector's workers included: what a render costs on a shared machine,
// whatever else runs there (see BenchmarkHostile).
func processCPU() (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
