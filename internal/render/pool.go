package render

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Pool renders posts for every session on a bounded number of workers.
//
//   - The cache is checked first: a cached render never waits in a queue.
//   - Sessions asking for the same render at once share one job.
//   - Jobs take turns a piece at a time (see split), so one huge post
//     holds a small one back by at most a piece per worker.
//   - Each session has at most one render pending (see Client): a newer
//     request replaces the older one, and a job nobody waits for any more
//     stops at its next piece.
//   - A post over Options.MaxPostSize, or whose render fails or runs over
//     its budget, is shown as plain text with a Notice, and the failure is
//     listed by Problems.
type Pool struct {
	cache   *Cache
	opt     Options
	workers int

	mu       sync.Mutex
	wake     *sync.Cond
	queue    []*job          // jobs waiting for a turn, first first
	jobs     map[string]*job // queued or running, by Key
	failed   map[string]string
	problems map[string]Problem // by path
	closed   bool
	wg       sync.WaitGroup
}

// Problem is a post shown as plain text because its render failed.
type Problem struct {
	Path   string
	Key    string // the post version that failed
	Reason string
}

// Request asks for one post rendered at one width and style.
type Request struct {
	// Path names the post in Problems; Key identifies its version (it
	// must change whenever Markdown does).
	Path, Key string
	Markdown  string
	Width     int
	Style     Style
	// Base is the page's permalink, which figures' relative paths are
	// resolved against; empty leaves them as written. Key must change
	// with it.
	Base string
	// draw, if set, makes the render's lines instead of Markdown (a
	// picture, see Client.Picture).
	draw func() ([]string, error)
	// Features are the site's and language's settings the post is
	// read with (features.go).
	Features Features
}

// DefaultWorkers is the pool size for 0: one worker fewer than the CPUs,
// at least one, so that rendering never takes every CPU from the sessions.
func DefaultWorkers() int { return max(1, runtime.GOMAXPROCS(0)-1) }

// NewPool starts workers (DefaultWorkers if workers <= 0) rendering into
// cache. Close stops them.
func NewPool(cache *Cache, workers int, opt Options) *Pool {
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	p := &Pool{
		cache: cache, opt: opt.withDefaults(), workers: workers,
		jobs: map[string]*job{}, failed: map[string]string{}, problems: map[string]Problem{},
	}
	p.wake = sync.NewCond(&p.mu)
	p.wg.Add(workers)
	for range workers {
		go p.work()
	}
	return p
}

// Close stops the workers after the pieces they are on; pending renders
// end with ErrClosed.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	for _, j := range p.queue {
		p.finish(j, nil, ErrClosed)
	}
	p.queue = nil
	p.wake.Broadcast()
	p.mu.Unlock()
	p.wg.Wait()
}

// ErrClosed ends renders pending when the pool closes.
var ErrClosed = errors.New("render pool closed")

// Render renders req and waits for it, or for ctx to end (then the render
// stops unless another session waits for it too).
func (p *Pool) Render(ctx context.Context, req Request) (*Rendered, error) {
	t := p.submit(req)
	select {
	case <-t.Done():
		return t.Result()
	case <-ctx.Done():
		t.Cancel()
		return nil, ctx.Err()
	}
}

// MaxPostSize is the largest post that is laid out, in bytes.
func (p *Pool) MaxPostSize() int { return p.opt.MaxPostSize }

// Problems returns the posts whose last render failed, by path.
func (p *Pool) Problems() []Problem {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Problem, 0, len(p.problems))
	for _, pr := range p.problems {
		out = append(out, pr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// job is one render in the pool, shared by the tickets waiting for it.
type job struct {
	pool *Pool
	key  string
	req  Request
	w    *work
	// spent is the CPU time worked on it (see timeStep); the budget is
	// checked against it.
	spent    time.Duration
	permille atomic.Int32

	// Guarded by pool.mu.
	waiters int
	queued  bool
	result  *Rendered
	err     error
	done    chan struct{}
}

func (p *Pool) submit(req Request) *Ticket {
	req.Width = max(MinWidth, min(req.Width, MaxWidth))
	if req.Base != "" {
		req.Key += "|" + req.Base // figure lines differ with it
	}
	key := Key(req.postKey(), req.Width, req.Style)
	if r, ok := p.cache.Get(key); ok {
		return &Ticket{r: r}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if j, ok := p.jobs[key]; ok {
		j.waiters++
		return &Ticket{j: j}
	}
	j := &job{pool: p, key: key, req: req, waiters: 1, done: make(chan struct{})}
	if p.closed {
		p.finish(j, nil, ErrClosed)
		return &Ticket{j: j}
	}
	p.jobs[key] = j
	p.enqueue(j)
	return &Ticket{j: j}
}

func (p *Pool) enqueue(j *job) {
	j.queued = true
	p.queue = append(p.queue, j)
	p.wake.Signal()
}

func (p *Pool) unqueue(j *job) {
	for i, q := range p.queue {
		if q == j {
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			break
		}
	}
	j.queued = false
}

// finish ends j with a result or an error, once. Called with p.mu held.
func (p *Pool) finish(j *job, r *Rendered, err error) {
	if p.jobs[j.key] == j {
		delete(p.jobs, j.key)
	}
	j.queued = false
	select {
	case <-j.done:
		return
	default:
	}
	j.result, j.err = r, err
	j.w = nil // the tickets keep the job: let them keep the result only
	close(j.done)
}

// work is one worker: it takes the job at the head of the queue, does one
// piece of it, and puts it back at the tail unless it is done or nobody
// waits for it any more.
func (p *Pool) work() {
	defer p.wg.Done()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for len(p.queue) == 0 && !p.closed {
			p.wake.Wait()
		}
		if p.closed {
			return
		}
		j := p.queue[0]
		p.queue = p.queue[1:]
		j.queued = false
		p.mu.Unlock()
		r, done := p.step(j)
		p.mu.Lock()
		switch {
		case done:
			if p.opt.OnRendered != nil {
				p.opt.OnRendered(j.spent)
			}
			p.finish(j, r, nil)
		case j.waiters == 0:
			p.finish(j, nil, context.Canceled)
		case p.closed:
			p.finish(j, nil, ErrClosed)
		default:
			p.enqueue(j)
		}
	}
}

// step does one piece of j and returns the render when it is complete.
func (p *Pool) step(j *job) (*Rendered, bool) {
	if j.w == nil {
		j.w = p.start(j.req)
	}
	var (
		done bool
		err  error
	)
	j.spent += timeStep(func() { done, err = j.w.step() })
	j.permille.Store(int32(j.w.progress() * 1000))
	if err == nil && !j.w.plain && j.spent > p.opt.Budget(len(j.req.Markdown)) {
		err = fmt.Errorf("laying it out took over %v of work (budget for %d KB)", p.opt.Budget(len(j.req.Markdown)).Round(time.Second), len(j.req.Markdown)>>10)
	}
	if err != nil {
		// Show the plain text, and remember not to try this version again.
		p.fail(j.req, err)
		j.w = p.start(j.req)
		j.permille.Store(0)
		return nil, false
	}
	if !done {
		return nil, false
	}
	r := &Rendered{Lines: j.w.lines, Figures: j.w.figs, Headings: j.w.heads}
	switch {
	case len(j.req.Markdown) > p.opt.MaxPostSize:
		r.Notice, r.Reason = TooLarge, fmt.Sprintf("larger than the maximum post size (%d KB > %d KB): shown as plain text", len(j.req.Markdown)>>10, p.opt.MaxPostSize>>10)
	case j.w.plain:
		r.Notice, r.Reason = Failed, p.failure(j.req.Key)
	default:
		if !j.w.given {
			p.cache.putDocs(j.req.postKey(), j.req.Style, j.w.docs)
		}
		p.mu.Lock()
		if pr, ok := p.problems[j.req.Path]; ok && pr.Key != j.req.Key {
			delete(p.problems, j.req.Path) // an edited version renders
		}
		p.mu.Unlock()
	}
	p.cache.putRender(j.key, r)
	return r, true
}

// start prepares the work for a request: plain text for a post too large
// or known to fail, else a render, from prepared pieces when the cache
// has them.
func (p *Pool) start(req Request) *work {
	if len(req.Markdown) > p.opt.MaxPostSize || p.failure(req.Key) != "" {
		w := newWork(req.Markdown, req.Width, req.Style, nil)
		w.plain = true
		return w
	}
	w := newWork(req.Markdown, req.Width, req.Style, p.cache.preparedDocs(req.postKey(), req.Style))
	w.base, w.draw = req.Base, req.draw
	w.feat = req.Features
	return w
}

// maxFailures bounds the failed versions remembered.
const maxFailures = 1024

func (p *Pool) fail(req Request, err error) {
	// One line: a panic's stack is not for readers.
	first, _, _ := strings.Cut(err.Error(), "\n")
	pr := Problem{Path: req.Path, Key: req.Key, Reason: "could not be laid out: " + first}
	p.mu.Lock()
	if len(p.failed) >= maxFailures {
		clear(p.failed)
	}
	p.failed[req.Key] = pr.Reason
	p.problems[req.Path] = pr
	p.mu.Unlock()
	if p.opt.OnFailure != nil {
		p.opt.OnFailure(pr)
	}
}

func (p *Pool) failure(postKey string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed[postKey]
}
