package main

import (
	"log/slog"
	"math"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// setMemoryLimit sets Go's soft memory limit to 90% of the container's
// memory limit (its cgroup's, as Kubernetes sets from the Deployment's
// resources.limits.memory), unless GOMEMLIMIT sets it or AUTOMEMLIMIT
// gives another ratio or "off". Without it the collector lets the heap
// grow to about twice what is live between collections, whatever the
// container allows: a blog of 50,000 posts, 130 MiB live after its load,
// peaked at 300-400 MiB of RSS depending on when the collector ran. With
// it the collector runs more often as the heap nears the limit instead
// of the container being killed. provider says what the limit is
// (memlimit.FromCgroup; another in tests).
func setMemoryLimit(log *slog.Logger, provider memlimit.Provider) {
	limit, err := memlimit.Set(memlimit.WithRatio(0.9), memlimit.WithProvider(provider))
	switch {
	case err != nil:
		log.Info("no memory limit from the container: Go's collector alone", "err", err)
	case limit < math.MaxInt64:
		log.Info("memory limit", "GOMEMLIMIT", limit)
	}
}
