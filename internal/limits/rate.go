package limits

import (
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/time/rate"
)

// buckets holds a token bucket per source, at most max of them: an
// attacker with many addresses can only make the table forget the
// least recently seen sources, which is what those addresses get anyway
// by being new. A bucket that has filled up again is dropped, which loses
// nothing (a new bucket starts full), so the table shrinks after a flood.
// Not safe for concurrent use: the Gate's lock guards it.
type buckets struct {
	limit rate.Limit // 0: no rate limit, and no table
	burst int
	lru   *simplelru.LRU[Source, *rate.Limiter]
}

func newBuckets(perSecond float64, burst, size int) *buckets {
	b := &buckets{limit: rate.Limit(perSecond), burst: burst}
	if perSecond > 0 {
		// NewLRU fails only for a size below 1.
		b.lru, _ = simplelru.NewLRU[Source, *rate.Limiter](max(size, 1), nil)
	}
	return b
}

// allow takes a token from src's bucket at now, reporting whether there
// was one.
func (b *buckets) allow(src Source, now time.Time) bool {
	if b.lru == nil {
		return true
	}
	b.sweep(now, 2)
	lim, ok := b.lru.Get(src)
	if !ok {
		lim = rate.NewLimiter(b.limit, b.burst)
		b.lru.Add(src, lim)
	}
	return lim.AllowN(now, 1)
}

// sweep drops up to n of the least recently seen buckets that are full
// again at now: a little cleaning on every call keeps the table from
// holding idle sources without a goroutine of its own.
func (b *buckets) sweep(now time.Time, n int) {
	for range n {
		src, lim, ok := b.lru.GetOldest()
		if !ok || lim.TokensAt(now) < float64(b.burst) {
			return
		}
		b.lru.Remove(src)
	}
}

// len is the number of sources with a bucket.
func (b *buckets) len() int {
	if b.lru == nil {
		return 0
	}
	return b.lru.Len()
}
