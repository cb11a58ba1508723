package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// pane is a tmux session on a private tmux server (its own socket, its own
// empty config), running one ssh client in a window of a known size.
type pane struct {
	t      *testing.T
	socket string
	env    []string
	width  int
	height int
}

// tmuxConf turns off the status line so the pane is the whole window, and
// keeps the pane after ssh exits so its exit can be observed. (No
// "window-size manual" here: tmux 3.3a's server dies on it in a config
// file; resize-window switches the window to a manual size by itself.)
const tmuxConf = `set-option -g status off
set-option -g remain-on-exit on
set-option -g history-limit 0
`

var socketSafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// newPane starts a private tmux server with a width×height session running
// ssh to the server on port. The tmux server is killed when the test ends.
func newPane(t *testing.T, port, width, height int) *pane {
	t.Helper()
	return newPaneConf(t, port, width, height, "")
}

// newPaneConf is newPane with extra tmux configuration lines, e.g. the
// terminal's colours.
func newPaneConf(t *testing.T, port, width, height int, conf string) *pane {
	t.Helper()
	return newPaneSSH(t, port, width, height, conf)
}

// newPaneSSH is newPaneConf with extra ssh options before the host, e.g.
// "-o", "SetEnv=LANG=zh_CN.UTF-8".
func newPaneSSH(t *testing.T, port, width, height int, conf string, sshOpts ...string) *pane {
	t.Helper()
	return newPaneCmd(t, port, width, height, conf, sshOpts)
}

// newPaneCmd is newPaneSSH with a command line after the host, e.g. a
// deep link ("-t" among sshOpts then asks for a terminal).
func newPaneCmd(t *testing.T, port, width, height int, conf string, sshOpts []string, command ...string) *pane {
	t.Helper()
	dir := t.TempDir()
	confPath := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(confPath, []byte(tmuxConf+conf), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &pane{
		t:      t,
		socket: fmt.Sprintf("sshblog-e2e-%d-%s-%d", os.Getpid(), socketSafe.ReplaceAllString(t.Name(), "_"), time.Now().UnixNano()%1e6),
		env:    tmuxEnv(),
		width:  width,
		height: height,
	}
	var quoted []string
	args := sshArgs(port)
	args = append(append(append([]string{"ssh"}, args[:len(args)-1]...), sshOpts...), args[len(args)-1])
	args = append(args, command...)
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	var socketPath string
	t.Cleanup(func() {
		// Ignore the error: the server may already have exited.
		_, _ = p.tryTmux("kill-server")
		// tmux leaves its socket file behind.
		if socketPath != "" {
			_ = os.Remove(socketPath)
		}
	})
	p.tmux("-f", confPath, "new-session", "-d", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), strings.Join(quoted, " "))
	socketPath = strings.TrimSpace(p.tmux("display-message", "-p", "-t", "0", "#{socket_path}"))
	return p
}

// tmuxEnv is the environment of the tmux server and so of ssh: a UTF-8
// locale that names no language (the reader's UI language then comes from
// the site), no $TMUX of an enclosing session.
func tmuxEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "TMUX" || k == "TMUX_PANE" || k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
}

// tmux runs one tmux command against the pane's server and returns its
// output; a failure fails the test.
func (p *pane) tmux(args ...string) string {
	p.t.Helper()
	out, err := p.tryTmux(args...)
	if err != nil {
		p.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (p *pane) tryTmux(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "tmux", append([]string{"-u", "-L", p.socket}, args...)...)
	cmd.Env = p.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// capture returns the visible screen as plain text, one line per row.
func (p *pane) capture() string {
	p.t.Helper()
	return strings.TrimSuffix(p.tmux("capture-pane", "-p", "-t", "0"), "\n")
}

// captureColours returns the visible screen with its colours as escape
// sequences.
func (p *pane) captureColours() string {
	p.t.Helper()
	return p.tmux("capture-pane", "-e", "-p", "-t", "0")
}

// keys sends tmux key names (j, Enter, Space, PageDown, ...).
func (p *pane) keys(keys ...string) {
	p.t.Helper()
	p.tmux(append([]string{"send-keys", "-t", "0"}, keys...)...)
}

// resize sets the window, and so the pane and the ssh client's terminal,
// to a new size.
func (p *pane) resize(width, height int) {
	p.t.Helper()
	p.tmux("resize-window", "-t", "0", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height))
	p.width, p.height = width, height
}

// dead reports whether the pane's command (ssh) has exited, and its status.
func (p *pane) dead() (bool, string) {
	p.t.Helper()
	out, err := p.tryTmux("list-panes", "-t", "0", "-F", "#{pane_dead} #{pane_dead_status}")
	if err != nil {
		// No session left at all: the command is certainly gone.
		return true, ""
	}
	f := strings.Fields(out)
	if len(f) == 0 {
		return false, ""
	}
	status := ""
	if len(f) > 1 {
		status = f[1]
	}
	return f[0] == "1", status
}

// waitFor polls the pane every 100ms until cond holds for its screen and
// returns that screen; after timeout it fails the test, showing the last
// screen seen. A screen counts only once two captures in a row agree, so a
// redraw caught halfway is never returned.
func waitFor(t *testing.T, p *pane, what string, cond func(screen string) bool, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	prev := ""
	for {
		screen := p.capture()
		if screen == prev && cond(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s; screen (%dx%d):\n%s", timeout, what, p.width, p.height, screen)
		}
		prev = screen
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until every one of texts is on the screen.
func waitText(t *testing.T, p *pane, texts ...string) string {
	t.Helper()
	return waitFor(t, p, fmt.Sprintf("%q", texts), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	}, defaultWait)
}

const defaultWait = 10 * time.Second

// checkWidth asserts that no captured line is wider than the pane. Since
// capture-pane clips at the pane edge this only catches wide characters
// split at the edge or a pane of the wrong size; the continuity checks
// in the tests catch text that runs past the edge.
func checkWidth(t *testing.T, p *pane, screen string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) > p.height {
		t.Errorf("screen has %d lines, pane is %d high", len(lines), p.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > p.width {
			t.Errorf("line %d is %d cells wide, pane is %d: %q", i+1, w, p.width, l)
		}
	}
}

// checkQuotes asserts that a block quote is not broken by a line without
// its bar: a row between two rows that start with the quote bar "│" must
// start with it too. (A line wrapped after rendering loses the bar.)
func checkQuotes(t *testing.T, screen string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	bar := func(i int) bool { return strings.HasPrefix(strings.TrimLeft(lines[i], " "), "│") }
	for i := 1; i+1 < len(lines); i++ {
		if bar(i-1) && bar(i+1) && !bar(i) {
			t.Errorf("block quote broken at row %d by a line without the quote bar:\n%s\n%s\n%s",
				i+1, lines[i-1], lines[i], lines[i+1])
		}
	}
}

// lastLine is the bottom row of the screen, without trailing blanks.
func lastLine(screen string) string {
	lines := strings.Split(screen, "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./@:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
