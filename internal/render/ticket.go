package render

import (
	"context"
	"sync"
)

// Client is one session's access to the pool: it has at most one render
// pending, the latest asked for.
type Client struct {
	p    *Pool
	mu   sync.Mutex
	cur  *Ticket
	pics []*Ticket // pictures asked for the current render (see Picture)
}

// Client returns a new session's handle on the pool.
func (p *Pool) Client() *Client { return &Client{p: p} }

// Render asks for req, cancelling the session's previous request.
func (c *Client) Render(req Request) *Ticket {
	t := c.p.submit(req)
	c.mu.Lock()
	prev := c.cur
	c.cur = t
	c.cancelPictures()
	c.mu.Unlock()
	if prev != nil {
		prev.Cancel()
	}
	return t
}

// Cancel gives up the session's pending request: the reader left the post,
// or the session ended.
func (c *Client) Cancel() {
	c.mu.Lock()
	prev := c.cur
	c.cur = nil
	c.cancelPictures()
	c.mu.Unlock()
	if prev != nil {
		prev.Cancel()
	}
}

// Ticket is one request's claim on a render.
type Ticket struct {
	j    *job      // nil when the render was cached
	r    *Rendered // the cached render
	once sync.Once
}

// closed is a channel that is always ready.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// Done is closed when the render is ready (or failed, or was cancelled).
func (t *Ticket) Done() <-chan struct{} {
	if t.j == nil {
		return closed
	}
	return t.j.done
}

// Ready reports whether the render is ready now.
func (t *Ticket) Ready() bool {
	select {
	case <-t.Done():
		return true
	default:
		return false
	}
}

// Result is the render, once Done is closed.
func (t *Ticket) Result() (*Rendered, error) {
	if t.j == nil {
		return t.r, nil
	}
	<-t.j.done
	return t.j.result, t.j.err
}

// Progress is the share of the render done, from 0 to 1.
func (t *Ticket) Progress() float64 {
	if t.j == nil {
		return 1
	}
	return float64(t.j.permille.Load()) / 1000
}

// Cancel gives the ticket up; a job nobody waits for stops. It may be
// called more than once.
func (t *Ticket) Cancel() {
	if t.j == nil {
		return
	}
	t.once.Do(func() {
		p := t.j.pool
		p.mu.Lock()
		defer p.mu.Unlock()
		t.j.waiters--
		if t.j.waiters == 0 && t.j.queued {
			p.unqueue(t.j)
			p.finish(t.j, nil, context.Canceled)
		}
	})
}
