package e2e

import (
	"strings"
	"testing"
)

// TestMermaidDrawnInThePager opens the sample post with a mermaid
// flowchart through OpenSSH in tmux, finds the chart with search, and
// checks that it is drawn (boxes, an arrow, the edge label) under its
// label at 40 and 100 columns, within the window; `read` prints the same
// drawing.
func TestMermaidDrawnInThePager(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	for _, w := range []int{40, 100} {
		p := newPaneCmd(t, srv.Port, w, 45, "", []string{"-t"}, "markdown-over-ssh")
		waitText(t, p, "The shape of a post")
		p.keys("/")
		waitText(t, p, "Search:")
		p.keys("request travels")
		// The post's result, with the line of the match: the query
		// has been read whole.
		waitText(t, p, "1 result", "A request travels")
		p.keys("Enter")
		screen := waitText(t, p, "mermaid diagram", "│ Wish server │", "key exchange", "▼")
		if strings.Contains(screen, "-->") {
			t.Errorf("@%d: the chart's source is shown:\n%s", w, screen)
		}
		checkWidth(t, p, screen)
	}
	r := runSSH(t, srv.Port, "read", "markdown-over-ssh", "--width", "60")
	if r.Code != 0 || !strings.Contains(r.Stdout, "│ Wish server │") || strings.Contains(r.Stdout, "\x1b") {
		t.Fatalf("read: code %d, stdout:\n%s\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}
}
