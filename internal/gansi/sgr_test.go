package gansi

import (
	"bytes"
	"strings"
	"testing"
)

// TestSGRMemoWritesRenderTextBytes checks that text drawn with the memo of
// style sequences is byte for byte what renderText draws, for colours of
// every form lipgloss reads (and some it does not), each attribute unset,
// false or true, and the case changes, with the memo warm and cold, into
// a buffer and into another writer.
func TestSGRMemoWritesRenderTextBytes(t *testing.T) {
	str := func(s string) *string { return &s }
	yes, no := true, false
	colours := []*string{nil, str("252"), str("3"), str("12"), str("#abc"), str("#FF00ff"), str("300"), str("-5"), str("bogus"), str("")}
	bools := []*bool{nil, &no, &yes}
	m := sgrMemo{}
	checked := 0
	for _, fg := range colours {
		for _, bg := range colours[:5] {
			for attrs := 0; attrs < 1<<6; attrs++ {
				for _, kase := range []int{-1, 0, 1, 2} {
					rules := StylePrimitive{Color: fg, BackgroundColor: bg}
					flags := []**bool{&rules.Underline, &rules.Bold, &rules.Italic, &rules.CrossedOut, &rules.Inverse, &rules.Blink}
					for i, f := range flags {
						*f = bools[(attrs>>i&1)*2] // nil or true
						if attrs == 1<<6-1 && i%2 == 0 {
							*f = bools[1] // false: as unset
						}
					}
					switch kase {
					case 0:
						rules.Upper = &yes
					case 1:
						rules.Lower = &yes
					case 2:
						rules.Title = &yes
					}
					for _, s := range []string{"", "text ünïcode", "中文，English"} {
						for range 2 { // cold, then from the memo
							var want, got bytes.Buffer
							_, _ = renderText(&want, rules, s)
							m.renderText(&got, rules, s)
							if got.String() != want.String() {
								t.Fatalf("style %+v, %q: memo wrote %q, renderText %q", rules, s, got.String(), want.String())
							}
							var cold bytes.Buffer
							sgrMemo(nil).renderText(&cold, rules, s)
							if cold.String() != want.String() {
								t.Fatalf("style %+v, %q: nil memo wrote %q, renderText %q", rules, s, cold.String(), want.String())
							}
							// A writer other than a buffer gets it in one write.
							var other strings.Builder
							m.renderText(&other, rules, s)
							if other.String() != want.String() {
								t.Fatalf("style %+v, %q: memo wrote %q to a builder, renderText %q", rules, s, other.String(), want.String())
							}
							checked++
						}
					}
				}
			}
		}
	}
	if len(m) < 500 {
		t.Fatalf("only %d styles in the memo after %d checks: the test checks too little", len(m), checked)
	}
}
