package server

import (
	"testing"
	"time"
)

// TestUpdateGatePacesNotices: a reader's first change notice waits only
// its spread, changes arriving faster than updateGap are passed as one
// when the gap ends, and a change after a quiet spell waits its spread
// again.
func TestUpdateGatePacesNotices(t *testing.T) {
	var g updateGate
	t0 := time.Now()
	const spread = 30 * time.Millisecond
	if w := g.wait(t0, spread); w != spread {
		t.Fatalf("first change waits %v, want its spread %v", w, spread)
	}
	g.offer(t0, spread)
	if g.due() == nil {
		t.Fatal("no notice due after a change")
	}
	// More changes before the notice is passed: still one notice.
	timer := g.timer
	g.offer(t0.Add(10*time.Millisecond), spread)
	if g.timer != timer {
		t.Error("a second change re-armed the pending notice")
	}
	sent := t0.Add(spread)
	g.flush(sent)
	if g.due() != nil {
		t.Error("a notice is still due after the flush")
	}
	// A change 100 ms later waits for the gap to end.
	if w := g.wait(sent.Add(100*time.Millisecond), spread); w != updateGap-100*time.Millisecond {
		t.Errorf("change within the gap waits %v, want %v", w, updateGap-100*time.Millisecond)
	}
	// A change well after the gap waits its spread only.
	if w := g.wait(sent.Add(3*updateGap), spread); w != spread {
		t.Errorf("change after a quiet spell waits %v, want %v", w, spread)
	}
	// Nothing is due until the next change; then a notice is.
	if g.due() != nil {
		t.Error("a notice is due with no change since the last")
	}
	g.offer(sent.Add(3*updateGap), spread)
	if g.due() == nil {
		t.Error("no notice due after a change following the last notice")
	}
}

// TestRandomSpreadInRange: the spread is a delay in [0, updateSpread).
func TestRandomSpreadInRange(t *testing.T) {
	for range 1000 {
		if d := randomSpread(); d < 0 || d >= updateSpread {
			t.Fatalf("spread %v outside [0, %v)", d, updateSpread)
		}
	}
}
