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
// rendered once. What does not depend on the width (a post's tagged
// markdown and its list items' text, see prepareDoc) is kept too, so that
// a reader resizing the window costs one glamour run per new width.
//
// The LRU is a few lines over container/list rather than a library: the
// well-known Go LRU packages bound entries by count, and renders range from
// a few KB to a few MB, so only a byte bound keeps memory predictable.
type Cache struct {
	group   singleflight.Group
	renders lru // rendered text by Key
	docs    lru // prepared documents by post key and style
}

// Stats are cache counters of rendered text, for metrics and tests.
type Stats struct {
	Hits, Misses, Evictions int64
	Bytes                   int64
	Entries                 int
}

// NewCache returns a cache holding at most maxBytes of rendered text, and
// a quarter of that again of prepared documents.
func NewCache(maxBytes int64) *Cache {
	return &Cache{renders: newLRU(maxBytes), docs: newLRU(maxBytes / 4)}
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
	if v, ok := c.renders.get(key, true); ok {
		return v.(string), nil
	}
	v, err, _ := c.group.Do(key, func() (any, error) {
		// Another caller may have finished this render just before.
		if v, ok := c.renders.get(key, false); ok {
			return v, nil
		}
		d, err := c.doc(postKey, md, style)
		if err != nil {
			return "", err
		}
		out, err := d.render(width, style)
		if err != nil {
			return "", err
		}
		c.renders.put(key, out, int64(len(key)+len(out)))
		return out, nil
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// doc returns the prepared document of a post version in a style.
func (c *Cache) doc(postKey, md string, style Style) (doc, error) {
	key := postKey + "|doc|" + string(style)
	if v, ok := c.docs.get(key, false); ok {
		return v.(doc), nil
	}
	v, err, _ := c.group.Do(key, func() (any, error) {
		d, err := prepareDoc(md, style)
		if err != nil {
			return doc{}, err
		}
		c.docs.put(key, d, int64(len(key))+d.size())
		return d, nil
	})
	if err != nil {
		return doc{}, err
	}
	return v.(doc), nil
}

// Stats returns a copy of the counters of rendered text.
func (c *Cache) Stats() Stats { return c.renders.statsCopy() }

// lru is a map with least-recently-used eviction, bounded in bytes.
type lru struct {
	maxBytes int64

	mu    sync.Mutex
	bytes int64
	ll    *list.List // front = most recent
	items map[string]*list.Element
	stats Stats
}

type entry struct {
	key  string
	val  any
	size int64
}

func newLRU(maxBytes int64) lru {
	return lru{maxBytes: maxBytes, ll: list.New(), items: map[string]*list.Element{}}
}

// get looks key up; count says whether the lookup counts in Stats.
func (c *lru) get(key string, count bool) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if count {
		if ok {
			c.stats.Hits++
		} else {
			c.stats.Misses++
		}
	}
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*entry).val, true
}

func (c *lru) put(key string, val any, size int64) {
	if size > c.maxBytes {
		return // larger than the whole cache: serve it, don't keep it
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.ll.PushFront(&entry{key: key, val: val, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		el := c.ll.Back()
		e := el.Value.(*entry)
		c.ll.Remove(el)
		delete(c.items, e.key)
		c.bytes -= e.size
		c.stats.Evictions++
	}
}

func (c *lru) statsCopy() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Bytes, s.Entries = c.bytes, len(c.items)
	return s
}
