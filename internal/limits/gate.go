// Package limits decides which new connections the server admits, so that
// clients that never finish a handshake, or open connections as fast as
// they can, cannot lock other readers out; and how many sessions one
// source may run (Sessions), so that one address cannot take them all.
//
// Every connection is counted under its source (see SourceOf) from
// admission until it closes, and as a handshake until it authenticates.
// The gate refuses a new connection when the server already holds its
// maximum of connections, when its source already holds its share of them
// (PerSourceConns) or of unfinished handshakes (PerSourceStartups), when
// its source's token bucket is empty (Rate, Burst), or by random early drop
// when many handshakes are unfinished overall (Startups). Per-source state
// is bounded: open connections by MaxConns, token buckets by MaxSources.
//
// The gate takes the client address it is given: today the TCP peer; with
// the PROXY protocol (a load balancer in front), the address from the
// header, so that the balancer's own address is not the one limited.
package limits

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"
)

// Policy is what the gate allows.
type Policy struct {
	// MaxConns bounds open connections of any kind (file descriptors).
	MaxConns int
	// Startups bounds unfinished handshakes overall, by random early drop.
	Startups Startups
	// PerSourceConns bounds open connections per source; 0: none.
	PerSourceConns int
	// PerSourceStartups bounds unfinished handshakes per source; 0: none.
	PerSourceStartups int
	// Rate is new connections per second per source, after Burst at once;
	// 0: no rate limit.
	Rate  float64
	Burst int
	// MaxSources bounds the sources the rate limiter remembers.
	MaxSources int
}

// Reason says why a connection was refused.
type Reason string

// The reasons, as written in logs.
const (
	TooManyConns    Reason = "too many connections"
	SourceConns     Reason = "too many connections from this address"
	SourceStartups  Reason = "too many handshakes from this address"
	SourceRate      Reason = "connection rate from this address"
	StartupsDropped Reason = "too many handshakes (random early drop)"
)

// Gate admits connections. It is safe for concurrent use.
type Gate struct {
	policy Policy
	now    func() time.Time
	roll   func() int // uniform in [0, 100)

	mu          sync.Mutex
	conns       int
	startups    int            // unfinished handshakes
	perSource   map[Source]int // unfinished handshakes by source; no zero entries
	sourceConns map[Source]int // open connections by source; no zero entries
	buckets     *buckets
}

// NewGate returns a gate with the policy p.
func NewGate(p Policy) *Gate {
	return newGate(p, time.Now, func() int { return rand.IntN(100) })
}

// newGate is NewGate with the clock and the dice given, for tests.
func newGate(p Policy, now func() time.Time, roll func() int) *Gate {
	return &Gate{
		policy:      p,
		now:         now,
		roll:        roll,
		perSource:   map[Source]int{},
		sourceConns: map[Source]int{},
		buckets:     newBuckets(p.Rate, p.Burst, p.MaxSources),
	}
}

// Admit decides on a new connection from addr. Admitted, it returns a
// ticket that counts the connection as unfinished until Authenticated and
// as open until Close; refused, it returns the reason and a nil ticket.
func (g *Gate) Admit(addr netip.Addr) (*Ticket, Reason) {
	src := SourceOf(addr)
	g.mu.Lock()
	defer g.mu.Unlock()
	// The cheap checks that do not spend the source's tokens come first:
	// a source refused for its handshakes keeps its rate for later.
	switch {
	case g.conns >= g.policy.MaxConns:
		return nil, TooManyConns
	case g.policy.PerSourceConns > 0 && g.sourceConns[src] >= g.policy.PerSourceConns:
		return nil, SourceConns
	case g.policy.PerSourceStartups > 0 && g.perSource[src] >= g.policy.PerSourceStartups:
		return nil, SourceStartups
	case !g.buckets.allow(src, g.now()):
		return nil, SourceRate
	case g.policy.Startups.drop(g.startups, g.roll):
		return nil, StartupsDropped
	}
	g.conns++
	g.sourceConns[src]++
	g.startups++
	g.perSource[src]++
	return &Ticket{g: g, src: src}, ""
}

// Stats is a snapshot of what the gate counts: Sources have unfinished
// handshakes, ConnSources open connections.
type Stats struct {
	Conns, Startups, Sources, ConnSources, Buckets int
}

// Stats returns the gate's counts now.
func (g *Gate) Stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	return Stats{Conns: g.conns, Startups: g.startups, Sources: len(g.perSource), ConnSources: len(g.sourceConns), Buckets: g.buckets.len()}
}

// Ticket is one admitted connection.
type Ticket struct {
	g      *Gate
	src    Source
	authed bool
	closed bool
}

// Authenticated ends the connection's handshake: it no longer counts
// against the handshake limits. Later calls do nothing.
func (t *Ticket) Authenticated() {
	t.g.mu.Lock()
	defer t.g.mu.Unlock()
	if !t.authed && !t.closed {
		t.authed = true
		t.g.endStartup(t.src)
	}
}

// Close releases the connection. Later calls do nothing.
func (t *Ticket) Close() {
	t.g.mu.Lock()
	defer t.g.mu.Unlock()
	if t.closed {
		return
	}
	t.closed = true
	t.g.conns--
	if t.g.sourceConns[t.src]--; t.g.sourceConns[t.src] <= 0 {
		delete(t.g.sourceConns, t.src)
	}
	if !t.authed {
		t.g.endStartup(t.src)
	}
}

func (g *Gate) endStartup(src Source) {
	g.startups--
	if g.perSource[src]--; g.perSource[src] <= 0 {
		delete(g.perSource, src)
	}
}
