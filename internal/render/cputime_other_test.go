//go:build !linux

package render

import "time"

// processCPU is not known here: BenchmarkHostile reports no CPU time.
func processCPU() (time.Duration, bool) { return 0, false }
