package main

import (
	"testing"
	"time"
)

// The key-to-output delay runs from the first key not yet answered to the
// next output: output with no key before it is not a sample, and keys
// typed while one waits do not restart the clock.
func TestKeyToOutputDelay(t *testing.T) {
	var lat latencies
	ls := &liveSession{}
	ls.lat.Store(&lat)
	sink := outputSink{ls}

	sink.Write([]byte("first screen")) // no key yet
	ls.typed()
	time.Sleep(20 * time.Millisecond)
	ls.typed() // a second key before any output
	sink.Write([]byte("frame"))
	sink.Write([]byte("rest of the frame"))

	got := lat.samples()
	if len(got) != 1 {
		t.Fatalf("samples = %v, want one (the frame after the keys)", got)
	}
	if got[0] < 20*time.Millisecond {
		t.Errorf("delay %v, want at least 20ms: from the first of the two keys", got[0])
	}
	if ls.received.Load() != int64(len("first screen")+len("frame")+len("rest of the frame")) {
		t.Errorf("received %d bytes", ls.received.Load())
	}
}
