package server

import (
	"testing"
	"time"

	"charm.land/ssh"
)

// A window being dragged (or a hostile client's resize storm) reaches the
// reader's program at most every resizeEvery, and the program always ends
// at the last size the client sent.
func TestWindowChangesAreCoalesced(t *testing.T) {
	g := sizeGate{last: ssh.Window{Width: 80, Height: 24}}
	t0 := time.Now()
	if _, ok := g.offer(ssh.Window{Width: 80, Height: 24}, t0); ok {
		t.Fatal("the size the program has was passed again")
	}
	if w, ok := g.offer(ssh.Window{Width: 81, Height: 24}, t0); !ok || w.Width != 81 {
		t.Fatalf("the first resize was held: %v %v", w, ok)
	}
	passed := 0
	for i := range 1000 { // a storm within one interval
		if _, ok := g.offer(ssh.Window{Width: 60 + i%40, Height: 24}, t0.Add(time.Duration(i)*time.Microsecond)); ok {
			passed++
		}
	}
	final := ssh.Window{Width: 120, Height: 40}
	if _, ok := g.offer(final, t0.Add(2*time.Millisecond)); ok {
		passed++
	}
	if passed != 0 {
		t.Errorf("%d sizes of a storm were passed within one interval", passed)
	}
	if g.due() == nil {
		t.Fatal("a held size has no timer to pass it")
	}
	<-g.due()
	w, ok := g.flush(time.Now())
	if !ok || w != final {
		t.Errorf("after the storm the program got %v (%v), want the last size %v", w, ok, final)
	}
	if g.due() != nil {
		t.Error("a timer is left with nothing held")
	}
	// Back to the size held before the flush: nothing to redraw.
	if _, ok := g.offer(final, time.Now().Add(time.Second)); ok {
		t.Error("the size the program has was passed again after a flush")
	}
}

// A storm that ends where it began passes nothing at the end.
func TestStormBackToTheSameSizeRedrawsNothing(t *testing.T) {
	start := ssh.Window{Width: 80, Height: 24}
	g := sizeGate{last: start}
	t0 := time.Now()
	g.offer(ssh.Window{Width: 79, Height: 24}, t0) // passed at once
	g.offer(ssh.Window{Width: 78, Height: 24}, t0) // held
	g.offer(ssh.Window{Width: 79, Height: 24}, t0) // replaces it: the size the program has
	<-g.due()
	if w, ok := g.flush(time.Now()); ok {
		t.Errorf("passed %v, the size the program already has", w)
	}
}
