package tui_test

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/sanitize/sanitizetest"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
	"github.com/sshblog/sshblog/internal/tui"
)

// drive delivers msg and the messages of the commands it leads to, as the
// bubbletea runtime would, until the model is quiet. Timers (notices) are
// not waited for.
func drive(m *tui.Model, msg tea.Msg) {
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0 && n < 1000; n++ {
		_, cmd := m.Update(queue[0])
		queue = append(queue[1:], run(cmd)...)
	}
}

func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(time.Second): // a timer, or a wait for input
		return nil
	}
	switch msg := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, run(c)...)
		}
		return out
	case tea.QuitMsg, nil:
		return nil
	}
	return []tea.Msg{msg}
}

func key(s string) tea.KeyPressMsg {
	if s == "enter" {
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

// Neither the list nor the pager (post, header, translations, help,
// notices) nor the window title hands the reader's terminal a bidi
// formatting character, whatever the post, the site's text or its
// language names hold: checked against sanitizetest's list, not the
// sanitizer's rule.
func TestScreensNeverShowBidiControls(t *testing.T) {
	dir := t.TempDir()
	if err := sanitizetest.WriteHostileSite(dir); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Options{
		Dir: dir,
		Site: site.Config{Language: "zh", LanguageNames: map[string]string{
			"en": "English " + sanitizetest.BidiText(),
		}},
		Parse: page.Options{Languages: map[string]bool{"zh": true, "en": true}, DefaultLanguage: "zh"},
	})
	if err != nil {
		t.Fatal(err)
	}
	pool := render.NewPool(render.NewCache(8<<20), 1, render.Options{})
	t.Cleanup(pool.Close)
	for _, w := range []int{200, 40} {
		m := tui.New(st.Snapshot(), pool.Client(), tui.Options{Width: w, Height: 60, Environ: []string{"LANG=en_US.UTF-8"}})
		check := func(screen string) {
			t.Helper()
			v := m.View()
			if c, bad := sanitizetest.First(v.Content, sanitizetest.Bidi); bad {
				i := strings.IndexRune(v.Content, c)
				t.Errorf("@%d %s: screen holds %U near %q", w, screen, c, v.Content[max(0, i-60):min(len(v.Content), i+60)])
			}
			if c, bad := sanitizetest.First(v.WindowTitle, sanitizetest.Forbidden); bad {
				t.Errorf("@%d %s: window title %q holds %U", w, screen, v.WindowTitle, c)
			}
		}
		check("list")
		drive(m, key("?"))
		check("help")
		drive(m, key("?"))
		drive(m, key("p"))
		check("pages")
		drive(m, key("enter"))
		check("page")
		drive(m, tea.KeyPressMsg{Code: tea.KeyEscape})
		drive(m, key("p"))
		for range 3 { // to the hostile post, whatever the order
			drive(m, key("enter"))
			if strings.Contains(m.View().Content, "Hostile") {
				break
			}
			drive(m, tea.KeyPressMsg{Code: tea.KeyEscape})
			drive(m, key("j"))
		}
		if !strings.Contains(m.View().Content, "Hostile") {
			t.Fatalf("@%d: the hostile post did not open:\n%s", w, m.View().Content)
		}
		check("pager")
		drive(m, key("G"))
		check("pager end")
		drive(m, key("t"))
		check("translation")
		drive(m, tui.SnapshotMsg{Snap: st.Snapshot()})
		check("notice")
	}
}
