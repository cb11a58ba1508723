package render

import (
	"testing"
	"time"
)

// TestStepTimeIsWorkDone: time a render step spends off the CPU (waiting
// for a core on a loaded machine, here sleeping) is not charged to the
// post's budget, and time spent working is.
func TestStepTimeIsWorkDone(t *testing.T) {
	if d := timeStep(func() { time.Sleep(200 * time.Millisecond) }); d > 100*time.Millisecond {
		t.Errorf("a step that slept 200 ms was charged %v", d)
	}
	busy := func() {
		for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		}
	}
	if d := timeStep(busy); d < 5*time.Millisecond {
		t.Errorf("a step that worked 50 ms was charged %v", d)
	}
}
