package e2e

import (
	"strings"
	"testing"
)

// The reader asks the terminal for its background colour: a light
// terminal gets glamour's light style (dark grey text, 256-colour 234), a
// dark one the dark style (light grey text, 252). tmux answers the query
// with the pane's window-style background.
func TestStyleFollowsTerminalBackground(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	for _, c := range []struct {
		name, bg        string
		want, notWanted string
	}{
		{"light", "#ffffff", "38;5;234m", "38;5;252m"},
		{"dark", "#000000", "38;5;252m", "38;5;234m"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := newPaneConf(t, srv.Port, 100, 30, "set-option -g window-style 'bg="+c.bg+"'\n")
			waitText(t, p, "posts")
			p.keys("Enter")
			screen := waitFor(t, p, "the first post open", func(s string) bool { return strings.Contains(s, "q/esc") }, defaultWait)
			colours := p.captureColours()
			if !strings.Contains(colours, c.want) || strings.Contains(colours, c.notWanted) {
				t.Errorf("%s terminal: post text should be drawn with %q, not %q; screen:\n%s", c.name, c.want, c.notWanted, screen)
			}
		})
	}
}
