package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

func TestStripFrontMatter(t *testing.T) {
	for in, want := range map[string]string{
		"---\ntitle: x\n---\nbody\n":    "body\n",
		"+++\ntitle = 'x'\n+++\nbody\n": "body\n",
		"body only\n":                   "body only\n",
		"---\nnever closed\n":           "---\nnever closed\n",
	} {
		if got := stripFrontMatter(in); got != want {
			t.Errorf("stripFrontMatter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPagersScrollAndQuit(t *testing.T) {
	body := ""
	for i := range 50 {
		body += fmt.Sprintf("line %d\n", i)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	vp := viewport.New(viewport.WithWidth(40), viewport.WithHeight(5))
	vp.SetContent(body)
	for name, m := range map[string]tea.Model{
		"slice":    sliceModel{lines: lines, height: 5},
		"viewport": viewportModel{vp: vp},
	} {
		t.Run(name, func(t *testing.T) {
			keys := []tea.KeyPressMsg{{Code: 'j', Text: "j"}, {Code: 'j', Text: "j"}, {Code: tea.KeyDown}, {Code: 'k', Text: "k"}, {Code: tea.KeyUp}, {Code: tea.KeyDown}}
			for _, k := range keys {
				m, _ = m.Update(k)
			}
			view := m.View().Content
			// The viewport pads lines to its width; the text is what counts.
			view = regexp.MustCompile(` +\n`).ReplaceAllString(view, "\n")
			if !strings.HasPrefix(view, "line 2\n") || !strings.Contains(view, "line 6") || strings.Contains(view, "line 7") {
				t.Errorf("after j j down k up down, view = %q; want lines 2-6", view)
			}
			_, cmd := m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
			if cmd == nil {
				t.Fatal("q did not quit")
			}
			if _, ok := cmd().(tea.QuitMsg); !ok {
				t.Error("q did not quit")
			}
		})
	}
}

func TestSliceStopsAtTheEnd(t *testing.T) {
	var m tea.Model = sliceModel{lines: []string{"a", "b", "c"}, height: 2}
	for range 5 {
		m, _ = m.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	}
	if v := m.View().Content; v != "b\nc" {
		t.Errorf("view at the end = %q, want the last two lines", v)
	}
	m, _ = m.Update(tea.WindowSizeMsg{Width: 10, Height: 10})
	if v := m.View().Content; v != "a\nb\nc" {
		t.Errorf("view in a tall window = %q, want every line", v)
	}
}
