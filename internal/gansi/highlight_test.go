package gansi

import (
	"bytes"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/quick"
	"github.com/alecthomas/chroma/v2/styles"
)

// TestHighlightIsQuickHighlight compares highlight, which works the
// formatter's sequences out once per render, with quick.Highlight, in a
// style whose colours are all in the palettes (chroma picks among
// equally near palette colours at random: see render's chromaTie), for
// several languages and formatters, twice in one render context.
func TestHighlightIsQuickHighlight(t *testing.T) {
	styles.Register(chroma.MustNewStyle("gansi-test", chroma.StyleEntries{
		chroma.Text:          "#ffffff",
		chroma.Comment:       "italic #808080",
		chroma.Keyword:       "bold #ff0000",
		chroma.KeywordType:   "underline #00ff00",
		chroma.NameFunction:  "#0000ff bg:#ffff00",
		chroma.LiteralString: "#00ffff",
		chroma.LiteralNumber: "bold italic #ff00ff",
		chroma.Operator:      "#000000",
		chroma.Punctuation:   "#ffff00",
		chroma.GenericEmph:   "italic",
	}))
	codes := []struct{ lang, code string }{
		{"go", "package main\n\n// main says hi.\nfunc main() {\n\tx := 42 + len(\"hi\")\n\tprintln(x)\n}\n"},
		{"python", "def f(a):\n    # comment\n    return a * 2.5 if a else 'no'\n"},
		{"c", "#include <stdio.h>\nint main(void) { return printf(\"%d\\n\", 1); }\n"},
		{"", "#include <stdio.h>\nint main(void) { return 0; }\n"},
		{"nosuchlanguage", "just text, 中文\n"},
		{"diff", "--- a\n+++ b\n-old\n+new\n"},
	}
	for _, f := range []string{"terminal256", "terminal16", "terminal8", "terminal", "terminal16m", ""} {
		ctx := NewRenderContext(Options{})
		for round := range 2 {
			for _, c := range codes {
				var want, got bytes.Buffer
				// chroma's lexer rules time out after 250 ms (regexp.go:
				// rule.Regexp.MatchTimeout), lexing the rest of a line as
				// an error token: on a loaded machine either side may. A
				// difference that stays over three tries is the fork's.
				for try := 0; try == 0 || got.String() != want.String() && try < 3; try++ {
					want.Reset()
					got.Reset()
					if err := quick.Highlight(&want, c.code, c.lang, f, "gansi-test"); err != nil {
						t.Fatal(err)
					}
					if err := ctx.highlight(&got, c.code, c.lang, f, styles.Get("gansi-test")); err != nil {
						t.Fatal(err)
					}
				}
				if got.String() != want.String() {
					t.Fatalf("%s, %q, round %d:\nquick: %q\nfork:  %q", f, c.lang, round, want.String(), got.String())
				}
			}
		}
	}
}
