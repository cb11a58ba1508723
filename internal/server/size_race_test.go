//go:build race

package server

// Sizes of the heavier session tests under the race detector.
const (
	leakRounds     = 3
	leakReaders    = 30
	endingReaders  = 4 // of each ending
	stalledReaders = 2
)

// heapNoise is how much the live heap may differ between two settled
// rounds of the leak tests without a leak: under the race detector, it
// was seen anywhere from -400 KB to +750 KB on a 2.2 MB heap (after round
// 1 of 30 readers, each of whom would leave about 1 MB if leaked).
const heapNoise = 1 << 20

// raceBuild reports a build with the race detector.
const raceBuild = true
