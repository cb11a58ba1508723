// Package packed keeps text in memory compressed, for what is kept for
// long and read rarely: the sources of a large blog's posts, which were
// three quarters of its memory at 50,000 posts (257 of 346 MiB live),
// while a post's source is read only when it is opened and not in the
// render cache, printed by cat, or checked by a search. (The store now
// keeps such a blog's sources in a spill file instead, see
// page.Options.Spill: what stays packed is a body that differs from the
// end of its source, expanded shortcodes or a links section, a source
// that compresses eight times or more, and every source when the spill
// file cannot be written.)
//
// The codec is S2 (klauspost/compress), Snappy's faster successor, rather
// than zstd: zstd keeps Chinese text 2.3 times smaller where S2 keeps it
// 1.8 times, but decodes at a third of S2's speed, and a search for a
// Chinese phrase decodes every post that may hold it (BENCHMARKS.md,
// "Issue 9: 50,000 posts under 400 MB without a memory limit"). S2's
// functions keep nothing between calls either: no codec to share.
package packed

import (
	"fmt"
	"slices"
	"unsafe"

	"github.com/klauspost/compress/s2"
)

// Text is a text, as it is or compressed. The zero Text is "". A Text is
// immutable and safe for concurrent use.
type Text struct {
	// s is the text, or its S2 block when z.
	s string
	// off is where the text starts in what s holds once decompressed
	// (see Suffix); n is the whole length, from off on.
	off, n int32
	z      bool
}

// Plain is s kept as it is.
func Plain(s string) Text { return Text{s: s, n: int32(len(s))} }

// Compressed reports whether t is kept compressed.
func (t Text) Compressed() bool { return t.z }

// Len is the length of the text.
func (t Text) Len() int { return int(t.n) }

// Kept is the memory t holds, in bytes.
func (t Text) Kept() int { return len(t.s) }

// String returns the text, decompressing it if need be: each call of a
// compressed Text makes a new string.
func (t Text) String() string {
	if !t.z {
		return t.s[t.off:]
	}
	return string(t.AppendTo(nil))
}

// AppendTo appends the text to dst, decompressing it if need be: a reader
// that reads many texts in turn reuses its buffer.
func (t Text) AppendTo(dst []byte) []byte {
	if !t.z {
		return append(dst, t.s[t.off:]...)
	}
	start, whole := len(dst), int(t.off+t.n)
	dst = slices.Grow(dst, whole)[:start+whole]
	out, err := s2.Decode(dst[start:], view(t.s))
	if err != nil || len(out) != whole || whole > 0 && &out[0] != &dst[start] {
		// Only this package writes the blocks, in memory: a block that
		// does not decode is memory corrupted, not bad input.
		panic(fmt.Sprintf("packed: a block of %d bytes does not decode to %d: %v", len(t.s), whole, err))
	}
	return append(dst[:start], dst[start+int(t.off):]...)
}

// Suffix is t from byte off on (0 <= off <= t.Len()), sharing t's memory.
func (t Text) Suffix(off int) Text {
	if off < 0 || off > t.Len() {
		panic(fmt.Sprintf("packed: suffix at %d of a text of %d bytes", off, t.Len()))
	}
	if !t.z {
		return Plain(t.s[int(t.off)+off:])
	}
	t.off += int32(off)
	t.n -= int32(off)
	return t
}

// MaxLen is the longest text Compress compresses; a longer one is kept
// as it is. A compressed text is decompressed whole at each read, and a
// search may read it at each keystroke of each reader: a 64 MB post
// (the largest file read) would cost 64 MB of garbage and tens of
// milliseconds per query. Posts are rarely over a megabyte.
const MaxLen = 1 << 20

// Compress returns s compressed, its block made a string by keep (which
// may pack it with others, see page.Arena), or s as it is (made a string
// by keep) when compressing saves nothing. keep must copy b: b is reused.
func Compress(s string, keep func(b []byte) string) Text {
	if block := Encode(s); block != nil {
		return Block(keep(block), len(s))
	}
	return Plain(keep([]byte(s)))
}

// Encode is s's S2 block, as Compress makes it, or nil when Compress
// keeps s as it is (over MaxLen, or compressing saves nothing): what a
// caller that keeps the text elsewhere (a spill file) stores, or keeps
// with Block.
func Encode(s string) []byte {
	if len(s) > MaxLen {
		return nil
	}
	block := s2.EncodeBetter(nil, view(s))
	if len(block) >= len(s) {
		return nil
	}
	return block
}

// Block is the compressed Text of n bytes whose S2 block (see Encode) is
// block.
func Block(block string, n int) Text { return Text{s: block, n: int32(n), z: true} }

// view is s as bytes without a copy, for the codec, which only reads its
// input: a copy of every post's source at each use was what packing
// saves.
func view(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
