package limits

import (
	"net/netip"
	"sync"
)

// Sessions counts the sessions each source has running, so that one
// address cannot take every session slot of the server. Sessions, not
// connections, are what is counted: a session is what holds a reader's
// memory (its screen, its program), and one connection may carry ten of
// them, while a connection without a session is closed after a while
// anyway. Entries exist only for sources with sessions running. It is safe
// for concurrent use.
type Sessions struct {
	max int // 0: no limit

	mu sync.Mutex
	n  map[Source]int
}

// NewSessions returns a counter that lets each source run at most max
// sessions at once; 0 means no limit.
func NewSessions(max int) *Sessions {
	return &Sessions{max: max, n: map[Source]int{}}
}

// Open counts a new session from addr. It returns the function that ends
// the session's count (call it once), or nil when addr's source already
// has its maximum running.
func (s *Sessions) Open(addr netip.Addr) (done func()) {
	src := SourceOf(addr)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.max > 0 && s.n[src] >= s.max {
		return nil
	}
	s.n[src]++
	return sync.OnceFunc(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.n[src]--; s.n[src] <= 0 {
			delete(s.n, src)
		}
	})
}

// Len returns the number of sources with sessions running.
func (s *Sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.n)
}
