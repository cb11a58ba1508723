package limits

import "context"

// Slots bounds how many of one costly job run at once over all sessions:
// parsing a whole post outside the render pool (the pager's table of
// contents and links, each entry of a feed). A crowd asking for the
// longest post at once waits its turn instead of parsing it a thousand
// times in parallel. A nil Slots is unbounded (tests).
type Slots chan struct{}

// NewSlots returns Slots for n jobs at a time (at least one).
func NewSlots(n int) Slots { return make(Slots, max(1, n)) }

// Acquire waits for a slot, or for ctx to end (its error is returned).
func (s Slots) Acquire(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release gives back a slot taken by Acquire.
func (s Slots) Release() {
	if s != nil {
		<-s
	}
}
