package e2e

import (
	"strings"
	"testing"
)

// TestTableOfContentsAndLinks opens the table of contents of a long post
// through OpenSSH in tmux and jumps to a heading far down, then lists the
// links of another post and selects one.
func TestTableOfContentsAndLinks(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	posts := lsPosts(t, srv.Port)
	index := func(slug string) int {
		for i, p := range posts {
			if p[1] == slug {
				return i
			}
		}
		t.Fatalf("ls does not list %s", slug)
		return -1
	}
	// set-clipboard on: tmux takes a program's OSC 52 into a paste
	// buffer, where the test can read what the reader would paste.
	p := newPaneConf(t, srv.Port, 80, 24, "set-option -s set-clipboard on\n")
	r := reader{t: t, p: p, posts: posts}
	r.open(index(longSlug))

	p.keys("o")
	screen := waitFor(t, p, "the table of contents", func(s string) bool {
		return (strings.Contains(s, "Contents") || strings.Contains(s, "目录")) && strings.Contains(s, "慢，是一种选择")
	}, defaultWait)
	checkWidth(t, p, screen)
	// The tenth heading, "四、把博客搬进 SSH".
	p.keys("g", "j", "j", "j", "j", "j", "j", "j", "j", "j", "Enter")
	screen = waitFor(t, p, laterHeading+" at the top of the text", func(s string) bool {
		lines := strings.Split(s, "\n")
		for i := 0; i < min(len(lines), 7); i++ {
			if strings.Contains(lines[i], laterHeading) {
				return true
			}
		}
		return false
	}, defaultWait)
	if strings.Contains(screen, firstHeading) {
		t.Errorf("the jump left the first heading on screen:\n%s", screen)
	}

	p.keys("q")
	waitFor(t, p, "the list", func(s string) bool { return selected(s, posts[index(longSlug)][2]) }, defaultWait)
	links := index("markdown-over-ssh")
	p.keys("g")
	for range links {
		p.keys("j")
	}
	waitFor(t, p, "the post with links selected", func(s string) bool { return selected(s, posts[links][2]) }, defaultWait)
	p.keys("Enter")
	waitText(t, p, "The shape of a post") // o and l wait for the text
	p.keys("l")
	screen = waitText(t, p, "[1] Hugo's content conventions", "[2] RFC 3339", "https://gohugo.io/content-management/organization/")
	checkWidth(t, p, screen)
	p.keys("j", "Enter")
	waitText(t, p, "https://www.rfc-editor.org/rfc/rfc3339")
	waitFor(t, p, "the URL in the clipboard", func(string) bool {
		out, err := p.tryTmux("show-buffer")
		return err == nil && out == "https://www.rfc-editor.org/rfc/rfc3339"
	}, defaultWait)
	p.keys("Escape")
	waitFor(t, p, "the post again", func(s string) bool { return !strings.Contains(s, "[2] RFC 3339") }, defaultWait)
}
