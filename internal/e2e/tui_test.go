package e2e

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const (
	longSlug     = "reading-in-the-terminal"
	firstHeading = "一、为什么偏偏是终端"
	laterHeading = "四、把博客搬进 SSH"
	selBar       = "▌"
)

// TestTUI drives the interactive reader in tmux at two window widths.
func TestTUI(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	posts := lsPosts(t, srv.Port)
	idx := -1
	for i, p := range posts {
		if p[1] == longSlug {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("ls does not list %s", longSlug)
	}
	para := firstParagraph(t, readRepoFile(t, "posts/"+longSlug+".md"), 120)

	for _, size := range []struct {
		w, h int
		// key names used for "bottom", "page down" and "back to list"
		end, pgd, back string
	}{
		{80, 24, "G", "Space", "q"},
		{120, 30, "End", "PageDown", "Escape"},
	} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			t.Parallel()
			p := newPane(t, srv.Port, size.w, size.h)
			r := reader{t: t, p: p, posts: posts}

			r.checkList(size.end)
			r.open(idx)
			if size.w > 80 {
				r.checkRewrap(para)
			}
			r.scrollTo(laterHeading, size.pgd)
			r.checkHelp()
			r.backToList(idx, size.back)
			r.quit()
		})
	}
}

// reader is one TUI session under test.
type reader struct {
	t     *testing.T
	p     *pane
	posts [][3]string // from ls: date, slug, title
}

// selected reports whether the screen marks title as the selected post.
func selected(screen, title string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, selBar) && strings.Contains(l, title) {
			return true
		}
	}
	return false
}

// titlesOn returns which post titles appear on the screen.
func (r *reader) titlesOn(screen string) map[string]bool {
	seen := map[string]bool{}
	for _, p := range r.posts {
		if strings.Contains(screen, p[2]) {
			seen[p[2]] = true
		}
	}
	return seen
}

// checkList checks the first screen of the list and its last post, reached
// with the end key.
func (r *reader) checkList(end string) {
	t, p := r.t, r.p
	first, last := r.posts[0][2], r.posts[len(r.posts)-1][2]
	screen := waitFor(t, p, "the post list with the first post selected", func(s string) bool {
		return selected(s, first)
	}, defaultWait)
	checkWidth(t, p, screen)
	if top := strings.TrimSpace(strings.SplitN(screen, "\n", 2)[0]); top != "sshblog" {
		t.Errorf("first line of the list = %q, want the site title sshblog", top)
	}
	r.checkListFooter(screen)
	r.checkMeta(screen, r.posts[0])
	seen := r.titlesOn(screen)
	if len(seen) < 3 {
		t.Errorf("first screen shows %d post titles, want at least 3:\n%s", len(seen), screen)
	}
	// Titles on the first screen must be the newest posts, in order.
	for i, post := range r.posts {
		if !seen[post[2]] {
			for _, later := range r.posts[i+1:] {
				if seen[later[2]] {
					t.Errorf("first screen shows %q but not the newer %q", later[2], post[2])
				}
			}
			break
		}
	}

	p.keys(end)
	screen = waitFor(t, p, "the last post selected after "+end, func(s string) bool {
		return selected(s, last)
	}, defaultWait)
	checkWidth(t, p, screen)
	r.checkListFooter(screen)
	for title := range r.titlesOn(screen) {
		seen[title] = true
	}
	for _, post := range r.posts {
		if !seen[post[2]] {
			t.Errorf("post %q is neither on the first screen nor at the end of the list", post[2])
		}
	}
	if t.Failed() {
		t.Logf("list after %s:\n%s", end, screen)
	}
}

// checkListFooter checks that the footer's key hints end inside the pane
// rather than being cut at its edge.
func (r *reader) checkListFooter(screen string) {
	r.t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, " posts, ") && strings.Contains(l, " words") {
			if !strings.HasSuffix(strings.TrimRight(l, " "), "quit") {
				r.t.Errorf("list footer is cut off: %q", l)
			}
			return
		}
	}
	r.t.Errorf("list footer (\"N posts, N words\") not found:\n%s", screen)
}

var metaRe = regexp.MustCompile(`^([A-Z][a-z]{2} \d{1,2}, \d{4}) · \d+ min read( · #\S+( #\S+)*)?$`)

// checkMeta checks the meta line under a post's title in the list:
// "Jan 2, 2006 · N min read · #tag #tag", with the date ls gives.
func (r *reader) checkMeta(screen string, post [3]string) {
	r.t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines[:len(lines)-1] {
		if !strings.Contains(l, post[2]) {
			continue
		}
		meta := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(lines[i+1]), selBar))
		if m := metaRe.FindStringSubmatch(meta); m == nil || m[1] != englishDate(r.t, post[0]) {
			r.t.Errorf("meta line of %q = %q, want %q · N min read · #tags", post[2], meta, post[0])
		}
		return
	}
	r.t.Errorf("post %q not on the list screen:\n%s", post[2], screen)
}

var statusPct = regexp.MustCompile(`(\d+)%$`)

// pct returns the scroll percentage shown at the right end of the status
// bar, which must be the bottom row: a bar wider than the pane would lose
// it at the edge.
func (r *reader) pct(screen string) int {
	r.t.Helper()
	m := statusPct.FindStringSubmatch(lastLine(screen))
	if m == nil {
		r.t.Fatalf("bottom row is not a status bar ending in NN%%: %q\nscreen:\n%s", lastLine(screen), screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// open moves from the top of the list to the post at index idx (as j
// presses) and opens it.
func (r *reader) open(idx int) {
	t, p := r.t, r.p
	title := r.posts[idx][2]
	p.keys("g")
	waitFor(t, p, "the first post selected after g", func(s string) bool { return selected(s, r.posts[0][2]) }, defaultWait)
	if idx > 0 {
		js := make([]string, idx)
		for i := range js {
			js[i] = "j"
		}
		p.keys(js...)
	}
	waitFor(t, p, fmt.Sprintf("%q selected after %d×j", title, idx), func(s string) bool { return selected(s, title) }, defaultWait)
	p.keys("Enter")
	screen := waitText(t, p, firstHeading)
	checkWidth(t, p, screen)
	checkQuotes(t, screen)
	if !strings.Contains(screen, title) {
		t.Errorf("pager does not show the post title %q:\n%s", title, screen)
	}
	if n := r.pct(screen); n != 0 {
		t.Errorf("pager opened at %d%%, want 0%%", n)
	}
}

// checkRewrap resizes the window narrower and back while the start of the
// post is on screen, and checks that the first paragraph re-flows: its text
// stays continuous (never cut at the edge) and takes more rows when the
// window is narrower.
func (r *reader) checkRewrap(para string) {
	t, p := r.t, r.p
	w, h := p.width, p.height
	wide := waitFor(t, p, "the first paragraph at full width", func(s string) bool { return paraRows(s, para) > 0 }, defaultWait)
	wideRows := paraRows(wide, para)

	p.resize(80, h)
	narrow := waitFor(t, p, "the first paragraph re-wrapped to 80 columns", func(s string) bool {
		return paraRows(s, para) > wideRows
	}, defaultWait)
	checkWidth(t, p, narrow)
	checkQuotes(t, narrow)
	r.pct(narrow)
	if !strings.Contains(narrow, firstHeading) {
		t.Errorf("after resizing to 80 columns the pager no longer shows the start of the post:\n%s", narrow)
	}

	p.resize(w, h)
	again := waitFor(t, p, fmt.Sprintf("the first paragraph re-wrapped back to %d columns", w), func(s string) bool {
		return paraRows(s, para) == wideRows
	}, defaultWait)
	checkWidth(t, p, again)
	r.pct(again)
}

// paraRows is how many screen rows hold para when the rows are joined with
// blanks removed, or 0 when para is not continuous text on the screen.
func paraRows(screen, para string) int {
	var joined strings.Builder
	var rowAt []int // row of each byte of joined
	for i, l := range strings.Split(screen, "\n") {
		l = strings.ReplaceAll(l, " ", "")
		joined.WriteString(l)
		for range len(l) {
			rowAt = append(rowAt, i)
		}
	}
	start := strings.Index(joined.String(), para)
	if start < 0 {
		return 0
	}
	return rowAt[start+len(para)-1] - rowAt[start] + 1
}

// firstParagraph is the first n characters of the first paragraph of a
// post's body, with markdown emphasis and blanks removed.
func firstParagraph(t *testing.T, src string, n int) string {
	t.Helper()
	parts := strings.SplitN(src, "\n---\n", 2)
	if len(parts) != 2 {
		t.Fatalf("no YAML front matter in the post source")
	}
	para, _, _ := strings.Cut(strings.TrimSpace(parts[1]), "\n\n")
	para = strings.NewReplacer("**", "", "*", "", "`", "", " ", "", "\n", "").Replace(para)
	runes := []rune(para)
	if len(runes) < n {
		t.Fatalf("first paragraph has only %d characters, want %d", len(runes), n)
	}
	return string(runes[:n])
}

// scrollTo pages down until text is on screen, checking that every page
// fits the pane and that the position only moves forward.
func (r *reader) scrollTo(text, pgdown string) {
	t, p := r.t, r.p
	screen := p.capture()
	last := r.pct(screen)
	for i := 0; !strings.Contains(screen, text); i++ {
		if last >= 100 || i >= 40 {
			t.Fatalf("reached %d%% after %d pages without seeing %q; screen:\n%s", last, i, text, screen)
		}
		prev := screen
		p.keys(pgdown)
		screen = waitFor(t, p, "the next page after "+pgdown, func(s string) bool { return s != prev }, defaultWait)
		checkWidth(t, p, screen)
		checkQuotes(t, screen)
		n := r.pct(screen)
		if n <= last {
			t.Errorf("%s moved from %d%% to %d%%, want forward", pgdown, last, n)
		}
		last = n
	}
}

// checkHelp opens the help screen with ? and closes it again. The help
// screen replaces the post text and lists the keys with their meaning.
func (r *reader) checkHelp() {
	t, p := r.t, r.p
	before := waitFor(t, p, "a steady pager screen", func(string) bool { return true }, defaultWait)
	p.keys("?")
	screen := waitFor(t, p, "the help screen after ?", func(s string) bool {
		return !strings.Contains(s, laterHeading) && strings.Contains(s, "quit")
	}, defaultWait)
	checkWidth(t, p, screen)
	for _, want := range []string{"page down", "page up", "quit"} {
		if !strings.Contains(screen, want) {
			t.Errorf("help screen lacks %q:\n%s", want, screen)
		}
	}
	p.keys("?")
	waitFor(t, p, "the same page of the post back after a second ?", func(s string) bool {
		return s == before
	}, defaultWait)
}

// backToList leaves the pager with the back key (q or Escape) and expects
// the list with the same post still selected.
func (r *reader) backToList(idx int, back string) {
	t, p := r.t, r.p
	title := r.posts[idx][2]
	p.keys(back)
	screen := waitFor(t, p, fmt.Sprintf("the list with %q still selected", title), func(s string) bool {
		return selected(s, title)
	}, defaultWait)
	checkWidth(t, p, screen)
	r.checkListFooter(screen)
	r.checkMeta(screen, r.posts[idx])
	if n := strings.Count(screen, selBar); n != 3 {
		t.Errorf("list marks %d rows with %s, want the 3 rows of one post:\n%s", n, selBar, screen)
	}
}

// quit presses q on the list and expects ssh to exit with status 0.
func (r *reader) quit() {
	t, p := r.t, r.p
	p.keys("q")
	var status string
	waitFor(t, p, "ssh to exit after q on the list", func(string) bool {
		var dead bool
		dead, status = p.dead()
		return dead
	}, defaultWait)
	if status != "" && status != "0" {
		t.Errorf("ssh exited with status %s after q, want 0", status)
	}
}
