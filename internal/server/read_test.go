package server

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/sanitize"
)

// TestReadPrintsThePagersText: `read SLUG --width W` prints, below the
// title and meta lines, exactly the text the pager shows at text width W
// (its dark style) without the escape codes: the same wrapping and glyphs,
// no markdown markers, for every sample page at 40, 80 and 120 columns.
func TestReadPrintsThePagersText(t *testing.T) {
	snap := sample(t)
	for _, p := range append(append(snap.Posts[:0:0], snap.Posts...), snap.Pages...) {
		md, _ := snap.Markdown(p)
		for _, w := range []int{40, 80, 120} {
			pager, err := render.Markdown(md, w, render.Dark)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(pager, "\n")
			for i, l := range lines {
				lines[i] = strings.TrimRight(sanitize.Text(l), " ")
			}
			want := strings.Join(lines, "\n")
			out, stderr, code := run(t, snap, "read", p.Slug, "--width", strconv.Itoa(w))
			if code != 0 {
				t.Fatalf("read %s: status %d: %s", p.Slug, code, stderr)
			}
			if !strings.HasSuffix(out, "\n\n"+want+"\n") {
				t.Errorf("read %s --width %d differs from the pager's text:\n%s", p.Slug, w, firstDifference(out, want))
			}
			for _, marker := range []string{"**", "__", "\x1b"} {
				if strings.Contains(out, marker) {
					t.Errorf("read %s --width %d prints %q", p.Slug, w, marker)
				}
			}
		}
	}
}

// firstDifference shows the first line of got's body that differs from
// want.
func firstDifference(got, want string) string {
	g := strings.Split(got, "\n")
	wl := strings.Split(want, "\n")
	off := max(0, len(g)-1-len(wl)) // got ends with a newline
	for i, l := range wl {
		if off+i >= len(g) || g[off+i] != l {
			gl := ""
			if off+i < len(g) {
				gl = g[off+i]
			}
			return "read:  " + strconv.Quote(gl) + "\npager: " + strconv.Quote(l)
		}
	}
	return "(lengths differ)"
}
