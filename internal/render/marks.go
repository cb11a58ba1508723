package render

import (
	"strings"
	"unicode/utf8"
)

// markReplacer replaces the layout marks (characters of three UTF-8
// bytes starting 0xE2: U+2000-U+2FFF) with strings, as strings.Replacer
// would: its generic replacer tries every position of every line against
// a trie, which was 5% of a 2 MB post's cold render for two calls
// (fit and annotate). The marks' lead byte is rare in Chinese and English
// text, so a line without it is returned as it is, and a mark is matched
// at each of its lead bytes. No mark's encoding overlaps another's (a
// continuation byte is never a lead byte), so the leftmost match is the
// only one and the result is the Replacer's.
type markReplacer struct {
	to map[[2]byte]string // the last two bytes of a mark: its replacement
}

// markLead is the first byte of every mark's encoding.
const markLead = 0xE2

// newMarkReplacer is strings.NewReplacer(old1, new1, ...) for marks only:
// it panics on an old string that is not one character of three bytes
// starting markLead.
func newMarkReplacer(oldnew ...string) *markReplacer {
	r := &markReplacer{to: map[[2]byte]string{}}
	for i := 0; i+1 < len(oldnew); i += 2 {
		o := oldnew[i]
		if len(o) != 3 || o[0] != markLead || utf8.RuneCountInString(o) != 1 {
			panic("newMarkReplacer: not a mark: " + o)
		}
		k := [2]byte{o[1], o[2]}
		if _, ok := r.to[k]; !ok { // the first pair wins, as in strings.Replacer
			r.to[k] = oldnew[i+1]
		}
	}
	return r
}

// Replace returns s with every mark replaced.
func (r *markReplacer) Replace(s string) string {
	i := strings.IndexByte(s, markLead)
	if i < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i >= 0 {
		if i+2 < len(s) {
			if to, ok := r.to[[2]byte{s[i+1], s[i+2]}]; ok {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[last:i])
				b.WriteString(to)
				last = i + 3
				i += 3
			} else {
				i++
			}
		} else {
			break
		}
		j := strings.IndexByte(s[i:], markLead)
		if j < 0 {
			break
		}
		i += j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
