package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestWrapTitleChinese: a Chinese title wraps between characters, filling
// its lines, and no line starts with closing punctuation.
func TestWrapTitleChinese(t *testing.T) {
	title := "在终端里读书与写作：一个慢用户的十年笔记，以及我为什么用 Go，而不是别的语言"
	for w := 10; w <= 40; w++ {
		lines := strings.Split(wrapTitle(title, w, textwrap.Narrow), "\n")
		for i, l := range lines {
			if got := ansi.StringWidth(l); got > w {
				t.Errorf("@%d: line %q is %d cells", w, l, got)
			}
			if r, _ := utf8.DecodeRuneInString(l); i > 0 && textwrap.IsClosing(r) {
				t.Errorf("@%d: line %q starts with closing punctuation", w, l)
			}
			if i+1 < len(lines) && ansi.StringWidth(l) < w-4 {
				t.Errorf("@%d: line %q is short: the title should fill it", w, l)
			}
		}
	}
}
