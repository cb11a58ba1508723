package render

import (
	"strings"
	"testing"
	"unsafe"
)

// TestKeptItemsCutFromKeptTexts: keptItems gives the texts oneLineItems
// takes from the kept texts, cut from those texts when the items are
// most of their bytes (an item of 16 KB of "- - - ..." in a nest of
// lists) and copied when they are not (a long list of short items, one
// of them tagged, whose other lines the doc would keep).
func TestKeptItemsCutFromKeptTexts(t *testing.T) {
	item := func(text string) string {
		return "\x1b[38;5;252m• \x1b[m" + string(itemMark) + text + string(endMark) + "   "
	}
	long := "\x1b[38;5;252m" + strings.Repeat("- ", 8000) + "a\x1b[m"
	cases := []struct {
		name  string
		texts []string
		cut   bool
	}{
		{"one long item", []string{item(long)}, true},
		{"long items in two lists", []string{item(long) + "\n" + item("b\x1b[1m\x1b[m"), item(long)}, true},
		{"one short item among long lines", []string{strings.Repeat("\x1b[38;5;252m• untagged item\x1b[m\n", 200) + item("short")}, false},
	}
	for _, c := range cases {
		var l listTexts
		tags := 0
		for _, text := range c.texts {
			l.addKept(text)
			tags += strings.Count(text, string(itemMark))
		}
		want, wantOK := oneLineItems(l.kept.String())
		got, ok := l.keptItems(tags)
		if ok != wantOK || strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("%s: keptItems = %.80q, %v; oneLineItems %.80q, %v", c.name, got, ok, want, wantOK)
		}
		kept := l.kept.String()
		lo := uintptr(unsafe.Pointer(unsafe.StringData(kept)))
		cut := false
		for _, s := range got {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); len(s) > 0 && p >= lo && p < lo+uintptr(len(kept)) {
				cut = true
			}
		}
		if cut != c.cut {
			t.Errorf("%s: texts cut from the kept texts: %v, want %v", c.name, cut, c.cut)
		}
		if _, ok := l.keptItems(tags + 1); ok {
			t.Errorf("%s: keptItems gives texts for one tag more than the kept texts hold", c.name)
		}
	}
}
