package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/procstat"
)

// pidList is a --pids flag: processes whose CPU time a run divides among
// its sessions (the server, and a load balancer in front of it).
type pidList []int

func (p *pidList) String() string {
	s := make([]string, len(*p))
	for i, pid := range *p {
		s[i] = strconv.Itoa(pid)
	}
	return strings.Join(s, ",")
}

func (p *pidList) Set(v string) error {
	for _, f := range strings.Split(v, ",") {
		pid, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || pid <= 0 {
			return fmt.Errorf("%q is not a process id", f)
		}
		*p = append(*p, pid)
	}
	return nil
}

// cpuMeter reads the CPU time of processes before and after a run.
type cpuMeter struct {
	pids   []int
	start  time.Time
	before []time.Duration
}

func startCPU(pids []int) (*cpuMeter, error) {
	m := &cpuMeter{pids: pids, start: time.Now()}
	for _, pid := range pids {
		c, err := procstat.CPU(pid)
		if err != nil {
			return nil, fmt.Errorf("CPU time of %d: %w", pid, err)
		}
		m.before = append(m.before, c)
	}
	return m, nil
}

// line is the run's sessions per second and each process's CPU time per
// session, for n sessions.
func (m *cpuMeter) line(n int) (string, error) {
	wall := time.Since(m.start)
	var b strings.Builder
	fmt.Fprintf(&b, "sessions/s=%.1f", float64(n)/wall.Seconds())
	for i, pid := range m.pids {
		c, err := procstat.CPU(pid)
		if err != nil {
			return "", fmt.Errorf("CPU time of %d: %w", pid, err)
		}
		fmt.Fprintf(&b, " cpu/session[%d]=%.2fms", pid, float64(c-m.before[i])/float64(time.Millisecond)/float64(n))
	}
	return b.String(), nil
}
