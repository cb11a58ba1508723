//go:build race

package render

// raceEnabled: see typography_norace_test.go.
const raceEnabled = true
