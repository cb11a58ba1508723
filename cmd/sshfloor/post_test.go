package main

import (
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

func TestPostModelScrollsAndQuits(t *testing.T) {
	vp := viewport.New(viewport.WithWidth(40), viewport.WithHeight(5))
	vp.SetContent(strings.Repeat("line\n", 50))
	var m tea.Model = postModel{vp: vp}
	for _, k := range []tea.KeyPressMsg{{Code: 'j', Text: "j"}, {Code: 'j', Text: "j"}, {Code: tea.KeyDown}, {Code: 'k', Text: "k"}} {
		m, _ = m.Update(k)
	}
	if pm := m.(postModel); pm.vp.YOffset() != 2 {
		t.Errorf("after j j down k: offset %d, want 2", pm.vp.YOffset())
	}
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); cmd == nil {
		t.Error("q did not quit")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q did not quit")
	}
}
