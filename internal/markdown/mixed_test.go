package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRunsParseAsGoldmarkOnFragments: posts of random fragments (note and
// link references, brackets, failing links, emphasis, escapes, hard
// breaks, code, HTML, bare links, CJK) parse with runs (NoteRun, text
// runs, RefRuns, failedLink) to the tree, lowered, that a parse without them
// makes (RefRuns expanded): in one piece and in a piece of a post whose
// notes are in others, with and without emoji. It found the escape that
// goldmark's inline loop carries past nodes and line ends (see
// escapeMayLeak), which RefRuns, NoteRuns and text runs moved.
func TestRunsParseAsGoldmarkOnFragments(t *testing.T) {
	toks := []string{"a", " ", "b c", "[^1]", "[^2]", "[^x]", "[^d]", "[", "]", "(", ")", "[a](b", "](", "*", "**", "_", "~", "`", "&", "\\", "<", ">", ":", "@", ".", "www.", "http:", "!", "![", "\n", "  \n", "\n\n", "> ", "- ", "# ", "中", "é", ",", "$", "[a]", "[a][b ", "\"", "'", "|", "\t", "\\  \n", "\\\\\n", "\\\\\\\n", "\r\n", "[a](www.x", "[^1] a[^1]", "a[^x] b[^x]", "[^x]* [^x]", "[x](y\n", "\\", "\\  \r\n", "[a] [a]", " www.a.com www.b.com", "[a] [a] [a]", "\\ "}
	r := rand.New(rand.NewPCG(21, 4))
	// The shapes it found, first.
	for _, s := range []string{"*\\  \n[^d] [^1]\\[a][b x]]a\n", "\\  \n\\\n[^x]b[^x]\\\\\n", "a\\  \n`c`  \n[^x] b[^x]\\[a]\n",
		"\\ www.a.o[^1]a[^1]\\\\\n", "\\ www.a.o[a] [a]\\\\\n\n[a]: /a\n", "*\\  \n[a] [a]\\[b][c x]]a\n\n[a]: /a\n", "a\\  \n[a] [a]\n\\[b]\n\n[a]: /a\n", "\\\\\\\n[a](www.x.a\\\\\n"} {
		o := Glamour
		o.LinkRuns = true
		src := []byte(s)
		a, c := ParseNotes(NewParser(o), src, nil, nil, false), ParseNotes(NewParser(Glamour), src, nil, nil, false)
		ExpandRuns(a, src)
		if got, want := lowered(a, src), lowered(c, src); got != want {
			t.Errorf("%q\nparsed as %s\ngoldmark %s", s, got, want)
		}
	}
	for _, emoji := range []bool{false, true} {
		o := Glamour
		o.LinkRuns, o.Emoji = true, emoji
		// Without LinkRuns: no run of any kind, no failedLink.
		without := Glamour
		without.Emoji = emoji
		fast, slow := NewParser(o), NewParser(without)
		for n := range 3000 {
			var b strings.Builder
			k := r.IntN(200)
			if n%10 == 0 {
				k = 2000
			}
			for range k {
				b.WriteString(toks[r.IntN(len(toks))])
			}
			if r.IntN(2) == 0 {
				b.WriteString("\n\n[^1]: n\n[^d]: m\n")
			}
			if r.IntN(4) == 0 {
				b.WriteString("[a]: /a\n")
			}
			src := []byte(b.String())
			var notes *Notes
			if r.IntN(3) == 0 {
				notes = NewNotes()
				notes.ReadNotes(slow, []byte("[^2]: n\n"))
			}
			a, c := ParseNotes(fast, src, nil, notes, false), ParseNotes(slow, src, nil, notes, false)
			ExpandRuns(a, src)
			got, want := lowered(a, Lower(a, src, LowerOptions{Colour: true, SpacedBreaks: true})), lowered(c, Lower(c, src, LowerOptions{Colour: true, SpacedBreaks: true}))
			if got != want {
				g, w := fromDiff(got, want)
				t.Fatalf("%.100q\nfast %.300q\nslow %.300q", src, g, w)
			}
		}
	}
}
