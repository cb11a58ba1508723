package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html/atom"
)

// Reading HTML tag names. A post of a hundred thousand small tags must
// not pay for a tokenizer (a 4 KB buffer and a map) per tag, so a tag's
// name is read here, as the tokenizer reads it, and the tokenizer is left
// to the tags whose attributes count.

// tagName returns where the name of the tag that t starts with lies,
// t[i:j]: after "<" (or "</", end), the run of ASCII letters, digits and
// '-'; empty (i == j) where none follows. Callers check that t starts
// with "<" and what may follow the name.
func tagName[T ~string | ~[]byte](t T) (i, j int, end bool) {
	i = 1
	if len(t) > 1 && t[1] == '/' {
		i, end = 2, true
	}
	j = min(i, len(t))
	for j < len(t) && (isASCIILetter(t[j]) || t[j] >= '0' && t[j] <= '9' || t[j] == '-') {
		j++
	}
	return min(i, len(t)), j, end
}

// nameAtom is the atom of a tag name written in any case (0 for a name
// that is none), without allocating.
func nameAtom[T ~string | ~[]byte](name T) atom.Atom {
	var low [32]byte // longer than any atom
	if len(name) > len(low) {
		return 0
	}
	for k := 0; k < len(name); k++ {
		low[k] = name[k] | 0x20 // lower case, for letters; digits and '-' have the bit
	}
	return atom.Lookup(low[:len(name)])
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// The media tags, one list in three rings:
//   - figureAtom: the tags that stand for a figure of their own (an
//     image, a player, an embed);
//   - mediaAtom: those and <source>, which gives a player before it its
//     file (see withSources) but is no figure alone;
//   - isMedia: those and the tags that only hold them (<picture>,
//     <figure>): all the raw HTML figures are drawn from, which the
//     lowering of raw HTML leaves to them.

// figureAtom reports the tags that stand for a figure of their own.
func figureAtom(a atom.Atom) bool {
	switch a {
	case atom.Img, atom.Video, atom.Audio, atom.Iframe, atom.Embed:
		return true
	}
	return false
}

// figureName reports whether name (a tag name as tagName reads it) is
// one of figureAtom's in any case: figureAtom(nameAtom(name)) without the
// atom's hash, which was a tenth of the time of a line of tags that are
// none ("<mark>a <sup>" repeated), asked for each.
func figureName[T ~string | ~[]byte](name T) bool {
	var want string
	switch len(name) {
	case 3:
		want = "img"
	case 5:
		switch name[0] | 0x20 {
		case 'v':
			want = "video"
		case 'a':
			want = "audio"
		case 'e':
			want = "embed"
		default:
			return false
		}
	case 6:
		want = "iframe"
	default:
		return false
	}
	for k := range len(name) {
		if name[k]|0x20 != want[k] {
			return false
		}
	}
	return true
}

// mediaAtom reports the tags that carry a figure's file (see tagMedia).
func mediaAtom(a atom.Atom) bool { return figureAtom(a) || a == atom.Source }

// isMedia reports the tags of figures, which are not the lowering's to
// draw.
func isMedia(a atom.Atom) bool { return mediaAtom(a) || a == atom.Picture || a == atom.Figure }

// HasFigureTag reports whether s holds a start tag that stands for a
// figure (<img>, <video>, <audio>, <iframe>, <embed>, in any case): a
// quick test that spares the HTML tokenizer, and a parse, to text that
// can hold no HTML figure. It may answer true for text the tokenizer
// reads otherwise ("<img" inside a comment); false is sure.
func HasFigureTag(s string) bool { return hasFigureTag(s) }

// hasFigureTag is HasFigureTag for text of either kind.
func hasFigureTag[T ~string | ~[]byte](s T) bool {
	for k := 0; k < len(s); k++ {
		i := indexByte(s[k:], '<')
		if i < 0 {
			return false
		}
		k += i
		if i, j, end := tagName(s[k:]); !end && figureName(s[k+i:k+j]) {
			return true
		}
	}
	return false
}

// indexByte is strings.IndexByte or bytes.IndexByte, for s of either
// kind: HasFigureTag looks for "<" through every post it is asked
// about, a byte at a time before.
func indexByte[T ~string | ~[]byte](s T, c byte) int {
	switch v := any(s).(type) {
	case string:
		return strings.IndexByte(v, c)
	case []byte:
		return bytes.IndexByte(v, c)
	}
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
