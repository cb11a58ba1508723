//go:build race

package server

// Sizes of the heavier session tests under the race detector.
const (
	leakRounds     = 3
	leakReaders    = 30
	endingReaders  = 4 // of each ending
	stalledReaders = 2
)

// raceBuild reports a build with the race detector.
const raceBuild = true
