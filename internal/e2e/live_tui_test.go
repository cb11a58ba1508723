package e2e

import (
	"strings"
	"testing"
)

const (
	freshTitle = "Fresh From The Press"
	freshPath  = "posts/e2e-fresh.md"
	freshHead  = "---\ntitle: \"" + freshTitle + "\"\ndate: 2026-11-26\ntags: [e2e]\n---\n\n"
	freshBody  = "The first version of this post appeared while the reader was open."
	revised    = "REVISED"
	revBody    = "This REVISED version replaced the first one under an open pager."

	noticeList  = "The blog was updated"
	noticePager = "This post was updated: press r to reload"
)

// TestLiveReloadTUI changes the content folder under an open reader: a new
// post appears in the list with a notice, and an edit to the post being
// read is announced in the status bar and shown only after r.
func TestLiveReloadTUI(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	dir := copyContent(t)
	srv := startServerOn(t, t.TempDir(), dir)
	posts := lsPosts(t, srv.Port)
	for _, p := range posts {
		if p[0] >= "2026-11-26" {
			t.Fatalf("sample post %s is dated %s; the test needs its new post to be the newest", p[1], p[0])
		}
	}
	first := posts[0][2]
	p := newPane(t, srv.Port, 100, 30)
	r := reader{t: t, p: p, posts: posts}
	waitFor(t, p, "the post list with the first post selected", func(s string) bool {
		return selected(s, first)
	}, defaultWait)

	// A new post, newer than all others: listed first, with the notice;
	// the cursor stays on the post it was on.
	writeContent(t, dir, freshPath, freshHead+freshBody+"\n")
	screen := waitText(t, p, freshTitle, noticeList)
	checkWidth(t, p, screen)
	if !selected(screen, first) {
		t.Errorf("after the update the cursor left %q:\n%s", first, screen)
	}
	if i, j := strings.Index(screen, freshTitle), strings.Index(screen, first); j >= 0 && i > j {
		t.Errorf("the new post is listed after %q, want it first (newest):\n%s", first, screen)
	}

	// Open it: g to the top, Enter.
	p.keys("g")
	waitFor(t, p, "the new post selected after g", func(s string) bool { return selected(s, freshTitle) }, defaultWait)
	p.keys("Enter")
	// The list shows the body too, as the summary: wait for the pager's
	// status bar as well.
	waitFor(t, p, "the new post in the pager", func(s string) bool {
		return statusPct.MatchString(lastLine(s)) && strings.Contains(s, freshBody)
	}, defaultWait)

	// Edit the open post: the pager keeps the old text and says so.
	replaceContent(t, dir, freshPath, freshHead+revBody+"\n")
	screen = waitFor(t, p, "the status bar to announce the edit", func(s string) bool {
		return strings.Contains(lastLine(s), noticePager)
	}, defaultWait)
	checkWidth(t, p, screen)
	if strings.Contains(screen, revised) {
		t.Errorf("the pager shows the edit before r was pressed:\n%s", screen)
	}
	if !strings.Contains(screen, freshBody) {
		t.Errorf("the pager no longer shows the old text before r:\n%s", screen)
	}

	// r shows the new version.
	p.keys("r")
	screen = waitText(t, p, revised)
	checkWidth(t, p, screen)
	if strings.Contains(screen, freshBody) {
		t.Errorf("after r the pager still shows the old text:\n%s", screen)
	}

	// Back to the list, on the same post, and out.
	p.keys("q")
	screen = waitFor(t, p, "the list with the new post selected", func(s string) bool {
		return selected(s, freshTitle)
	}, defaultWait)
	checkWidth(t, p, screen)
	r.quit()
}
