package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/sshblog/sshblog/internal/packed"
)

// Doc is what is searched of one page.
type Doc struct {
	Title string
	// Terms are the page's tags and categories.
	Terms []string
	// Summary and Text (the body as plain text) are searched together.
	Summary, Text string
	// Source is the markdown Text was made from, if any: an entry refers
	// to its CJK runs there rather than copying them (see Entry).
	Source string
	// Kept, when set, is Source as its page keeps it (compressed in a
	// large blog): what the entry keeps of Source.
	Kept packed.Text
	// Reread, when set, reads Source again: its page keeps no source in
	// memory (a large blog's, in its spill file), and the entry keeps
	// Reread instead of Kept.
	Reread Rereader
	// Date orders results that match equally well, newest first.
	Date time.Time
}

// Rereader reads a document's Source again, for entries of pages that do
// not keep it in memory.
type Rereader interface {
	// AppendBody appends Source to dst, or fails when it cannot be read
	// (an I/O error).
	AppendBody(dst []byte) ([]byte, error)
}

// Field is where a query matched a document, best first.
type Field int

// The fields, in ranking order.
const (
	FieldTitle Field = iota
	FieldTerms
	FieldBody
)

// Where a word occurs in a document, as bits.
const (
	inTitle uint8 = 1 << iota
	inTerms
	inBody
)

// Scores of a word found in each field; a typo costs one.
const (
	scoreTitle = 6
	scoreTerms = 4
	scoreBody  = 2
)

// score is the score of a word found in the fields of flags.
func score(flags uint8) int {
	switch {
	case flags&inTitle != 0:
		return scoreTitle
	case flags&inTerms != 0:
		return scoreTerms
	case flags&inBody != 0:
		return scoreBody
	}
	return 0
}

// Entry is the index of one document. It depends on nothing but the
// document (and the Terms that numbers its terms, which only grows), so a
// snapshot reuses the entries of the pages that did not change: an edit
// re-indexes one post, not the blog.
type Entry struct {
	// What a result shows of the document (see Match): the fields of
	// Doc that stay, not the whole Doc, whose Source, Kept, Reread and
	// Date an entry drops (88 bytes an entry, 4 MB at 50,000 posts).
	title, summary, text string
	tags                 []string // Doc.Terms: tags and categories
	date                 int64
	titleFold            string // lower-cased title
	termsFold            string // lower-cased terms, NUL-separated
	// toks are the entry's tokens, packed: the distinct CJK bigrams of
	// the summary and text, then the distinct Latin words of every field
	// with where they occur, as themselves (see pack) or, with terms, as
	// their numbers there (see packNumbers). They are read only to build
	// the postings of a segment, which queries use, and dropped then
	// (nil): the segment, home, holds the same, and a segment built
	// again is merged from the postings of those it replaces. Kept, they
	// were a fourth of the live heap of a 50,000-post blog (40 of 176
	// MiB after the load), the postings of the same terms as much again.
	toks  atomic.Pointer[string]
	home  atomic.Pointer[segment] // set before toks is dropped
	terms *Terms
	// A query's CJK run (CJK characters only) occurs in the text exactly
	// when it occurs in one of the text's own CJK runs: those are what an
	// entry keeps to check a match, mostly as spans of the markdown the
	// text was made from (src: doc.Kept, which the page keeps anyway,
	// compressed in a large blog), pairs of byte offsets, and the runs
	// not found there as written (in emphasis, entities) copied into
	// extra, each followed by a NUL. A span may hold several runs with
	// no CJK character between them.
	src    packed.Text
	reread Rereader // src when the page keeps none (Doc.Reread)
	spans  []uint32
	extra  string
	// lean is set when the entry was made without keeping doc.Text: the
	// index asks for the text again to describe a result (see Match).
	lean bool
}

// NewEntry indexes d.
func NewEntry(d Doc) *Entry {
	b := builders.Get().(*builder)
	defer builders.Put(b)
	return b.entry(d)
}

// NewLeanEntry indexes d without keeping d.Text, which is most of a
// post's memory: at 50,000 posts the text of every post was 266 MB. An
// index built by BuildFunc asks its doc function for the text again when
// it describes a result (Results.Match); queries never need it.
func NewLeanEntry(d Doc) *Entry { return (*Terms)(nil).NewLeanEntry(d) }

// builders hold the scratch space of NewEntry, reused from one document to
// the next: indexing is most of what a cold load adds.
var builders = sync.Pool{New: func() any { return &builder{words: map[string]uint8{}} }}

type builder struct {
	words map[string]uint8 // distinct Latin words -> where they occur
	// maxWords bounds len(words): see entryWords.
	maxWords int
	keys     []uint32
	tmp      []uint32
	list     []string
	packed   []byte
	// With terms, the numbers of the entry's words (<<3 | flags) and
	// keys.
	terms    *Terms
	wids     []uint32
	kidList  []uint32
	newWords []string
	newKeys  []uint32
	runs     []int32 // the CJK runs of the text, start and end
	extra    []byte
	spans    []uint32
}

// radixSort sorts a in four passes of a byte each, with tmp (returned,
// grown as needed) as scratch space: several times faster than a
// comparison sort on the thousands of keys of a Chinese post.
func radixSort(a, tmp []uint32) []uint32 {
	if cap(tmp) < len(a) {
		tmp = make([]uint32, len(a))
	}
	tmp = tmp[:len(a)]
	src, dst := a, tmp
	for shift := 0; shift < 32; shift += 8 {
		var count [257]int
		for _, v := range src {
			count[(v>>shift)&0xFF+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, v := range src {
			b := (v >> shift) & 0xFF
			dst[count[b]] = v
			count[b]++
		}
		src, dst = dst, src
	}
	return tmp // after four passes the sorted keys are back in a
}

func (b *builder) entry(d Doc) *Entry {
	clear(b.words)
	b.keys = b.keys[:0]
	b.runs = b.runs[:0]
	b.extra = b.extra[:0]
	e := &Entry{title: d.Title, summary: d.Summary, text: d.Text, tags: d.Terms, date: d.Date.UnixNano()}
	e.titleFold = fold(d.Title)
	e.termsFold = fold(strings.Join(d.Terms, "\x00"))
	b.maxWords = entryWords(len(e.titleFold) + len(e.termsFold) + len(d.Summary) + len(d.Text))
	b.add(e.titleFold, inTitle, false)
	b.add(e.termsFold, inTerms, false)
	b.add(d.Summary, inBody, true)
	b.runs = b.runs[:0] // the summary is kept: runs of the text only
	b.add(d.Text, inBody, true)
	b.locate(e, d)

	b.tmp = radixSort(b.keys, b.tmp)
	b.list = b.list[:0]
	for w := range b.words {
		b.list = append(b.list, w)
	}
	if b.terms != nil && b.terms.number(b) {
		e.terms = b.terms
		b.packed = b.packNumbers(b.packed[:0])
	} else {
		slices.Sort(b.list) // neighbours share their beginnings
		b.packed = b.pack(b.packed[:0])
	}
	toks := string(b.packed) // exact size: it stays until the entry is in a segment
	e.toks.Store(&toks)
	return e
}

// entryWords is the most distinct Latin words an entry of size bytes
// indexes; the words met after (in the title, the terms, the summary,
// then the text) that it does not have already are not found by a query.
// Each distinct word costs the index about as much as 100 bytes of
// prose do (numbered in the blog's Terms, listed, sorted, in a segment's
// postings), so a post of made-up words cost fourteen times prose of its
// size to load (1 MB of 160,000 distinct words: 232 ms, 130 MB; a 16 MB
// one 4.8 s, 1.4 GB). An English book has about 15,000 distinct words a
// MB, well under the bound (8,192 plus one per 64 bytes: 24,576 at 1 MB).
func entryWords(size int) int { return 8192 + size/64 }

// add records the Latin words of s and, with cjk, its bigrams: the same
// tokens as scan, in one pass that decodes each character once.
func (b *builder) add(s string, flag uint8, cjk bool) {
	word, folded := -1, true // start of the current word; whether it needs no folding
	prev := rune(-1)         // the previous character of the current CJK run
	run := -1                // where the current CJK run started, with cjk
	endWord := func(i int) {
		if word >= 0 {
			w := s[word:i]
			if !folded {
				w = strings.ToLower(w)
			}
			if len(b.words) < b.maxWords {
				b.words[w] |= flag
			} else if f, ok := b.words[w]; ok {
				b.words[w] = f | flag
			}
			word, folded = -1, true
		}
	}
	endRun := func(i int) {
		if prev >= 0 {
			b.keys = append(b.keys, bigram(prev, 0))
			prev = -1
			b.runs = append(b.runs, int32(run), int32(i))
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' {
				endRun(i)
				if word < 0 {
					word = i
				}
				folded = folded && (c >= 'a' || c <= '9')
			} else {
				endWord(i)
				endRun(i)
			}
			i++
			continue
		}
		var r rune
		var size int
		if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// Three bytes, as every common CJK character: decoded here,
			// the general decoder was a fifth of the index's build.
			r, size = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
			if r < 0x800 || 0xD800 <= r && r <= 0xDFFF {
				r, size = utf8.RuneError, 1
			}
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isCJK(r):
			endWord(i)
			if cjk {
				if prev >= 0 {
					b.keys = append(b.keys, bigram(prev, r))
				} else {
					run = i
				}
				prev = r
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			endRun(i)
			if word < 0 {
				word = i
			}
			folded = false
		default:
			endWord(i)
			endRun(i)
		}
		i += size
	}
	endWord(len(s))
	endRun(len(s))
}

// pack appends the tokens of b (its keys, sorted, and its words, listed
// sorted in b.list) to dst, packed: the number of distinct keys, then
// each as the difference from the one before (the first from 0), then
// the number of words, then each as the length of the beginning it
// shares with the word before (at most 255), the length of the rest, the
// rest and its flags, numbers as uvarints. At 50,000 posts a key takes
// 2.3 bytes rather than 4, a word 7 rather than 9.
func (b *builder) pack(dst []byte) []byte {
	keys := b.keys
	n := 0
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			n++
		}
	}
	dst = binary.AppendUvarint(dst, uint64(n))
	prev := uint32(0)
	for i, k := range keys {
		if i > 0 && k == keys[i-1] {
			continue
		}
		dst = binary.AppendUvarint(dst, uint64(k-prev))
		prev = k
	}
	dst = binary.AppendUvarint(dst, uint64(len(b.list)))
	last := ""
	for _, w := range b.list {
		c := 0
		for c < len(w) && c < len(last) && c < 255 && w[c] == last[c] {
			c++
		}
		dst = append(dst, byte(c))
		dst = binary.AppendUvarint(dst, uint64(len(w)-c))
		dst = append(append(dst, w[c:]...), b.words[w])
		last = w
	}
	return dst
}

// tokens reads the packed tokens of an entry (see pack).
type tokens struct{ s string }

// uvarint reads a number.
func (t *tokens) uvarint() int {
	v, n := uvarint(t.s)
	t.s = t.s[n:]
	return int(v)
}

// uvarint decodes the number at the start of s, and its length: the one
// decoder of the package's packed tokens and postings, a byte without
// a loop for the small numbers most are. Both are written by this
// package, in memory, so one that does not read is memory corrupted.
func uvarint[T string | []byte](s T) (uint64, int) {
	if len(s) > 0 && s[0] < 0x80 {
		return uint64(s[0]), 1
	}
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			return v | uint64(c)<<(7*i), i + 1
		}
		v |= uint64(c&0x7F) << (7 * i)
	}
	panic("search: packed tokens do not read")
}

// keyReader reads an entry's bigrams, in increasing order when the entry
// keeps them itself, in the order of their numbers when numbered.
type keyReader struct {
	tokens
	n    int      // keys left
	k    uint32   // the last read, or its number
	list []uint32 // the keys by number, when numbered
}

// keys returns a reader of the bigrams of toks, e's tokens.
func (e *Entry) keys(toks string) keyReader {
	r := keyReader{tokens: tokens{s: toks}}
	if e.terms != nil {
		_, r.list = e.terms.lists()
	}
	r.n = r.uvarint()
	return r
}

// next reads the next key; r.n must be above 0.
func (r *keyReader) next() uint32 {
	r.n--
	r.k += uint32(r.uvarint())
	if r.list != nil {
		return r.list[r.k]
	}
	return r.k
}

// num is the number of the last key read in the entry's Terms, -1 when
// the entry keeps its own keys.
func (r *keyReader) num() int {
	if r.list != nil {
		return int(r.k)
	}
	return -1
}

// eachWord calls f with each distinct Latin word of toks, e's tokens,
// its number in e.terms (-1 when e keeps its own words) and where it
// occurs; w is valid until f returns.
func (e *Entry) eachWord(toks string, f func(num int, w string, flags uint8)) {
	t := tokens{s: toks}
	for range t.uvarint() {
		t.uvarint()
	}
	if e.terms != nil {
		words, _ := e.terms.lists()
		id := 0
		for range t.uvarint() {
			v := t.uvarint()
			id += v >> 1
			flags := inBody
			if v&1 != 0 {
				flags = t.s[0]
				t.s = t.s[1:]
			}
			f(id, words[id], flags)
		}
		return
	}
	var word []byte
	for range t.uvarint() {
		c := int(t.s[0])
		t.s = t.s[1:]
		n := t.uvarint()
		word = append(word[:c], t.s[:n]...)
		f(-1, unsafe.String(unsafe.SliceData(word), len(word)), t.s[n])
		t.s = t.s[n+1:]
	}
}

// size is the memory the entry holds beyond the document's own strings.
func (e *Entry) size() int {
	n := 4*len(e.spans) + len(e.extra) + 200
	if t := e.toks.Load(); t != nil {
		n += len(*t)
	}
	if e.titleFold != e.title {
		n += len(e.titleFold)
	}
	return n + len(e.termsFold)
}

// locateSlack is how far past the previous run locate looks for the next
// one in the source: the markup between two runs of text (a link's
// address, a comment) is rarely longer; a run further away is copied.
// It bounds the work on a hostile post to a constant per run.
const locateSlack = 1024

// locate sets e's spans and extra for the runs of d.Text (b.runs), found
// in order in d.Source.
func (b *builder) locate(e *Entry, d Doc) {
	text, src := d.Text, d.Source
	spans := b.spans[:0]
	c, last := 0, -1 // where to look next in src; the end of the last span
	for k := 0; k < len(b.runs); k += 2 {
		run := text[b.runs[k]:b.runs[k+1]]
		i := strings.Index(src[c:min(len(src), c+4*len(run)+locateSlack)], run)
		if i < 0 {
			b.extra = append(append(b.extra, run...), 0)
			continue
		}
		start, end := c+i, c+i+len(run)
		// Merged with the span before when what lies between them is
		// not empty and holds no CJK character: no CJK run can then
		// match across it.
		if n := len(spans); n > 0 && start > last && !hasCJK(src[last:start]) {
			spans[n-1] = uint32(end)
		} else {
			spans = append(spans, uint32(start), uint32(end))
		}
		c, last = end, end
	}
	if len(spans) > 0 {
		// Kept as src: Source may be a decompressed copy.
		e.src, e.spans = d.Kept, slices.Clone(spans)
		if d.Reread != nil {
			e.reread = d.Reread
		} else if e.src.Len() != len(src) {
			e.src = packed.Plain(src)
		}
	}
	b.spans = spans
	e.extra = string(b.extra)
}

func hasCJK(s string) bool {
	for _, r := range s {
		if isCJK(r) {
			return true
		}
	}
	return false
}

// hasRun reports whether the text holds r, a run of CJK characters; the
// source of a compressed entry is decompressed into c.
func (e *Entry) hasRun(r string, c *sources) bool {
	if strings.Contains(e.extra, r) {
		return true
	}
	if len(e.spans) == 0 {
		return false
	}
	if e.reread == nil && !e.src.Compressed() {
		src := e.src.String() // no copy
		for k := 0; k < len(e.spans); k += 2 {
			if strings.Contains(src[e.spans[k]:e.spans[k+1]], r) {
				return true
			}
		}
		return false
	}
	src, ok := c.of(e)
	if !ok {
		// The text could not be read (an I/O error of the spill
		// file): not counted rather than guessed.
		return false
	}
	rb := []byte(r)
	for k := 0; k < len(e.spans); k += 2 {
		if bytes.Contains(src[e.spans[k]:e.spans[k+1]], rb) {
			return true
		}
	}
	return false
}

// sources holds the source of the last compressed entry a query checked,
// decompressed (or read again, see Doc.Reread): a query of several runs
// reads each entry once, and every entry into the same buffer.
type sources struct {
	e   *Entry
	buf []byte
	ok  bool
}

func (c *sources) of(e *Entry) ([]byte, bool) {
	if c.e != e {
		c.e, c.ok = e, true
		if e.reread == nil {
			c.buf = e.src.AppendTo(c.buf[:0])
		} else {
			var err error
			if c.buf, err = e.reread.AppendBody(c.buf[:0]); err != nil {
				c.ok = false
			}
		}
	}
	return c.buf, c.ok
}
