//go:build !race

package server

// Sizes of the heavier session tests; the race detector makes every
// session several times slower and bigger, so race builds use fewer.
const (
	leakRounds     = 3
	leakReaders    = 100
	endingReaders  = 10 // of each ending
	stalledReaders = 2  // one stalls its channel, one its socket
)

// heapNoise is how much the live heap may differ between two settled
// rounds of the leak tests without a leak: within the 5% they allow
// anyway without the race detector (see size_race_test.go).
const heapNoise = 0

// raceBuild reports a build with the race detector.
const raceBuild = false
