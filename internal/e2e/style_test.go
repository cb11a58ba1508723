package e2e

import (
	"fmt"
	"os/exec"
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
			if c.name == "light" && !tmuxAnswersColourQueries(t) {
				t.Skip("this tmux does not answer OSC 11 colour queries (3.3 and later do)")
			}
			p := newPaneConf(t, srv.Port, 100, 30, "set-option -g window-style 'bg="+c.bg+"'\n")
			waitText(t, p, "posts")
			p.keys("Enter")
			// The pager's footer comes before the body on a busy machine
			// (the race-built server, a flood test beside): wait for the
			// render, or the colours of "Rendering…" are judged.
			screen := waitFor(t, p, "the first post rendered", func(s string) bool {
				return strings.Contains(s, "q/esc") && !strings.Contains(s, "Rendering")
			}, defaultWait)
			colours := p.captureColours()
			if !strings.Contains(colours, c.want) || strings.Contains(colours, c.notWanted) {
				t.Errorf("%s terminal: post text should be drawn with %q, not %q; screen:\n%s", c.name, c.want, c.notWanted, screen)
			}
		})
	}
}

// tmuxAnswersColourQueries reports whether the installed tmux replies to
// a program's background colour query (OSC 11) with the window-style
// colour: tmux 3.3 and later.
func tmuxAnswersColourQueries(t *testing.T) bool {
	out, err := exec.Command("tmux", "-V").Output()
	if err != nil {
		t.Fatalf("tmux -V: %v", err)
	}
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimSpace(string(out)), "tmux "), "%d.%d", &major, &minor); err != nil {
		return true // "next-3.x", "master": new enough
	}
	return major > 3 || major == 3 && minor >= 3
}
