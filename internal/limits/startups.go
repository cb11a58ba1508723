package limits

// Startups is OpenSSH's MaxStartups (sshd_config(5)): with Start or more
// connections still in their handshake, a new one is refused with
// probability Rate percent, rising linearly to 100% at Full. Random early
// drop keeps some room for real readers during a flood, where a hard cap
// would refuse everyone alike.
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
