//go:build !linux

package render

import "time"

// threadCPU is not known here: timeStep measures wall-clock time.
func threadCPU() (time.Duration, bool) { return 0, false }
