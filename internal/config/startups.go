package config

import "github.com/sshblog/sshblog/internal/limits"

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
// --max-sessions: 1,000 sessions from one address, with its session limit
// raised, fit, and so do a NAT's users arriving together), then
// DefaultPerSourceRate a second
// (3,000 a minute: generous for a NAT, while one address churning
// handshakes as fast as it can is held to a few percent of a core).
var DefaultStartups = limits.Startups{Start: 100, Rate: 30, Full: 400}

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
