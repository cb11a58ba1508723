package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// In a narrow window the browse screens' footer keeps the hints that fit
// (back and help), instead of none: at 40 columns in Chinese the tags
// footer was empty.
func TestBrowseFooterNarrow(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 40, Height: 16, Environ: []string{"LANG=zh_CN.UTF-8"}})
	send(m, press("t"))
	lines := strings.Split(plain(m), "\n")
	if foot := lines[len(lines)-1]; !strings.Contains(foot, "? 帮助") || !strings.Contains(foot, "返回") {
		t.Errorf("tags footer at 40 columns = %q, want back and help", foot)
	}
	assertFits(t, m)
}

// The categories screen lists the names: the heading says they are
// categories (each row read "Categories: Essays"). The post's own terms,
// tags and categories mixed, keep the taxonomy on each row.
func TestCategoriesRowsAreNames(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 80, Height: 20, Environ: []string{"LANG=en_US.UTF-8"}})
	send(m, press("c"))
	s := plain(m)
	if strings.Count(s, "Categories") != 1 || !strings.Contains(s, "Essays") {
		t.Errorf("categories screen names the taxonomy on every row:\n%s", s)
	}
}

// Help in a narrow window wraps a long description instead of cutting it.
func TestHelpWrapsInNarrowWindow(t *testing.T) {
	m := New(sampleSnapshot(t), renders(t), Options{Width: 40, Height: 200, Environ: []string{"LANG=zh_CN.UTF-8"}})
	send(m, press("?"))
	s := strings.Join(strings.Fields(plain(m)), "")
	for _, want := range []string{"本文的标签、分类与相关文章", "搜索时的帮助（未输入时也可按?）"} {
		if !strings.Contains(s, want) {
			t.Errorf("help at 40 columns lacks %q:\n%s", want, plain(m))
		}
	}
	assertFits(t, m)
}

// Every view, its overlays and help, in Chinese and English, fits a
// window of one cell and the largest a client may claim (clamped), and
// keeps fitting when the window changes under it.
func TestEveryViewFitsTinyAndHugeWindows(t *testing.T) {
	snap := sampleSnapshot(t)
	seqs := [][]string{{}, {"t"}, {"c"}, {"a"}, {"a", "enter"}, {"/"}, {"/", "?"}, {"enter"}, {"enter", "o"}, {"enter", "l"}, {"enter", "#"}, {"enter", "?"}, {"?"}, {"L"}}
	for _, lang := range []string{"LANG=en_US.UTF-8", "LANG=zh_CN.UTF-8"} {
		for _, size := range [][2]int{{1, 1}, {2, 2}, {1000, 1000}} {
			for _, keys := range seqs {
				m := New(snap, renders(t), Options{Width: size[0], Height: size[1], Environ: []string{lang}})
				for _, k := range keys {
					send(m, press(k))
				}
				if len(keys) > 0 && keys[0] == "/" {
					typeText(m, "终端")
				}
				assertFits(t, m)
				send(m, tea.WindowSizeMsg{Width: 1000 - size[0] + 1, Height: 1000 - size[1] + 1})
				assertFits(t, m)
			}
		}
	}
}
