package render

import (
	"strings"
	"testing"
)

// TestChartsKeepNoTokens: a mermaid block is lexed when its piece is
// prepared (its time counts) but its tokens are not kept, since the
// render colours the drawing or the source under the budget's comment;
// other blocks' are kept. The render draws the chart.
func TestChartsKeepNoTokens(t *testing.T) {
	md := "```mermaid\ngraph TD\nA-->B\n```\n\n```go\nx := 1\n```\n"
	d, err := prepareDoc(md, Dark, nil, &linkTable{})
	if err != nil {
		t.Fatal(err)
	}
	if d.plainCode {
		t.Fatal("prepared without colours")
	}
	for k := range d.lexed {
		if strings.EqualFold(k.lang, "mermaid") {
			t.Errorf("a mermaid block's tokens kept: %q", k.code)
		}
	}
	if len(d.lexed) != 1 {
		t.Errorf("%d blocks' tokens kept, want the go block's", len(d.lexed))
	}
	lines, err := d.render(80, Dark, &linkTable{})
	if err != nil {
		t.Fatal(err)
	}
	if out := strings.Join(lines, "\n"); !strings.Contains(out, "┌") {
		t.Errorf("the chart is not drawn:\n%s", out)
	}
}
