package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Startups is OpenSSH's MaxStartups: with Start or more handshakes
// unfinished, a new connection is refused with probability Rate percent,
// rising linearly to 100% at Full.
type Startups struct {
	Start, Rate, Full int
}

// Admission defaults. A reader's handshake takes a few milliseconds on
// loopback and a few round trips (well under a second) on the internet, so
// unfinished handshakes number about arrivals per second times half a
// second: even a rush of 100 new readers a second stays far below Start.
// Full bounds what silent clients can hold (each unfinished handshake is a
// goroutine and some tens of KB). One address alone may hold at most
// DefaultPerSourceMaxStartups, fewer than Start, so a single flooding
// address never pushes anyone else into random drop; 64 is also the most
// sessions the load tool (cmd/sshload --parallel) opens at a time, so a
// benchmark from one address never trips it.
//
// The per-source rate is a token bucket: an address may open
// DefaultPerSourceBurst connections at once (as many as the default
// --max-sessions: a soak of 1,000 readers from one address fits, and so do
// a NAT's users arriving together), then DefaultPerSourceRate a second
// (3,000 a minute: generous for a NAT, while one address churning
// handshakes as fast as it can is held to a few percent of a core).
var DefaultStartups = Startups{Start: 100, Rate: 30, Full: 400}

const (
	DefaultPerSourceMaxStartups = 64
	DefaultPerSourceRate        = 50
	DefaultPerSourceBurst       = 1000
)

// DefaultPerSourceMaxSessions bounds the sessions of one address, so that
// no address can take every one of --max-sessions (a session at a 400x150
// window costs about 14.5 MB; keepalives hold it until the idle timeout).
// A quarter of the default --max-sessions leaves a NAT's readers room,
// and fits the load tool's soak (200 readers from 127.0.0.1 plus probes
// arriving every half second); RSS-per-session runs of 1,000 sessions
// from one address raise it (see BENCHMARKS.md).
const DefaultPerSourceMaxSessions = 256

// String formats s as start:rate:full, as --max-startups reads it.
func (s *Startups) String() string {
	return fmt.Sprintf("%d:%d:%d", s.Start, s.Rate, s.Full)
}

// Set parses "start:rate:full", or a single number N for a hard limit of N
// (every connection refused from N on), as sshd_config(5) does.
func (s *Startups) Set(v string) error {
	parts := strings.Split(v, ":")
	if len(parts) != 1 && len(parts) != 3 {
		return fmt.Errorf("want start:rate:full (like 100:30:400) or one number, not %q", v)
	}
	n := make([]int, len(parts))
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("want start:rate:full (like 100:30:400) or one number, not %q", v)
		}
		n[i] = x
	}
	got := Startups{Start: n[0], Rate: 100, Full: n[0]}
	if len(n) == 3 {
		got = Startups{Start: n[0], Rate: n[1], Full: n[2]}
	}
	switch {
	case got.Start < 1:
		return fmt.Errorf("start must be at least 1 in %q", v)
	case got.Rate < 1 || got.Rate > 100:
		return fmt.Errorf("rate must be a percentage from 1 to 100 in %q", v)
	case got.Full < got.Start:
		return fmt.Errorf("full must not be below start in %q", v)
	}
	*s = got
	return nil
}
