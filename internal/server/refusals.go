package server

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// RefusalLogInterval is how often one kind of refusal may be logged: a
// flood of refused connections or requests gives one line per kind at
// once, then one summary line per interval while it lasts.
const RefusalLogInterval = 10 * time.Second

// refusals logs what the server refuses without letting a flood become a
// log flood. The first refusal of a kind is logged at once with its
// details; later ones within the interval are counted, and when the
// interval ends one line gives their number and the details of the last.
// (x/time/rate's Sometimes would limit the lines too, but forgets how many
// it skipped, which is what an operator needs to see.)
type refusals struct {
	log      *slog.Logger
	interval time.Duration

	mu    sync.Mutex
	kinds map[string]*refusalKind // keyed by message: a fixed set
}

type refusalKind struct {
	level      slog.Level
	quietUntil time.Time   // no line before this
	count      int         // refusals not logged yet
	last       []any       // attributes of the latest of them
	timer      *time.Timer // pending summary, or nil
}

func newRefusals(log *slog.Logger, interval time.Duration) *refusals {
	return &refusals{log: log, interval: interval, kinds: map[string]*refusalKind{}}
}

// note records one refusal, a warning. msg names the kind and must be a
// constant (never a client's address or input): attrs carry the details.
func (r *refusals) note(msg string, attrs ...any) { r.record(slog.LevelWarn, msg, attrs) }

// notice records an event of the same sort that is no sign of trouble
// (an unused connection closed), logged at Info.
func (r *refusals) notice(msg string, attrs ...any) { r.record(slog.LevelInfo, msg, attrs) }

func (r *refusals) record(level slog.Level, msg string, attrs []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.kinds[msg]
	if k == nil {
		k = &refusalKind{level: level}
		r.kinds[msg] = k
	}
	now := time.Now()
	if k.count == 0 && !now.Before(k.quietUntil) {
		k.quietUntil = now.Add(r.interval)
		r.log.Log(context.Background(), k.level, msg, attrs...)
		return
	}
	k.count++
	k.last = attrs
	if k.timer == nil {
		k.timer = time.AfterFunc(k.quietUntil.Sub(now), func() { r.flush(msg) })
	}
}

// flush writes the summary line of one kind, if refusals are pending.
func (r *refusals) flush(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushLocked(msg)
}

func (r *refusals) flushLocked(msg string) {
	k := r.kinds[msg]
	if k == nil {
		return
	}
	if k.timer != nil {
		k.timer.Stop()
		k.timer = nil
	}
	if k.count == 0 {
		return
	}
	r.log.Log(context.Background(), k.level, msg, append([]any{"repeated", k.count, "within", r.interval.String()}, k.last...)...)
	k.count, k.last = 0, nil
	k.quietUntil = time.Now().Add(r.interval)
}

// flushAll writes every pending summary now (at shutdown).
func (r *refusals) flushAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for msg := range r.kinds {
		r.flushLocked(msg)
	}
}
