package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// crowd is a set of sessions opened concurrently against one server.
type crowd struct {
	mu       sync.Mutex
	sessions []*liveSession
	errs     []error
}

// open opens n sessions, at most parallel of them handshaking at once, and
// hands each opened one to started (if not nil) as soon as it is open.
func (c *crowd) open(o sessionOpts, n, parallel int, started func(*liveSession)) {
	var wg sync.WaitGroup
	jobs := make(chan struct{})
	for range min(parallel, n) {
		wg.Go(func() {
			for range jobs {
				ls, err := openSession(o)
				c.mu.Lock()
				if err != nil {
					c.errs = append(c.errs, err)
				} else {
					c.sessions = append(c.sessions, ls)
				}
				c.mu.Unlock()
				if err == nil && started != nil {
					started(ls)
				}
			}
		})
	}
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
}

// opened is the number of sessions open so far.
func (c *crowd) opened() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sessions)
}

// dropped counts sessions the server ended before the tool did.
func (c *crowd) dropped() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, ls := range c.sessions {
		if ls.dropped() {
			n++
		}
	}
	return n
}

// received is the output received by every session since it opened.
func (c *crowd) received() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, ls := range c.sessions {
		n += ls.received.Load()
	}
	return n
}

// closeAll closes every session cleanly, a few at a time.
func (c *crowd) closeAll() {
	c.each(func(ls *liveSession) { _ = ls.Close() })
}

func (c *crowd) each(f func(*liveSession)) {
	c.mu.Lock()
	sessions := c.sessions
	c.sessions = nil
	c.mu.Unlock()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for _, ls := range sessions {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			f(ls)
		})
	}
	wg.Wait()
}

// failures counts the open errors by stage, e.g. "handshake=3 screen=1".
func failures(errs []error) string {
	if len(errs) == 0 {
		return "none"
	}
	counts := map[string]int{}
	for _, err := range errs {
		st := stageOf(err)
		if st == "" {
			st = "other"
		}
		counts[st]++
	}
	parts := make([]string, 0, len(counts))
	for st, n := range counts {
		parts = append(parts, fmt.Sprintf("%s=%d", st, n))
	}
	sort.Strings(parts)
	if n := countTimedOut(errs); n > 0 {
		parts = append(parts, fmt.Sprintf("(%d past the deadline)", n))
	}
	return strings.Join(parts, " ")
}

// countTimedOut counts the errors that ran out of time.
func countTimedOut(errs []error) int {
	n := 0
	for _, err := range errs {
		if timedOut(err) {
			n++
		}
	}
	return n
}

// countStage counts the errors that failed at stage.
func countStage(errs []error, stage string) int {
	n := 0
	for _, err := range errs {
		if stageOf(err) == stage {
			n++
		}
	}
	return n
}

// scrollKey is the key typed i-th (from 0) by a scrolling reader: span
// downs (j), then span ups (k), and again, so the view keeps moving inside
// a post longer than span plus a screen instead of resting at an end.
func scrollKey(i, span int) byte {
	if span < 1 || (i/span)%2 == 0 {
		return 'j'
	}
	return 'k'
}

// scrollKeys are the keys of a scrolling reader (see scrollKey).
func scrollKeys(span int) func(i int) []byte {
	return func(i int) []byte { return []byte{scrollKey(i, span)} }
}

// typedKeys are the characters of text typed in a loop, one a key: a
// reader typing into the search screen (`--type`), each key a search.
func typedKeys(text string) func(i int) []byte {
	keys := strings.Split(text, "")
	return func(i int) []byte { return []byte(keys[i%len(keys)]) }
}

// scroll types keys into ls at rate keys per second until ctx ends or the
// session fails, counting each key typed in sent. The first key comes
// after a random part of the interval, so that many readers started
// together do not type in lockstep.
func scroll(ctx context.Context, ls *liveSession, rate float64, keys func(i int) []byte, sent *atomic.Int64) {
	interval := time.Duration(float64(time.Second) / rate)
	select {
	case <-ctx.Done():
		return
	case <-time.After(rand.N(interval)):
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for i := 0; ; i++ {
		ls.typed()
		if _, err := ls.stdin.Write(keys(i)); err != nil {
			return
		}
		sent.Add(1)
		select {
		case <-ctx.Done():
			return
		case <-ls.done:
			return
		case <-t.C:
		}
	}
}

// parseKeys reads a key sequence as written on a command line, with Go
// escapes: `\r` is Enter, `jjj\r` moves down three times and opens,
// `\x1b[B` is the down arrow.
func parseKeys(s string) (string, error) {
	q := `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
	k, err := strconv.Unquote(q)
	if err != nil {
		return "", fmt.Errorf("keys %q: not a valid Go-escaped string", s)
	}
	return k, nil
}
