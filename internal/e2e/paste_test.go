package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchPasteHelpAndHostileQuery drives the search screen through
// OpenSSH with what a hostile or hurried reader sends: a bracketed paste
// (tmux paste-buffer -p), one of 100 KB, help with F1 over a typed
// query, and a deep-linked query carrying an OSC 52 and a bidi override.
func TestSearchPasteHelpAndHostileQuery(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	en := []string{"-o", "SetEnv=LANG=en_US.UTF-8"}

	t.Run("paste and help", func(t *testing.T) {
		t.Parallel()
		p := newPaneSSH(t, srv.Port, 100, 30, "", en...)
		waitText(t, p, "posts, ")
		p.keys("/")
		waitText(t, p, "Search:", "F1 help")
		paste := func(text string) {
			f := filepath.Join(t.TempDir(), "paste")
			if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			p.tmux("load-buffer", "-b", "q", f)
			p.tmux("paste-buffer", "-p", "-b", "q", "-t", "0")
		}
		paste("后悔药")
		waitText(t, p, "Search: 后悔药", "1 result", "在终端里读书与写作")
		p.keys("C-u")
		waitText(t, p, "type to search")
		paste(strings.Repeat("终端 reading ", 6000) + "TAIL") // 100 KB
		waitText(t, p, "Nothing found.")                    // the start of it, cut to 256 bytes
		p.keys("C-u")
		p.keys("glamuor")
		waitText(t, p, "Rendering Markdown Over SSH")
		p.keys("F1")
		waitText(t, p, "Keys", "help while searching")
		p.keys("Escape")
		waitText(t, p, "Search: glamuor")
	})

	t.Run("hostile deep link", func(t *testing.T) {
		t.Parallel()
		p := newPaneCmd(t, srv.Port, 100, 30, "", append([]string{"-t"}, en...), "search/\u202e终端\x1b]52;c;SGVsbG8=\x07")
		screen := waitText(t, p, "Search: 终端")
		if strings.Contains(screen, "\u202e") || strings.Contains(p.captureColours(), "\u202e") {
			t.Errorf("the bidi override reached the terminal:\n%s", screen)
		}
	})
}
