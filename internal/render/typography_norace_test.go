//go:build !race

package render

// raceEnabled: the race detector makes rendering about ten times slower,
// so the sample sweep takes every seventh width under it.
const raceEnabled = false
