package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/markdown"
)

// TestHostilePosts serves posts built to hurt the renderer next to the
// sample blog: the "*" x 100,000 around a letter (which killed the
// whole process with a stack overflow when anyone opened it), ">" and
// "- " x 10,000 (minutes and gigabytes each), a post over --max-post-size
// (plain text with a notice, listed by problems) and a long one (progress
// while it renders, and q leaves at once). The blog goes on serving.
// (The same read on main: "fatal error: stack overflow", exit status 2.)
func TestHostilePosts(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	dir := copyContent(t)
	post := func(slug, title, date, body string) {
		writeContent(t, dir, "posts/"+slug+".md", "---\ntitle: "+title+"\ndate: "+date+"\n---\n"+body)
	}
	// Sizes that stay well inside runSSH's 20 s under a race-built server.
	prose := markdown.Hostile("prose", 1500<<10)
	post("too-large", "Too Large", "2026-11-25", prose+prose[:len(prose)/2])
	post("long-read", "Long Read", "2026-11-24", prose)
	post("deep-emphasis", "Deep Emphasis", "2026-11-23", strings.Repeat("*", 100_000)+"deepword"+strings.Repeat("*", 100_000)+"\n")
	post("deep-quotes", "Deep Quotes", "2026-11-22", strings.Repeat(">", 10_000)+" quoted\n\n"+strings.Repeat("- ", 10_000)+"listed\n")
	srv := startServerOn(t, t.TempDir(), dir, "--max-post-size", "2MB")

	// read: each post, whole, without killing the server.
	for slug, want := range map[string]string{"deep-emphasis": "deepword", "deep-quotes": "listed"} {
		res := runSSH(t, srv.Port, "read", slug)
		if res.Code != 0 || !strings.Contains(res.Stdout, want) || res.Stderr != "" {
			t.Errorf("read %s: status %d, stderr %q, %q in the text: %v", slug, res.Code, res.Stderr, want, strings.Contains(res.Stdout, want))
		}
		checkPlain(t, res.Stdout, 80)
	}
	res := runSSH(t, srv.Port, "read", "too-large", "--width", "60")
	if res.Code != 0 || !strings.Contains(res.Stderr, "larger than the maximum post size") || !strings.Contains(res.Stdout, "The quick brown fox") {
		t.Errorf("read too-large: status %d, stderr %q", res.Code, res.Stderr)
	}
	res = runSSH(t, srv.Port, "problems")
	if !strings.Contains(res.Stdout, "posts/too-large.md: larger than --max-post-size (") || !strings.Contains(res.Stdout, " > 2048 KB): shown as plain text\n") || strings.Contains(res.Stdout, "deep-") {
		t.Errorf("problems:\n%s", res.Stdout)
	}

	// The reader: the too-large post is plain text under a notice.
	p := newPane(t, srv.Port, 100, 30)
	waitFor(t, p, "the list with the newest post selected", func(s string) bool { return selected(s, "Too Large") }, defaultWait)
	p.keys("Enter")
	screen := waitText(t, p, "This post is too large to lay out: shown as plain text", "The quick brown fox")
	checkWidth(t, p, screen)
	p.keys("q")
	waitFor(t, p, "the list after q", func(s string) bool { return selected(s, "Too Large") }, defaultWait)

	// The long post shows progress while it renders, and q leaves at once.
	p.keys("j")
	waitFor(t, p, "Long Read selected", func(s string) bool { return selected(s, "Long Read") }, defaultWait)
	p.keys("Enter")
	screen = waitFor(t, p, "the long post rendering or shown", func(s string) bool {
		return strings.Contains(s, "Rendering…") || strings.Contains(s, "The quick brown fox")
	}, defaultWait)
	if strings.Contains(screen, "Rendering…") {
		p.keys("q")
		start := time.Now()
		waitFor(t, p, "the list right after q", func(s string) bool { return selected(s, "Long Read") }, defaultWait)
		t.Logf("left a rendering post in %v", time.Since(start).Round(time.Millisecond))
	} else {
		t.Log("the long post rendered before the screen was read; leaving it mid-render not checked")
		p.keys("q")
	}

	// The deep posts open, show their text and scroll.
	p.keys("j")
	waitFor(t, p, "Deep Emphasis selected", func(s string) bool { return selected(s, "Deep Emphasis") }, defaultWait)
	p.keys("Enter")
	screen = waitFor(t, p, "the deep emphasis post", func(s string) bool {
		return strings.Contains(s, "deepword") && statusPct.MatchString(lastLine(s))
	}, 30*time.Second)
	checkWidth(t, p, screen)
	p.keys("q", "j", "Enter")
	screen = waitFor(t, p, "the deep quotes post", func(s string) bool {
		return strings.Contains(s, "Deep Quotes") && statusPct.MatchString(lastLine(s)) && !strings.Contains(s, "Rendering")
	}, 30*time.Second)
	checkWidth(t, p, screen)
	p.keys("G")
	waitText(t, p, "listed")

	// Everything else still works.
	if posts := lsPosts(t, srv.Port); len(posts) < 8 {
		t.Errorf("ls lists %d posts after the hostile ones were read", len(posts))
	}
}
