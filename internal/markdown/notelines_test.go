package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNoteLinesReadAsTheParse: where noteLines reads a source, it finds
// the notes the definition parser's parse finds (labels and ranges, in
// order) and the source defines no links; the hostile note chain is read
// so. Sources: random lines of notes (labels, texts of letters, digits,
// spaces, brackets and references, and of what starts blocks or ends
// lines otherwise), and blank, indented and other lines among them. And
// readNotes reads what the parse does of such lines after blocks of every
// kind (open fences and HTML, containers, link definitions, tables...).
func TestNoteLinesReadAsTheParse(t *testing.T) {
	p := NewDefinitionParser(Glamour)
	r := rand.New(rand.NewPCG(4, 2))
	labels := []string{"0", "1", "a", "B2", "long" + strings.Repeat("x", 50), "a", "x y", "", "^", "1]"}
	texts := []string{"b", "b[^1]", "a b", "text [x] more", "x[^2] y[^3]", "Ab9 ^[]", "b ", "1. list", "- item", "> q", "# h",
		"```", "<div>", "    code", "b\\", "b  ", "*em*", "b|c", "", "é", "b\t", "[a]: /u"}
	pick := func(of []string, good int) string {
		if r.IntN(12) != 0 {
			return of[r.IntN(good)]
		}
		return of[r.IntN(len(of))]
	}
	others := []string{"", "    indented", "para", "[a]: /u", "---", "===", ": desc", "  [^1]: x", "\t[^2]: y", "[^3]:x", "[^4]:"}
	read := 0
	srcs := []string{Hostile("footnote-chain", 4<<10)[7:]} // its lines after the first paragraph
	for range 4000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			if r.IntN(30) == 0 {
				b.WriteString(others[r.IntN(len(others))])
			} else {
				fmt.Fprintf(&b, "[^%s]: %s", pick(labels, 6), pick(texts, 6))
			}
			b.WriteByte('\n')
		}
		s := b.String()
		if r.IntN(4) == 0 {
			s = strings.TrimSuffix(s, "\n")
		}
		srcs = append(srcs, s)
	}
	for i, s := range srcs {
		src := []byte(s)
		got, ok := noteLines(src)
		if !ok {
			if i == 0 {
				t.Fatalf("the note chain is not read: %.80q", s)
			}
			continue
		}
		read++
		want, refs, _ := parsedNotes(p, src)
		if fmt.Sprint(got) != fmt.Sprint(want) || len(refs) != 0 {
			t.Fatalf("%q: read %v, the parse %v (links %v)", s, got, want, refs)
		}
	}
	// readNotes, of sources that end with such lines after others.
	heads := []string{"a[^0]\n\n", "a\n", "# h\n\n", "---\n\n", "\n\n", "```\n\n", "<pre>\n\n", "<!--\n\n", "- a\n\n",
		"> a\n\n", "- ```\n\n", "[^x]: a\n\n    b\n\n", "[a]: /u\n\n", "[a]:\n\n", "a\n: b\n\n", "    code\n\n",
		"| a |\n|---|\n\n", "a  \n\n", "[^x]: ```\n\n", "a\n[b]: /b\n\n", "a\n\n\n"}
	split := 0
	for _, tail := range srcs {
		if _, ok := noteLines([]byte(tail)); !ok {
			continue
		}
		head := heads[r.IntN(len(heads))]
		if r.IntN(3) == 0 {
			head += heads[r.IntN(len(heads))]
		}
		src := []byte(head + tail)
		got, gotRefs := readNotes(p, src)
		want, wantRefs, _ := parsedNotes(p, src)
		if fmt.Sprint(got) != fmt.Sprint(want) || refsByLabel(gotRefs) != refsByLabel(wantRefs) {
			t.Fatalf("%q: read %v %v, the parse %v %v", src, got, refsByLabel(gotRefs), want, refsByLabel(wantRefs))
		}
		if len(got) > 0 && got[len(got)-1].stop > len(head) {
			split++
		}
	}
	if split < 500 {
		t.Fatalf("only %d sources with heads read: the test checks too little", split)
	}
	if read < 1500 {
		t.Fatalf("only %d sources read: the test checks too little", read)
	}
}

// TestNotesUpToReadAsNotes: Notes that stop at a count (NewNotesUpTo)
// read what Notes without a bound read, until they hold more than it:
// the same link definitions, the same notes and text while under it,
// and then a count past it and notes not Usable. Sources: pieces of
// heads and lines of notes, read one after another into both.
func TestNotesUpToReadAsNotes(t *testing.T) {
	p := NewDefinitionParser(Glamour)
	r := rand.New(rand.NewPCG(7, 3))
	heads := []string{"", "a[^0]\n\n", "# h\n\n", "[a]: /u\n\n", "- a\n\n", "a\n", "[^x]: a\n\n    b\n\n"}
	past := 0
	for range 600 {
		most := r.IntN(12)
		all, upTo := NewNotes(), NewNotesUpTo(most)
		for range 1 + r.IntN(4) {
			var b strings.Builder
			b.WriteString(heads[r.IntN(len(heads))])
			for range r.IntN(10) {
				fmt.Fprintf(&b, "[^%d]: b[^%d]\n", r.IntN(20), r.IntN(20))
			}
			src := []byte(b.String())
			want, got := all.ReadNotes(p, src), upTo.ReadNotes(p, src)
			if refsByLabel(got) != refsByLabel(want) {
				t.Fatalf("%q: links %v, without a bound %v", src, refsByLabel(got), refsByLabel(want))
			}
			if most > 0 && all.Count() > most {
				if upTo.Count() != most+1 || upTo.Usable() {
					t.Fatalf("%q: %d notes read up to %d (usable %v), %d without a bound", src, upTo.Count(), most, upTo.Usable(), all.Count())
				}
				past++
				continue
			}
			if upTo.Count() != all.Count() || upTo.Defs() != all.Defs() || upTo.Usable() != all.Usable() || upTo.Over() != all.Over() {
				t.Fatalf("%q: %d notes %q, without a bound %d %q", src, upTo.Count(), upTo.Defs(), all.Count(), all.Defs())
			}
		}
	}
	if past < 100 {
		t.Fatalf("only %d reads past the bound: the test checks too little", past)
	}
}
