package limits

import (
	"fmt"
	"net/netip"
	"testing"
	"time"
)

// clock is a settable time for the token buckets.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

// v4 returns the n-th address of 10.0.0.0/8.
func v4(n int) netip.Addr { return netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)}) }

func TestStartupsDrop(t *testing.T) {
	s := Startups{Start: 10, Rate: 30, Full: 100}
	for _, tt := range []struct {
		n, roll int
		want    bool
	}{
		{9, 0, false},   // below start: never
		{10, 29, true},  // at start: rate%
		{10, 30, false}, //
		{55, 64, true},  // halfway: 30 + 70/2 = 65%
		{55, 65, false},
		{99, 98, true}, // 30 + 70*89/90 = 99%
		{99, 99, false},
		{100, 99, true}, // full: always
		{5000, 99, true},
	} {
		if got := s.drop(tt.n, func() int { return tt.roll }); got != tt.want {
			t.Errorf("%v.drop(n=%d, roll=%d) = %v, want %v", s, tt.n, tt.roll, got, tt.want)
		}
	}
	hard := Startups{Start: 5, Rate: 100, Full: 5}
	if hard.drop(4, func() int { return 0 }) || !hard.drop(5, func() int { return 99 }) {
		t.Error("a single-number MaxStartups is a hard limit")
	}
}

// At start, Rate% of new connections are refused, and the connections
// admitted do not raise the count while others finish.
func TestGateRandomEarlyDrop(t *testing.T) {
	roll := 0
	g := newGate(Policy{MaxConns: 10000, Startups: Startups{Start: 10, Rate: 30, Full: 20}}, time.Now, func() int {
		roll = (roll + 1) % 100
		return roll
	})
	for i := range 10 { // below start: all in
		if _, why := g.Admit(v4(i)); why != "" {
			t.Fatalf("connection %d refused below start: %s", i, why)
		}
	}
	refused := 0
	for i := range 100 { // each admitted one finishes at once: 10 stay unfinished
		tk, why := g.Admit(v4(100 + i))
		switch why {
		case "":
			tk.Close()
		case StartupsDropped:
			refused++
		default:
			t.Fatalf("refused for %s", why)
		}
	}
	if refused != 30 {
		t.Errorf("%d of 100 refused with 10 handshakes unfinished at 10:30:20, want 30", refused)
	}
}

func TestGatePerSourceStartups(t *testing.T) {
	g := newGate(Policy{MaxConns: 10000, Startups: Startups{Start: 100, Rate: 30, Full: 400}, PerSourceStartups: 64}, time.Now, func() int { return 0 })
	var flood []*Ticket
	for i := range 1100 {
		tk, why := g.Admit(addr("127.0.0.1"))
		if i < 64 && why != "" {
			t.Fatalf("connection %d from one address refused: %s", i, why)
		}
		if i >= 64 && why != SourceStartups {
			t.Fatalf("connection %d from one address: reason %q, want %q", i, why, SourceStartups)
		}
		if tk != nil {
			flood = append(flood, tk)
		}
	}
	// Another address is below start: never dropped.
	other, why := g.Admit(addr("127.0.0.2"))
	if why != "" {
		t.Fatalf("127.0.0.2 refused during a flood from 127.0.0.1: %s", why)
	}
	// A flooding connection that authenticates frees its handshake slot.
	flood[0].Authenticated()
	tk, why := g.Admit(addr("127.0.0.1"))
	if why != "" {
		t.Fatalf("slot not freed by authentication: %s", why)
	}
	flood = append(flood, tk)
	for _, tk := range flood {
		tk.Close()
		tk.Close() // twice: counted once
	}
	other.Authenticated()
	if s := g.Stats(); s.Conns != 1 || s.Startups != 0 || s.Sources != 0 {
		t.Errorf("after the flood closed: %+v, want 1 connection (127.0.0.2), no handshakes, no per-source entries", s)
	}
	other.Close()
	other.Authenticated() // after close: nothing
	if s := g.Stats(); s.Conns != 0 || s.Startups != 0 {
		t.Errorf("all closed: %+v", s)
	}
}

func TestGateMaxConns(t *testing.T) {
	g := newGate(Policy{MaxConns: 3, Startups: Startups{Start: 100, Rate: 30, Full: 400}}, time.Now, func() int { return 0 })
	for i := range 3 {
		tk, why := g.Admit(v4(i))
		if why != "" {
			t.Fatal(why)
		}
		tk.Authenticated() // authenticated connections still hold descriptors
	}
	if _, why := g.Admit(v4(9)); why != TooManyConns {
		t.Errorf("4th of 3 connections: %q, want %q", why, TooManyConns)
	}
}

func TestGateRate(t *testing.T) {
	c := &clock{t: time.Unix(1e9, 0)}
	g := newGate(Policy{MaxConns: 10000, Startups: Startups{Start: 100, Rate: 30, Full: 400}, Rate: 2, Burst: 5, MaxSources: 100}, c.now, func() int { return 0 })
	open := func(a string) Reason {
		tk, why := g.Admit(addr(a))
		if tk != nil {
			tk.Close()
		}
		return why
	}
	for i := range 5 {
		if why := open("192.0.2.1"); why != "" {
			t.Fatalf("connection %d of a burst of 5 refused: %s", i, why)
		}
	}
	if why := open("192.0.2.1"); why != SourceRate {
		t.Fatalf("6th connection at once: %q, want %q", why, SourceRate)
	}
	if why := open("192.0.2.2"); why != "" {
		t.Errorf("another address refused: %s", why)
	}
	c.advance(500 * time.Millisecond) // one token at 2/s
	if why := open("192.0.2.1"); why != "" {
		t.Errorf("after half a second at 2/s: %s", why)
	}
	if why := open("192.0.2.1"); why != SourceRate {
		t.Errorf("second connection after half a second: %q, want %q", why, SourceRate)
	}
}

// Many addresses cannot grow the rate limiter's table past its bound, and
// buckets that have filled up again are dropped.
func TestGateSourcesBounded(t *testing.T) {
	c := &clock{t: time.Unix(1e9, 0)}
	g := newGate(Policy{MaxConns: 1 << 30, Startups: Startups{Start: 1 << 30, Rate: 30, Full: 1 << 30}, PerSourceStartups: 1, Rate: 10, Burst: 20, MaxSources: 1000}, c.now, func() int { return 0 })
	for i := range 100_000 {
		tk, why := g.Admit(v4(i))
		if why != "" {
			t.Fatalf("address %d refused: %s", i, why)
		}
		tk.Close()
	}
	if s := g.Stats(); s.Buckets > 1000 || s.Sources != 0 {
		t.Fatalf("after 100,000 addresses: %+v, want at most 1000 buckets and no per-source handshake entries", s)
	}
	c.advance(2 * time.Second) // 20 tokens at 10/s: every bucket full again
	for range 600 {
		tk, _ := g.Admit(addr("192.0.2.1"))
		tk.Close()
		c.advance(100 * time.Millisecond) // keep 192.0.2.1 in tokens
	}
	if s := g.Stats(); s.Buckets > 2 {
		t.Errorf("idle full buckets kept: %+v", s)
	}
}

func TestSourceOf(t *testing.T) {
	same := [][2]string{
		{"2001:db8::1", "2001:db8::ffff:1"},     // one /64
		{"::ffff:192.0.2.1", "192.0.2.1"},       // v4-mapped
		{"2001:db8:0:0:1:2:3:4", "2001:db8::9"}, // one /64
	}
	for _, p := range same {
		if SourceOf(addr(p[0])) != SourceOf(addr(p[1])) {
			t.Errorf("%s and %s counted apart", p[0], p[1])
		}
	}
	differ := [][2]string{{"2001:db8::1", "2001:db8:0:1::1"}, {"192.0.2.1", "192.0.2.2"}}
	for _, p := range differ {
		if SourceOf(addr(p[0])) == SourceOf(addr(p[1])) {
			t.Errorf("%s and %s counted together", p[0], p[1])
		}
	}
	if got := SourceOf(addr("2001:db8::1")).String(); got != "2001:db8::/64" {
		t.Errorf("IPv6 source logged as %q", got)
	}
	if got := fmt.Sprint(SourceOf(addr("192.0.2.1"))); got != "192.0.2.1" {
		t.Errorf("IPv4 source logged as %q", got)
	}
}

// Sessions are counted per source (an IPv6 /64 is one), and an ended
// session frees its source's slot once, however often it is ended.
func TestSessionsPerSource(t *testing.T) {
	s := NewSessions(2)
	a := s.Open(addr("2001:db8::1"))
	b := s.Open(addr("2001:db8::ffff:2"))
	if a == nil || b == nil {
		t.Fatal("first two sessions of a /64 refused")
	}
	if s.Open(addr("2001:db8::3")) != nil {
		t.Fatal("third session of one /64 admitted with a limit of 2")
	}
	other := s.Open(addr("2001:db8:0:1::1"))
	if other == nil {
		t.Fatal("another /64 refused")
	}
	a()
	a() // twice: counted once
	c := s.Open(addr("2001:db8::4"))
	if c == nil {
		t.Fatal("no slot after a session ended")
	}
	if s.Open(addr("2001:db8::5")) != nil {
		t.Fatal("an ended session counted twice")
	}
	b()
	c()
	other()
	if n := s.Len(); n != 0 {
		t.Errorf("%d sources kept with no session running", n)
	}
	unlimited := NewSessions(0)
	for i := range 10_000 {
		if unlimited.Open(addr("192.0.2.1")) == nil {
			t.Fatalf("session %d refused with no limit", i)
		}
	}
}

// Authenticated connections still count against their source's share of
// connections until they close; other sources are not affected.
func TestGatePerSourceConns(t *testing.T) {
	g := newGate(Policy{MaxConns: 100, Startups: Startups{Start: 100, Rate: 30, Full: 400}, PerSourceConns: 3, PerSourceStartups: 2}, time.Now, func() int { return 0 })
	var held []*Ticket
	for i := range 3 {
		tk, why := g.Admit(addr("2001:db8::1"))
		if why != "" {
			t.Fatalf("connection %d refused: %s", i, why)
		}
		tk.Authenticated() // frees its handshake slot, not its connection slot
		held = append(held, tk)
	}
	if _, why := g.Admit(addr("2001:db8::2")); why != SourceConns {
		t.Fatalf("4th connection of one /64 with 3 allowed: %q, want %q", why, SourceConns)
	}
	other, why := g.Admit(addr("192.0.2.1"))
	if why != "" {
		t.Fatalf("another source refused: %s", why)
	}
	held[0].Close()
	held[0].Close() // twice: counted once
	tk, why := g.Admit(addr("2001:db8::3"))
	if why != "" {
		t.Fatalf("no slot after a connection closed: %s", why)
	}
	if _, why := g.Admit(addr("2001:db8::4")); why != SourceConns {
		t.Fatalf("a closed connection counted twice: %q", why)
	}
	for _, tk := range append(held[1:], tk, other) {
		tk.Close()
	}
	if s := g.Stats(); s.Conns != 0 || s.ConnSources != 0 {
		t.Errorf("all closed: %+v", s)
	}
}

// --max-startups is read as sshd_config(5) reads MaxStartups.
func TestStartupsParse(t *testing.T) {
	for in, want := range map[string]Startups{
		"100:30:400": {100, 30, 400},
		"10:100:10":  {10, 100, 10},
		"50":         {50, 100, 50}, // one number: a hard limit
	} {
		var s Startups
		if err := s.Set(in); err != nil || s != want {
			t.Errorf("Set(%q) = %+v, %v; want %+v", in, s, err, want)
		}
		if in != "50" && s.String() != in {
			t.Errorf("String() = %q, want %q", s.String(), in)
		}
	}
	for _, in := range []string{"", "10:30", "a:b:c", "0:30:100", "10:0:100", "10:101:100", "100:30:10", "10:30:100:5"} {
		var s Startups
		if err := s.Set(in); err == nil {
			t.Errorf("Set(%q) accepted: %+v", in, s)
		}
	}
}
