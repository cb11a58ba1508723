package render

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestHostilePostsRender renders every hostile document of package
// markdown at 256 KB (64 KB under -race), in a child process: before the
// bounds, "*" x 128,000 around a letter overflowed the Go stack (fatal:
// it would kill this test binary too) and ">" or "- " x 100,000 rendered
// for minutes in gigabytes.
func TestHostilePostsRender(t *testing.T) {
	if os.Getenv("RENDER_HOSTILE_CHILD") == "1" {
		for _, name := range markdown.HostileNames() {
			start := time.Now()
			out, err := Markdown(markdown.Hostile(name, hostileSize), 80, Dark)
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			checkWidth(t, name, out, 80)
			t.Logf("%-20s %v", name, time.Since(start).Round(time.Millisecond))
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostilePostsRender$", "-test.v")
	cmd.Env = append(os.Environ(), "RENDER_HOSTILE_CHILD=1")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	// Generous: the child takes seconds (a minute under -race).
	select {
	case <-done:
	case <-time.After(8 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("rendering hostile posts did not finish in 8 minutes:\n%s", lastBytes(out))
	}
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, lastBytes(out))
	}
}

func lastBytes(b []byte) string {
	return string(b[max(0, len(b)-4000):])
}

func checkWidth(t *testing.T, name, out string, width int) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if w := xansi.StringWidth(l); w > width {
			t.Errorf("%s: a line is %d cells wide, width %d: %.80q", name, w, width, l)
			return
		}
	}
}

// FuzzRenderHostile renders documents built from hostile tokens repeated
// thousands of times (see markdown.Expand) with a deadline.
func FuzzRenderHostile(f *testing.F) {
	for _, name := range markdown.HostileNames() {
		f.Add([]byte(markdown.Hostile(name, hostileSize/8)))
	}
	f.Add([]byte{0, 0, 255, 4, 1, 19, 10})        // ">" x 16,000 then "*" ...
	f.Add([]byte{0, 1, 255, 9, 255, 10, 255, 19}) // "- " x 16,000, "]", "](" ...
	f.Fuzz(func(t *testing.T, in []byte) {
		md := string(markdown.Expand(in, 64<<10))
		start := time.Now()
		out, err := Markdown(md, 60, Dark)
		if err != nil {
			t.Fatal(err)
		}
		// Generous: 64 KB renders in well under a second (a few under
		// -race); before the bounds, ">" x 64,000 took minutes.
		if took := time.Since(start); took > 60*time.Second {
			t.Fatalf("rendering %d bytes took %v: %.200q", len(md), took, md)
		}
		checkWidth(t, "fuzz", out, 60)
	})
}

// BenchmarkHostile renders each hostile document and ordinary prose of
// the same size (1 MB), for time and memory (-benchmem): the worst
// hostile post against prose. It reports the process's CPU time too
// (cpu-ms/op, on Linux), which a loaded machine disturbs less than the
// wall-clock time. HOSTILE_SIZES, a comma-separated list of sizes in
// KB (say "16,64,256,1024"), renders every document at each of them
// instead, a sub-benchmark a size ("footnotes/64KB"): a document may
// cost more than prose at one size only.
func BenchmarkHostile(b *testing.B) {
	sizes, err := hostileSizes(os.Getenv("HOSTILE_SIZES"))
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range markdown.HostileNames() {
		b.Run(name, func(b *testing.B) {
			if sizes == nil {
				benchmarkRender(b, markdown.Hostile(name, 1<<20))
				return
			}
			for _, kb := range sizes {
				md := markdown.Hostile(name, kb<<10)
				b.Run(strconv.Itoa(kb)+"KB", func(b *testing.B) { benchmarkRender(b, md) })
			}
		})
	}
}

// hostileSizes reads HOSTILE_SIZES: nil when it is empty.
func hostileSizes(env string) ([]int, error) {
	if env == "" {
		return nil, nil
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		kb, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || kb <= 0 {
			return nil, fmt.Errorf("HOSTILE_SIZES %q: %q is not a size in KB", env, f)
		}
		sizes = append(sizes, kb)
	}
	return sizes, nil
}

// benchmarkRender renders md at 80 columns, reporting its bytes and the
// process's CPU time per render.
func benchmarkRender(b *testing.B, md string) {
	b.SetBytes(int64(len(md)))
	var out string
	start, ok := processCPU()
	for b.Loop() {
		var err error
		if out, err = Markdown(md, 80, Dark); err != nil {
			b.Fatal(err)
		}
	}
	if end, _ := processCPU(); ok {
		b.ReportMetric(float64(end-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
	// The lines drawn: a post's cost follows what it shows as well as
	// its bytes (16 KB of "***" lines draws 35 times prose's lines).
	b.ReportMetric(float64(strings.Count(out, "\n")+1), "lines/op")
	// And the bytes drawn, styling included: what the reader's terminal
	// receives, and what a layout must at least write.
	b.ReportMetric(float64(len(out))/1024, "out-KB/op")
}

// TestHostileOutputLines bounds the lines a hostile post draws: beyond
// its own source lines (a post of a million short lines has a million
// lines to show), no document of package markdown draws more lines per
// byte than three times what ordinary prose does (wrapped as plain text,
// "> - " repeated breaks oddly: twice prose's lines). Each line costs the
// layout its padding and trimming: "$$a " repeated drew three lines
// every four bytes (twenty times prose's lines), and cost thirty times
// its time.
func TestHostileOutputLines(t *testing.T) {
	const size = 64 << 10
	extra := func(md string) int {
		out, err := Markdown(md, 80, Dark)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Count(out, "\n") - strings.Count(md, "\n")
	}
	prose := extra(markdown.Hostile("prose", size))
	if prose < size/200 {
		t.Fatalf("prose of %d bytes drew %d lines beyond its own: the bound means nothing", size, prose)
	}
	for _, name := range markdown.HostileNames()[1:] {
		if name == "wide-table" {
			// A table too wide for the window is drawn a cell a line:
			// 8,000 one-letter columns are 8,000 cells their author
			// wrote, each a line of its own.
			continue
		}
		if got := extra(markdown.Hostile(name, size)); got > 3*prose {
			t.Errorf("%s: %d lines beyond its source lines, prose of its size %d", name, got, prose)
		}
	}
}

// TestManyNotesListedOnce: every footnote definition of a post is drawn
// once, listed ("12. n") or, in a piece of tiny definitions ("[^1]: n"
// repeated) shown as plain text when the post's notes are not listed
// after its last piece (too many: see notesListed), as its source; never
// both, never neither. And a written post with a few hundred notes, over
// several pieces, lists them all as list items after its end.
func TestManyNotesListedOnce(t *testing.T) {
	listedNote := regexp.MustCompile(`\b[0-9]+\. n\b`)
	count := func(md string) (listed, source int) {
		out, err := Markdown(md, 80, Dark)
		if err != nil {
			t.Fatal(err)
		}
		var rest []string
		for _, l := range strings.Split(xansi.Strip(out), "\n") {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "[^") && strings.HasSuffix(l, "]: n") {
				source++
				continue
			}
			rest = append(rest, l)
		}
		// Listed notes of a letter share lines, "12. n 13. n", and may
		// wrap after a number.
		return len(listedNote.FindAllString(strings.Join(rest, " "), -1)), source
	}
	for _, size := range []int{16 << 10, 64 << 10, 256 << 10} {
		md := markdown.Hostile("footnotes", size)
		listed, source := count(md)
		if defs := strings.Count(md, "]: n\n"); listed+source != defs {
			t.Errorf("%d KB: of %d notes, %d listed and %d shown as their source", size>>10, defs, listed, source)
		}
	}
	// A written post: 300 notes, each referred to in a paragraph of its
	// own and defined at the end.
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "%s A claim that needs a source[^%d], and more words after it.\n\n", strings.Repeat("Some words of the post. ", 10), i)
	}
	for i := range 300 {
		fmt.Fprintf(&b, "[^%d]: The source of claim %d, with its page: n\n", i, i)
	}
	md := b.String()
	if pieces, _ := split(md); len(pieces) < 2 {
		t.Fatalf("the post of %d notes is %d piece: it should be several", 300, len(pieces))
	}
	out, err := Markdown(md, 80, Dark)
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for i := range 300 {
		note := fmt.Sprintf("%d. The source of claim %d,", i+1, i)
		if strings.Count(plain, note) != 1 {
			t.Fatalf("note %d is not listed once after the post (%q)", i+1, note)
		}
	}
	if strings.Contains(plain, "[^") {
		t.Error("a reference or definition is drawn as its source")
	}
}

// TestNestedLongLinesCut: a long line is cut into pieces of about a
// piece's units, counting its nesting, its last part kept whole up to
// maxLine units: "1. " repeated (lists six deep, wrapped
// and padded again at every level) was one piece up to 256 KB, laid out
// at three times prose's time and memory.
func TestNestedLongLinesCut(t *testing.T) {
	for _, name := range []string{"ordered-lists", "quote-lists", "quotes"} {
		md := markdown.Hostile(name, 200<<10)
		pieces, units := split(md)
		if strings.Join(pieces, "") != md {
			t.Errorf("%s: the pieces are not the post", name)
		}
		for i, u := range units {
			if u > maxLine+2*pieceUnits {
				t.Errorf("%s: piece %d of %d costs %d units, at most %d", name, i, len(pieces), u, maxLine+2*pieceUnits)
			}
		}
	}
}

// TestRawTagsCostUnits: raw inline tags count in a piece's cost units
// (each "<" what a line costs), so that a line of nothing but tags is a
// dense piece shown as its text; the tags of an HTML block do not, so a
// long HTML table is laid out as before.
func TestRawTagsCostUnits(t *testing.T) {
	tags := strings.Repeat("<b><i>", 4000) + "a" + strings.Repeat("</b></i>", 4000) + "\n"
	_, inline := split(tags)
	if len(inline) != 1 || !dense(tags, inline[0]) {
		t.Errorf("a line of 56,000 bytes of tags: units %v, want one dense piece", inline)
	}
	// After a comment, which ends its HTML block on its own line, the
	// tags are inline text again.
	afterComment := "<!-- x -->\n" + tags
	if _, u := split(afterComment); len(u) != 1 || !dense(afterComment, u[0]) {
		t.Errorf("the line of tags after a comment line: units %v, want one dense piece", u)
	}
	table := "<table>\n" + strings.Repeat("<tr><td>1</td><td>2</td></tr>\n", 1000) + "</table>\n"
	_, block := split(table)
	if len(block) != 1 || dense(table, block[0]) || block[0] > 2*(len(table)+lineUnits*1002) {
		t.Errorf("an HTML table block of %d bytes: units %v, want about its bytes and lines, not dense", len(table), block)
	}
}

// TestNotesOfOtherPiecesKept: a post of more notes than are listed after
// its end (markdown.MaxListedNotes), cut into pieces between its
// references and its definitions, loses no definition: a piece lists the
// notes it both defines and refers to, so one that defines notes referred
// to elsewhere is shown as its text.
func TestNotesOfOtherPiecesKept(t *testing.T) {
	const notes = 400
	var b strings.Builder
	for i := range notes {
		fmt.Fprintf(&b, "%s a claim[^%d].\n\n", strings.Repeat("Words of the post before the claim. ", 6), i)
	}
	for i := range notes {
		fmt.Fprintf(&b, "[^%d]: Source %d.\n", i, i)
	}
	md := b.String()
	if pieces, _ := split(md); len(pieces) < 2 || notes <= markdown.MaxListedNotes(len(md)) {
		t.Fatalf("%d pieces, %d notes of %d listed: the post must be cut and hold more notes than are listed", len(pieces), notes, markdown.MaxListedNotes(len(md)))
	}
	out, err := Markdown(md, 80, Dark)
	if err != nil {
		t.Fatal(err)
	}
	plain := xansi.Strip(out)
	for i := range notes {
		if !strings.Contains(plain, fmt.Sprintf("Source %d.", i)) {
			t.Fatalf("note %d's text is gone", i)
		}
	}
}

// TestDensePostsShownPlain: a long post of tiny blocks costs glamour ten
// or more times what prose of its size does laid out, so its pieces
// denser than denseUnits are shown as their plain text (see dense), its
// tail too; the lists, outlines and tables of written posts, and short
// posts whatever they hold, are laid out.
func TestDensePostsShownPlain(t *testing.T) {
	items := func(item string, n int) string { return strings.Repeat("- "+item+"\n", n) }
	var reading, outline, table strings.Builder
	reading.WriteString("# Reading list\n\n")
	for i := range 200 {
		fmt.Fprintf(&reading, "- [Article number %d](https://example.com/p/%d)\n", i, i)
	}
	for i := range 50 {
		fmt.Fprintf(&outline, "- Topic %d\n  - Point %d\n    - detail %d\n", i, i, i)
	}
	table.WriteString("| n | x | y |\n|---|---|---|\n")
	for i := range 400 {
		fmt.Fprintf(&table, "| %d | x | y |\n", i)
	}
	for _, c := range []struct {
		name, md string
		plain    bool
	}{
		{"256 KB of one-letter items", items("a", 65536), true},
		{"16 KB of one-letter items (nine pieces)", items("a", 4096), true},
		{"2 KB of one-letter items (one piece)", items("a", 512), false},
		{"prose and then 100 one-word items", longProse(16<<10) + "\n\n" + items("word", 100), false},
		{"a list of 400 two-character items", items("苹果", 400), false},
		{"a reading list of 200 links", reading.String(), false},
		{"an outline three levels deep", outline.String(), false},
	} {
		out, err := Markdown(c.md, 80, Plain)
		if err != nil {
			t.Fatal(err)
		}
		source, bullets := strings.Count(out, "  - "), strings.Count(out, "•")
		switch {
		case c.plain && (bullets != 0 || source == 0):
			t.Errorf("%s: %d items drawn with bullets, %d as written: want all as written", c.name, bullets, source)
		case !c.plain && (bullets == 0 || source != 0):
			t.Errorf("%s: %d items drawn with bullets, %d as written: want all laid out", c.name, bullets, source)
		}
	}
	out, err := Markdown(table.String(), 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "|---|") || !strings.Contains(out, "399") {
		t.Errorf("a table of 400 short rows is not laid out:\n%.300s", out)
	}
	// Display formulas: drawn, their "$$" go; as written, they stay.
	display := "$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n\n"
	for _, c := range []struct {
		name, md string
		plain    bool
	}{
		{"64 KB of \"$$a \"", markdown.Hostile("math-display", 64<<10), true},
		{"20 display formulas between paragraphs", strings.Repeat(longProse(400)+"\n\n"+display, 20), false},
		{"128 display formulas", strings.Repeat(display, markdown.MaxDisplays), false},
	} {
		out, err := Markdown(c.md, 80, Plain)
		if err != nil {
			t.Fatal(err)
		}
		if written := strings.Contains(out, "$$"); written != c.plain {
			t.Errorf("%s: shown as written %v, want %v", c.name, written, c.plain)
		}
	}
}

// TestLinksDefinedAmongManyNotes: in a post of more notes than are
// listed after its end, the pieces after those notes are read only for
// link definitions, and still give them: a link defined among note
// definitions, and a "note" definition quoted as deep as blocks go, which
// is a link's.
func TestLinksDefinedAmongManyNotes(t *testing.T) {
	const notes = 600
	for _, c := range []struct{ ref, def, url, drawn string }{
		{"[the site][lnk]", "[lnk]: https://example.com/lnk", "https://example.com/lnk", "the site["},
		{"[^deep]", strings.Repeat("> ", markdown.MaxBlockDepth) + "[^deep]: https://example.com/deep", "https://example.com/deep", "^deep["},
	} {
		var b strings.Builder
		b.WriteString("See " + c.ref + ".\n\n")
		for i := range notes {
			fmt.Fprintf(&b, "%s a claim[^%d].\n\n", strings.Repeat("Words before the claim. ", 5), i)
		}
		for i := range notes {
			fmt.Fprintf(&b, "[^%d]: Source %d.\n", i, i)
		}
		b.WriteString("\n" + c.def + "\n")
		md := b.String()
		if pieces, _ := split(md); len(pieces) < 3 || notes <= markdown.MaxListedNotes(len(md)) {
			t.Fatalf("%d pieces, %d notes of %d listed: the post must be cut and hold more notes than are listed", len(pieces), notes, markdown.MaxListedNotes(len(md)))
		}
		out := xansi.Strip(render(t, md, 80, Plain))
		if !strings.Contains(out, c.url) || !strings.Contains(out, c.drawn) {
			t.Errorf("the link %s is not drawn as a link:\n%.300s", c.ref, out)
		}
	}
}

// TestManyNotesCutBetween: a long post of more notes than are listed
// after its end is cut between its note definitions into pieces of about
// a piece's units, shown as their text; a shorter one, whose notes are
// listed (as lines), is not.
func TestManyNotesCutBetween(t *testing.T) {
	md := markdown.Hostile("footnotes", 64<<10)
	pieces, units := split(md)
	if strings.Join(pieces, "") != md {
		t.Fatal("the pieces are not the post")
	}
	for i, u := range units {
		if i > 0 && u > pieceUnits+4*(lineUnits+blockUnits) {
			t.Errorf("piece %d of %d: %d units, want about %d", i, len(pieces), u, pieceUnits)
		}
	}
	if short := markdown.Hostile("footnotes", 16<<10); len(split1(short)) != 1 {
		t.Errorf("the 16 KB post of notes is cut: its notes would not be listed")
	}
}

func split1(md string) []string {
	p, _ := split(md)
	return p
}

// TestDefinesOthersReadsOnce: definesOthers answers as reading each
// label anew from its "[^" does (definesOthersAgain), on random pieces of
// brackets, carets, colons, newlines and labels near the length bound.
// It reads the bytes after a run of "[^" once: a piece of nothing but
// "[^" read a label's bound (999 bytes) for each of them. One piece in
// ten is of thousands of units, references past the 256 from which its
// slice of them grows by doubling.
func TestDefinesOthersReadsOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	units := []string{"[^", "[^", "]", "]:", "\n", "a", "1", " ", ">", strings.Repeat("b", 500), strings.Repeat("c", 999), "[^n] ", "[^n] "}
	for i := range 3000 {
		var b strings.Builder
		n := r.IntN(40)
		if i%10 == 0 {
			n = r.IntN(4000)
		}
		for ; n > 0; n-- {
			b.WriteString(units[r.IntN(len(units))])
		}
		piece := b.String()
		if got, want := definesOthers(piece), definesOthersAgain(piece); got != want {
			t.Fatalf("definesOthers(%.80q...) = %v, reading each label anew %v", piece, got, want)
		}
	}
}

// definesOthersAgain is definesOthers reading each label from its "[^"
// up to the label's bound.
func definesOthersAgain(piece string) bool {
	refs := map[string]bool{}
	var defs []string
	for at := 0; ; {
		i := strings.Index(piece[at:], "[^")
		if i < 0 {
			break
		}
		start := at + i
		at = start + 2
		j := strings.IndexAny(piece[at:min(len(piece), at+maxLabel+1)], "]\n")
		if j <= 0 || piece[at+j] != ']' {
			continue
		}
		label := piece[at : at+j]
		if strings.HasPrefix(piece[at+j:], "]:") && atLineStart(piece, start) {
			defs = append(defs, label)
		} else {
			refs[label] = true
		}
	}
	for _, d := range defs {
		if !refs[d] {
			return true
		}
	}
	return false
}
