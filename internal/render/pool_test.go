package render

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/markdown"
)

// longProse is a post of many pieces.
func longProse(size int) string { return markdown.Hostile("prose", size) }

func waitProgress(t *testing.T, tk *Ticket) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for tk.Progress() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the long render never started")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPoolTakesTurnsByPiece: with one worker busy on a long post, a short
// post asked for later is rendered after at most the piece under way (and
// one more, by rounding), not after the whole long post.
func TestPoolTakesTurnsByPiece(t *testing.T) {
	p := NewPool(NewCache(64<<20), 1, Options{})
	defer p.Close()
	long := longProse(1 << 20)
	longPieces, _ := split(long)
	n := len(longPieces)
	if n < 8 {
		t.Fatalf("the long post is %d pieces; the test needs many", n)
	}
	big := p.Client().Render(Request{Key: "big", Markdown: long, Width: 80, Style: Dark})
	defer big.Cancel()
	waitProgress(t, big)
	before := big.Progress()
	small := p.Client().Render(Request{Key: "small", Markdown: sample, Width: 80, Style: Dark})
	<-small.Done()
	if r, err := small.Result(); err != nil || len(r.Lines) == 0 {
		t.Fatalf("small post: %v", err)
	}
	if after := big.Progress(); after-before > 2.0/float64(n)+1e-9 {
		t.Errorf("the long post went from %.2f to %.2f (%d pieces) before the short one was done", before, after, n)
	}
	if big.Ready() {
		t.Error("the long post was finished first")
	}
}

// TestOneRenderPendingPerSession: a session's newer request replaces its
// older one, whose job (nobody else waiting) stops and is not kept.
func TestOneRenderPendingPerSession(t *testing.T) {
	c := NewCache(64 << 20)
	p := NewPool(c, 1, Options{})
	defer p.Close()
	s := p.Client()
	old := s.Render(Request{Key: "big", Markdown: longProse(1 << 20), Width: 80, Style: Dark})
	waitProgress(t, old)
	cur := s.Render(Request{Key: "big", Markdown: longProse(1 << 20), Width: 100, Style: Dark})
	defer s.Cancel()
	select {
	case <-old.Done():
	case <-time.After(time.Minute):
		t.Fatal("the replaced render did not stop")
	}
	if _, err := old.Result(); !errors.Is(err, context.Canceled) {
		t.Errorf("replaced render ended with %v, want it cancelled", err)
	}
	if old.Progress() == 1 {
		t.Error("the replaced render ran to the end")
	}
	if _, ok := c.Get(Key("big", 80, Dark)); ok {
		t.Error("the cancelled render was cached")
	}
	if cur.Ready() && cur.Progress() < 1 {
		t.Error("the current request was cancelled too")
	}
}

// TestSharedRenderOutlivesOneReader: a job two sessions wait for goes on
// when one of them leaves.
func TestSharedRenderOutlivesOneReader(t *testing.T) {
	p := NewPool(NewCache(64<<20), 1, Options{})
	defer p.Close()
	req := Request{Key: "big", Markdown: longProse(256 << 10), Width: 80, Style: Dark}
	a, b := p.Client().Render(req), p.Client().Render(req)
	a.Cancel()
	<-b.Done()
	if r, err := b.Result(); err != nil || r.Notice != LaidOut || len(r.Lines) < 100 {
		t.Fatalf("the remaining reader got %v", err)
	}
}

// TestCachedRenderNeverQueues: with the only worker busy, a cached post
// is ready at once.
func TestCachedRenderNeverQueues(t *testing.T) {
	p := NewPool(NewCache(64<<20), 1, Options{})
	defer p.Close()
	req := Request{Key: "small", Markdown: sample, Width: 80, Style: Dark}
	if _, err := p.Render(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	big := p.Client().Render(Request{Key: "big", Markdown: longProse(1 << 20), Width: 80, Style: Dark})
	defer big.Cancel()
	waitProgress(t, big)
	if !p.Client().Render(req).Ready() {
		t.Error("a cached render waited behind the busy worker")
	}
}

// TestRenderStopsWithItsContext: the read command's render ends with the
// session.
func TestRenderStopsWithItsContext(t *testing.T) {
	c := NewCache(64 << 20)
	p := NewPool(c, 1, Options{})
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := p.Render(ctx, Request{Key: "big", Markdown: longProse(4 << 20), Width: 80, Style: Plain}); !errors.Is(err, context.Canceled) {
		t.Errorf("render ended with %v, want the context's error", err)
	}
	// The job stops at its next piece: the worker is free again soon.
	if _, err := p.Render(context.Background(), Request{Key: "small", Markdown: sample, Width: 80, Style: Plain}); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(Key("big", 80, Plain)); ok {
		t.Error("the abandoned render ran to the end")
	}
}

// TestOverBudgetShowsPlainText: a render over its budget is replaced by
// the post's plain text with a notice, listed as a problem, and not tried
// again at another width.
func TestOverBudgetShowsPlainText(t *testing.T) {
	var budgets int
	var told []Problem
	p := NewPool(NewCache(64<<20), 1, Options{
		Budget:    func(int) time.Duration { budgets++; return 0 },
		OnFailure: func(pr Problem) { told = append(told, pr) },
	})
	defer p.Close()
	md := "# Title\n\nSome *text* with `code`.\n"
	r, err := p.Render(context.Background(), Request{Path: "posts/x.md", Key: "x#1", Markdown: md, Width: 60, Style: Dark})
	if err != nil {
		t.Fatal(err)
	}
	if r.Notice != Failed || !strings.Contains(r.String(), "Some *text* with `code`.") || !strings.Contains(r.Reason, "budget") {
		t.Errorf("got notice %d, reason %q:\n%s", r.Notice, r.Reason, r)
	}
	probs := p.Problems()
	if len(probs) != 1 || probs[0].Path != "posts/x.md" || probs[0].Key != "x#1" {
		t.Errorf("problems = %+v", probs)
	}
	if len(told) != 1 || told[0] != probs[0] {
		t.Errorf("told of %+v", told)
	}
	n := budgets
	r, _ = p.Render(context.Background(), Request{Path: "posts/x.md", Key: "x#1", Markdown: md, Width: 90, Style: Dark})
	if r.Notice != Failed || budgets != n {
		t.Errorf("another width: notice %d, rendered again: %v", r.Notice, budgets != n)
	}
}

func TestTooLargeShowsPlainText(t *testing.T) {
	p := NewPool(NewCache(64<<20), 1, Options{MaxPostSize: 100})
	defer p.Close()
	md := "# 标题\n\n" + strings.Repeat("Plain words\tand a tab. ", 20) + "\x1b[31m\n"
	r, err := p.Render(context.Background(), Request{Path: "big.md", Key: "big#1", Markdown: md, Width: 40, Style: Dark})
	if err != nil {
		t.Fatal(err)
	}
	if r.Notice != TooLarge || !strings.Contains(r.String(), "# 标题") {
		t.Errorf("notice %d:\n%s", r.Notice, r)
	}
	for _, l := range r.Lines {
		if strings.ContainsAny(l, "\x1b\t") || len([]rune(l)) > 40 {
			t.Errorf("plain line %q: escapes, tabs or wider than 40", l)
		}
	}
}

func TestSplitKeepsOrdinaryPostsWhole(t *testing.T) {
	if pieces, _ := split(sample); len(pieces) != 1 {
		t.Errorf("the sample post is %d pieces", len(pieces))
	}
	// A long post is cut only at blank lines before a line at the margin,
	// outside fences, and its pieces together are the post.
	unit := "Para one.\n\n- item\n\n  continued item\n\n```go\nx := 1\n\ny := 2\n```\n\n<!--\n\ncomment\n-->\n\n: def\n\n"
	md := strings.Repeat(unit, 4000)
	pieces, _ := split(md)
	if len(pieces) < 2 || strings.Join(pieces, "") != md {
		t.Fatalf("%d pieces; joined equal: %v", len(pieces), strings.Join(pieces, "") == md)
	}
	for _, pc := range pieces[1:] {
		for _, inside := range []string{" ", "y := 2", "comment", "-->", ":"} {
			if strings.HasPrefix(pc, inside) {
				t.Errorf("a piece starts inside a block: %.30q", pc)
			}
		}
	}
	// A fence with no blank line is cut and opened again.
	code := "```go\n" + strings.Repeat("fmt.Println(1)\n", 20000) + "```\n"
	pieces, _ = split(code)
	if len(pieces) < 2 {
		t.Fatal("a long code block was not cut")
	}
	for i, pc := range pieces {
		if !strings.HasPrefix(pc, "```go\n") || !strings.HasSuffix(pc, "```\n") {
			t.Errorf("piece %d is not a whole code block: %.20q ... %.20q", i, pc, pc[max(0, len(pc)-20):])
		}
	}
	// A long table is cut between rows, its header repeated.
	table := "| a | b |\n|---|:-:|\n" + strings.Repeat("| 1 | 2 |\n", 30000)
	pieces, _ = split(table)
	if len(pieces) < 2 {
		t.Fatal("a long table was not cut")
	}
	for i, pc := range pieces {
		if !strings.HasPrefix(pc, "| a | b |\n|---|:-:|\n| 1 | 2 |\n") {
			t.Errorf("piece %d does not start as a table: %.30q", i, pc)
		}
	}
	// One giant line is cut between words.
	line := strings.Repeat("word ", maxLine/2)
	pieces, _ = split(line)
	for _, pc := range pieces {
		if strings.HasPrefix(pc, "ord") || len(pc) > maxLine+2*pieceUnits {
			t.Errorf("piece of %d bytes starts %.10q", len(pc), pc)
		}
	}
}

func TestLinkDefinitionsReachEveryPiece(t *testing.T) {
	md := "See [the spec][s].\n\n" + longProse(256<<10) + "\n[s]: https://example.com/spec\n"
	out, err := Markdown(md, 80, Plain)
	if err != nil {
		t.Fatal(err)
	}
	// A link without its definition would be "[the spec][s]" as text.
	if first, _, _ := strings.Cut(out, "\n"); !strings.Contains(first, "the spec[1]") || !strings.HasSuffix(out, "[1] https://example.com/spec") {
		t.Errorf("the link in the first piece lost its definition: %q ... %q", first, out[max(0, len(out)-200):])
	}
}

// TestLongPostTakesTurnsFromItsStart: cutting a post into pieces and
// reading its link definitions take turns with other renders too, a
// piece at a time. They were one step: 4 MB of link definitions held the
// only worker for 3 s (10 MB: 8 s) before a short post asked for at the
// same time could start, and a reader who left could not stop it. Each
// step of the long post's work cuts at most cutsPerStep pieces, or reads
// the definitions of at most one piece, or lays out one piece; the pool
// takes turns by steps (TestPoolTakesTurnsByPiece), so the short post
// asked for meanwhile is done before the long one.
func TestLongPostTakesTurnsFromItsStart(t *testing.T) {
	long := strings.Repeat("[a]: /u\n", hostileSize*16/8)
	pieces, _ := split(long)
	if len(pieces) < 2*cutsPerStep {
		t.Fatalf("the long post is %d pieces; the test needs many", len(pieces))
	}
	w := newWork(long, 80, Dark, nil)
	cutting, reading := 0, 0 // the steps that cut, that read definitions
	for {
		cut, defs, laid := len(w.pieces), w.defs, w.next
		done, err := w.step()
		if err != nil {
			t.Fatal(err)
		}
		// The step that cuts the last pieces goes on to the next phase.
		n, d, l := len(w.pieces)-cut, w.defs-defs, w.next-laid
		if n > cutsPerStep || d > 1 || l > 1 || d > 0 && l > 0 {
			t.Fatalf("a step cut %d pieces, read the definitions of %d and laid out %d", n, d, l)
		}
		if n > 0 {
			cutting++
		}
		if d > 0 {
			reading++
		}
		if done || w.next > 0 {
			break // cut, definitions read: the rest is laid out a piece a step
		}
	}
	if cutting < len(pieces)/cutsPerStep || reading < 2 {
		t.Errorf("%d pieces were cut in %d steps and their definitions read in %d", len(pieces), cutting, reading)
	}

	p := NewPool(NewCache(64<<20), 1, Options{})
	defer p.Close()
	big := p.Client().Render(Request{Key: "big", Markdown: long, Width: 80, Style: Dark})
	defer big.Cancel()
	small, err := p.Render(context.Background(), Request{Key: "small", Markdown: sample, Width: 80, Style: Dark})
	if err != nil || len(small.Lines) == 0 {
		t.Fatalf("small post: %v", err)
	}
	if big.Ready() {
		t.Errorf("the %d KB of definitions were laid out before the short post", len(long)>>10)
	}
}

// TestFinishedRenderHoldsOnlyItsLines: a reader's ticket keeps the render
// it shows, not the work that made it: the pieces, their tagged markdown
// and list items' text held about twice the render again (a 1 MB post of
// Chinese list items: 5.8 MB for a 2 MB render), for as long as the
// reader stayed on the post, at every width readers chose.
func TestFinishedRenderHoldsOnlyItsLines(t *testing.T) {
	p := NewPool(NewCache(1<<10), 1, Options{}) // keeps nothing
	defer p.Close()
	md := strings.Repeat("- 在终端里读书与写作，在终端里读书与写作 item with some words\n", hostileSize/80)
	// The heap is the process's: whatever the package's other tests left
	// running may grow it between the two readings. What a ticket holds
	// stays held, so a render that is over once in three tries is not a
	// ticket's doing; one over in all three is.
	var held, size int64
	for try := range 3 {
		before := liveHeap()
		tk := p.Client().Render(Request{Key: "k" + strconv.Itoa(try), Markdown: md, Width: 80, Style: Dark})
		<-tk.Done()
		r, err := tk.Result()
		if err != nil {
			t.Fatal(err)
		}
		held, size = int64(liveHeap())-int64(before), r.size()
		runtime.KeepAlive(tk)
		tk.Cancel()
		if held <= 2*size {
			break
		}
	}
	if held > 2*size {
		t.Errorf("a finished %d KB render held by its ticket keeps %d KB", size>>10, held>>10)
	}
	runtime.KeepAlive(md)
}
