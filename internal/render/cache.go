package render

import (
	"container/list"
	"fmt"
	"sync"
)

// Cache keeps finished renders for all sessions, per (post version, width,
// style), bounded in bytes, least recently used first out. It also keeps
// what does not depend on the width (a post's pieces with their tagged
// markdown and list items' text, see prepareDoc), so that a reader
// resizing the window costs one glamour run per piece and new width.
// Rendering itself, shared between sessions asking at once, is the Pool's.
//
// The LRU is a few lines over container/list rather than a library: the
// well-known Go LRU packages bound entries by count, and renders range from
// a few KB to tens of MB, so only a byte bound keeps memory predictable.
type Cache struct {
	renders lru // *Rendered by Key
	docs    lru // prepared pieces ([]doc) by post key and style
}

// Stats are cache counters of renders, for metrics and tests.
type Stats struct {
	Hits, Misses, Evictions int64
	Bytes                   int64
	Entries                 int
}

// NewCache returns a cache holding at most maxBytes of renders, and a
// quarter of that again of prepared documents.
func NewCache(maxBytes int64) *Cache {
	return &Cache{renders: newLRU(maxBytes), docs: newLRU(maxBytes / 4)}
}

// Key builds a cache key from a post identity (path and content hash), a
// width and a style.
func Key(postKey string, width int, style Style) string {
	return fmt.Sprintf("%s|%d|%s", postKey, width, style)
}

// Get returns the render kept under key (see Key), counting a hit or a
// miss.
func (c *Cache) Get(key string) (*Rendered, bool) {
	v, ok := c.renders.get(key, true)
	if !ok {
		return nil, false
	}
	return v.(*Rendered), true
}

func (c *Cache) putRender(key string, r *Rendered) {
	c.renders.put(key, r, int64(len(key))+r.size())
}

func docsKey(postKey string, style Style) string { return postKey + "|doc|" + string(style) }

// preparedDocs returns the prepared pieces of a post version, or nil.
func (c *Cache) preparedDocs(postKey string, style Style) []doc {
	if v, ok := c.docs.get(docsKey(postKey, style), false); ok {
		return v.([]doc)
	}
	return nil
}

func (c *Cache) putDocs(postKey string, style Style, docs []doc) {
	size := int64(len(postKey))
	for _, d := range docs {
		size += 64 + d.size()
	}
	c.docs.put(docsKey(postKey, style), docs, size)
}

// Stats returns a copy of the counters of renders.
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
