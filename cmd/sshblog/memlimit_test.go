package main

import (
	"io"
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"testing"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// The memory limit is 90% of the container's; GOMEMLIMIT, when set, wins;
// without a container limit Go's collector runs as it would alone.
func TestMemoryLimitFromContainer(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("AUTOMEMLIMIT", "") // restored at the end
	os.Unsetenv("AUTOMEMLIMIT")
	setMemoryLimit(log, memlimit.Limit(1000<<20))
	if got := debug.SetMemoryLimit(-1); got != 900<<20 {
		t.Errorf("limit %d with a container of 1000 MiB, want %d", got, 900<<20)
	}
	setMemoryLimit(log, func() (uint64, error) { return 0, memlimit.ErrNoLimit })
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d without a container limit", got)
	}
	debug.SetMemoryLimit(300 << 20) // as Go sets it from GOMEMLIMIT at start
	t.Setenv("GOMEMLIMIT", "300MiB")
	setMemoryLimit(log, memlimit.Limit(1000<<20))
	if got := debug.SetMemoryLimit(-1); got != 300<<20 {
		t.Errorf("limit %d with GOMEMLIMIT=300MiB", got)
	}
}
