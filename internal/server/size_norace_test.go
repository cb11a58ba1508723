//go:build !race

package server

// Sizes of the heavier session tests; the race detector makes every
// session several times slower and bigger, so race builds use fewer.
const (
	leakRounds     = 3
	leakReaders    = 100
	endingReaders  = 10 // of each ending
	stalledReaders = 4
)

// raceBuild reports a build with the race detector.
const raceBuild = false
