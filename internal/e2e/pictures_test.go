package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// A post's bundle image is drawn in the pager as half-block cells in the
// terminal's colours, 256 of them by default (tmux's TERM) and 24-bit when
// the client says COLORTERM=truecolor, with its figure line under it;
// `read` prints the figure line only.
func TestPagerDrawsBundlePicture(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	for _, c := range []struct {
		name, conf string
		opts       []string
		colour     *regexp.Regexp
	}{
		{"256 colours", "", nil, regexp.MustCompile(`\x1b\[[0-9;]*[34]8;5;[0-9]+[0-9;]*m▀`)},
		// colorprofile ignores COLORTERM under TERM=tmux*/screen*.
		{"truecolor", "set-option -g default-terminal xterm-256color\n", []string{"-o", "SetEnv=COLORTERM=truecolor"},
			regexp.MustCompile(`\x1b\[[0-9;]*[34]8;2;[0-9]+;[0-9]+;[0-9]+[0-9;]*m▀`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := newPaneSSH(t, srv.Port, 100, 40, c.conf, c.opts...)
			waitText(t, p, "Figures in the Terminal")
			// One key at a time, each seen on screen, down to the post.
			for screen := p.capture(); !selected(screen, "Figures in the Terminal"); {
				p.keys("j")
				before := screen
				screen = waitFor(t, p, "the selection to move", func(s string) bool { return s != before }, defaultWait)
			}
			p.keys("Enter")
			screen := waitText(t, p, "<harbour-at-dusk.png>", "▀")
			colours := p.captureColours()
			cells := c.colour.FindAllString(colours, -1)
			if len(cells) < 10 {
				t.Fatalf("%d coloured half-block cells, want a picture; screen:\n%s", len(cells), screen)
			}
			// The picture stands right above its figure line.
			rows := strings.Split(screen, "\n")
			for i, r := range rows {
				if strings.Contains(r, "<harbour-at-dusk.png>") || strings.Contains(r, "▢ The harbour at dusk") {
					if i == 0 || !strings.Contains(rows[i-1], "▀") {
						t.Errorf("no picture above the figure line; screen:\n%s", screen)
					}
					break
				}
			}
			checkWidth(t, p, screen)
		})
	}
	r := runSSH(t, srv.Port, "read", "figures-in-the-terminal", "--width", "80")
	if r.Code != 0 || strings.Contains(r.Stdout, "▀") || strings.Contains(r.Stdout, "\x1b") {
		t.Fatalf("read: code %d, stdout:\n%s\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}
	for _, want := range []string{"<harbour-at-dusk.png>", "video: A short film <https://www.youtube.com/embed/aqz-KE-bpKQ>"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("read lacks %q:\n%s", want, r.Stdout)
		}
	}
}
