package limits

import (
	"fmt"
	"strconv"
	"strings"
)

// Startups is OpenSSH's MaxStartups (sshd_config(5)): with Start or more
// connections still in their handshake, a new one is refused with
// probability Rate percent, rising linearly to 100% at Full. Random early
// drop keeps some room for real readers during a flood, where a hard cap
// would refuse everyone alike. As a flag.Value it reads and writes
// sshd_config's syntax.
type Startups struct {
	Start, Rate, Full int
}

// drop reports whether a new connection is refused while n others are in
// their handshake; roll returns a uniform integer in [0, 100). It is
// OpenSSH's should_drop_connection.
func (s Startups) drop(n int, roll func() int) bool {
	switch {
	case n < s.Start:
		return false
	case n >= s.Full, s.Rate >= 100:
		return true
	}
	p := s.Rate + (100-s.Rate)*(n-s.Start)/(s.Full-s.Start)
	return roll() < p
}

// String formats s as start:rate:full.
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
