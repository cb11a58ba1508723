package render

import (
	"container/list"
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Cache renders posts once per (post version, width, style) for all
// sessions. It is bounded in bytes and evicts the least recently used
// renders first. Concurrent requests for the same render share one glamour
// run (singleflight), so a popular post opened by many readers at once is
// rendered once.
//
// The LRU is a few lines over container/list rather than a library: the
// well-known Go LRU packages bound entries by count, and renders range from
// a few KB to a few MB, so only a byte bound keeps memory predictable.
type Cache struct {
	maxBytes int64
	group    singleflight.Group

	mu    sync.Mutex
	bytes int64
	ll    *list.List // front = most recent
	items map[string]*list.Element
	stats Stats
}

// Stats are cache counters, for metrics and tests.
type Stats struct {
	Hits, Misses, Evictions int64
	Bytes                   int64
	Entries                 int
}

type entry struct {
	key string
	val string
}

// NewCache returns a cache holding at most maxBytes of rendered text.
func NewCache(maxBytes int64) *Cache {
	return &Cache{maxBytes: maxBytes, ll: list.New(), items: map[string]*list.Element{}}
}

// Key builds a cache key from a post identity (path and content hash), a
// width and a style.
func Key(postKey string, width int, style Style) string {
	return fmt.Sprintf("%s|%d|%s", postKey, width, style)
}

// Render returns markdown rendered at width in style, from the cache when
// possible. postKey must change whenever md changes.
func (c *Cache) Render(postKey, md string, width int, style Style) (string, error) {
	width = max(MinWidth, min(width, MaxWidth))
	key := Key(postKey, width, style)
	if v, ok := c.get(key, true); ok {
		return v, nil
	}
	v, err, _ := c.group.Do(key, func() (any, error) {
		// Another caller may have finished this render just before.
		if v, ok := c.get(key, false); ok {
			return v, nil
		}
		out, err := Markdown(md, width, style)
		if err != nil {
			return "", err
		}
		c.put(key, out)
		return out, nil
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// Stats returns a copy of the counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Bytes, s.Entries = c.bytes, len(c.items)
	return s
}

// get looks key up; count says whether the lookup counts in Stats.
func (c *Cache) get(key string, count bool) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if ok {
		c.ll.MoveToFront(el)
	}
	if count && ok {
		c.stats.Hits++
	} else if count {
		c.stats.Misses++
	}
	if !ok {
		return "", false
	}
	return el.Value.(*entry).val, true
}

func (c *Cache) put(key, val string) {
	size := int64(len(key) + len(val))
	if size > c.maxBytes {
		return // larger than the whole cache: serve it, don't keep it
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.ll.PushFront(&entry{key: key, val: val})
	c.bytes += size
	for c.bytes > c.maxBytes {
		el := c.ll.Back()
		e := el.Value.(*entry)
		c.ll.Remove(el)
		delete(c.items, e.key)
		c.bytes -= int64(len(e.key) + len(e.val))
		c.stats.Evictions++
	}
}
