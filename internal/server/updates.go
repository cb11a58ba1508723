package server

import (
	"math/rand/v2"
	"time"
)

// updateGap is the shortest time between two change notices passed to one
// reader's program. Each notice redraws the reader's screen (the footer
// says the blog was updated, the list may change); a writer saving a post
// every 200 ms, or git-sync landing a burst of commits, would otherwise
// redraw every open screen at that rate. Notices in between are dropped
// and the newest snapshot is passed when the gap ends, so a reader still
// sees every change within updateGap plus the store's debounce: under a
// second.
const updateGap = 500 * time.Millisecond

// updateSpread is the most the first notice after a quiet spell waits,
// a random time for each session: a change reaches every open session at
// the same instant, and 200 readers redrawing at once make a newcomer's
// first screen wait behind 200 frames (the soak of issue 6 item 7: open
// latency p95 27 ms with the content still, 65-150 ms with a post
// rewritten every 200 ms). Spread over 100 ms, the redraws take turns with
// the newcomer. (Soaked before and after, the app's pooled p95 went from
// 73 to 45 ms, but the floor's moved more between the two runs: the gain
// is not told apart from the machine's noise; BENCHMARKS.md.)
const updateSpread = 100 * time.Millisecond

// updateGate paces one session's change notices: the first after a quiet
// spell after a random delay of up to updateSpread, the next ones at most
// every updateGap, coalesced. A notice is held while its timer runs.
// Used by one goroutine.
type updateGate struct {
	sent  time.Time // when the last notice was passed
	timer *time.Timer
}

// offer takes a change arriving at now; spread is the random delay of a
// first notice (see updateSpread). The notice is passed when due fires.
func (g *updateGate) offer(now time.Time, spread time.Duration) {
	if g.timer != nil {
		return // a notice is already due: it will carry this change too
	}
	g.timer = time.NewTimer(g.wait(now, spread))
}

// wait is how long a change arriving at now, with no notice held, waits:
// its spread, or until updateGap after the last notice if that is later.
func (g *updateGate) wait(now time.Time, spread time.Duration) time.Duration {
	return max(spread, g.sent.Add(updateGap).Sub(now))
}

// randomSpread is a first notice's delay, in [0, updateSpread).
func randomSpread() time.Duration { return rand.N(updateSpread) }

// due is the channel that fires when a held notice may be passed; nil
// when none is held.
func (g *updateGate) due() <-chan time.Time {
	if g.timer == nil {
		return nil
	}
	return g.timer.C
}

// flush takes the held notice, to be passed now, once due has fired.
func (g *updateGate) flush(now time.Time) {
	g.timer, g.sent = nil, now
}
