package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A query is drawn on the reader's screen, so what the terminal would act
// on must not reach it: escape sequences and the bidirectional controls
// that reorder what is shown ("Trojan Source"), typed, pasted or given in
// a deep link.
func TestSearchQueryCannotReachTheTerminal(t *testing.T) {
	const evil = "\u202eevil\u2066x\u200f \x1b]52;c;SGVsbG8=\x07\x1b[2J"
	for name, open := range map[string]func(m *Model){
		"typed":     func(m *Model) { send(m, press("/")); typeText(m, evil) },
		"pasted":    func(m *Model) { send(m, press("/")); send(m, tea.PasteMsg{Content: evil}) },
		"deep link": func(m *Model) { m.openTarget("search/" + evil) },
	} {
		m := New(sampleSnapshot(t), renders(t), english80)
		open(m)
		if m.screen != screenSearch {
			t.Fatalf("%s: screen %v, want search", name, m.screen)
		}
		if !strings.Contains(m.search.query, "evil") {
			t.Errorf("%s: query %q lost its text", name, m.search.query)
		}
		if strings.ContainsAny(m.search.query, "\x1b\x07\u202e\u2066\u200f") {
			t.Errorf("%s: query keeps controls: %q", name, m.search.query)
		}
		if v := m.View().Content; strings.ContainsAny(v, "\u202e\u2066\u200f\x07") || strings.Contains(v, "\x1b]") || strings.Contains(v, "\x1b[2J") {
			t.Errorf("%s: the screen carries the controls: %q", name, v)
		}
	}
}

// A bracketed paste goes into the query (it was dropped: the paste of a
// word from a post found nothing), cut to maxQuery, lines joined.
func TestSearchPaste(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), english80)
	send(m, press("/"))
	send(m, tea.PasteMsg{Content: "后悔药"})
	if m.search.query != "后悔药" || m.search.len() != 1 {
		t.Fatalf("paste: query %q, %d results", m.search.query, m.search.len())
	}
	send(m, tea.PasteMsg{Content: strings.Repeat("终端\n", 100_000)})
	if len(m.search.query) > maxQuery || !strings.HasPrefix(m.search.query, "后悔药终端 终端") {
		t.Errorf("a 700 KB paste: query of %d bytes starting %q", len(m.search.query), m.search.query[:min(30, len(m.search.query))])
	}
	assertFits(t, m)
}

// The query line shows the end of a long query, where the reader types,
// not its start.
func TestSearchLongQueryShowsItsEnd(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 40, Height: 12, Environ: []string{"LANG=en_US.UTF-8"}})
	send(m, press("/"))
	typeText(m, strings.Repeat("a", 60)+"终端END")
	first := strings.Split(plain(m), "\n")[0]
	if !strings.Contains(first, "终端END█") || !strings.Contains(first, "…") {
		t.Errorf("query line %q, want its end shown after …", first)
	}
	assertFits(t, m)
}

// Help opens from the search screen: ? before anything is typed (after,
// it is text), F1 always; closing it returns to the search as it was.
func TestHelpFromSearch(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 120, Height: 40, Environ: []string{"LANG=en_US.UTF-8"}})
	send(m, press("/"))
	send(m, press("?"))
	if !m.showHelp || m.search.query != "" {
		t.Fatalf("? on an empty query: help %v, query %q", m.showHelp, m.search.query)
	}
	if s := plain(m); !strings.Contains(s, "F1") || !strings.Contains(s, m.str.SearchHelp) {
		t.Errorf("help does not say how to open it while searching:\n%s", s)
	}
	send(m, press("?"))
	if m.showHelp || m.screen != screenSearch {
		t.Fatalf("? again: help %v, screen %v, want the search", m.showHelp, m.screen)
	}
	typeText(m, "a?")
	if m.showHelp || m.search.query != "a?" {
		t.Fatalf("? after a query: help %v, query %q, want it typed", m.showHelp, m.search.query)
	}
	send(m, tea.KeyPressMsg{Code: tea.KeyF1})
	if !m.showHelp {
		t.Fatal("F1 with a query typed did not open help")
	}
	send(m, press("esc"))
	if m.showHelp || m.screen != screenSearch || m.search.query != "a?" {
		t.Errorf("esc from help: help %v, screen %v, query %q, want the search as it was", m.showHelp, m.screen, m.search.query)
	}
	if !strings.Contains(plain(m), "F1") {
		t.Errorf("the search screen's hint does not name F1:\n%s", plain(m))
	}
}
