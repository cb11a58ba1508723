package render

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	xansi "github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/markdown"
)

// updateBlocks rewrites the golden files of TestBlocksGolden:
//
//	go test ./internal/render/ -run TestBlocksGolden -update-blocks
var updateBlocks = flag.Bool("update-blocks", false, "rewrite testdata/blocks/*.golden")

// blockWidths are the widths the golden files are laid out at.
var blockWidths = []int{40, 80, 120}

// featuresOf reads a case's features from its file name: NAME.LANG.md,
// emoji cases with the site's enableEmoji.
func featuresOf(name string) Features {
	parts := strings.Split(name, ".")
	f := Features{Lang: parts[len(parts)-2]}
	if strings.HasPrefix(name, "emoji") {
		f.Emoji = true
	}
	if strings.HasPrefix(name, "passthrough") {
		f.Dialect = passthroughDialect
	}
	return f
}

// passthroughDelimiters are the passthrough cases' site delimiters, as a
// hugo.toml would set them: Hugo's documented ones and two of a site's own.
var passthroughDelimiters = []markdown.MathDelimiter{
	{Open: `\[`, Close: `\]`, Display: true},
	{Open: "$$", Close: "$$", Display: true},
	{Open: `\begin{equation}`, Close: `\end{equation}`, Display: true},
	{Open: `\(`, Close: `\)`},
	{Open: "@(", Close: ")@"},
}

// passthroughDialect is the passthrough cases' site syntax, made once as
// the site's configuration makes it.
var passthroughDialect = markdown.NewDialect(passthroughDelimiters)

// TestBlocksGolden renders the gallery of footnotes, alerts, raw HTML,
// math, code, headings, definition lists and emoji (testdata/blocks, in
// English and Chinese) as plain text at 40, 80 and 120 columns, and
// compares with the golden files.
func TestBlocksGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/blocks/*.md")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, c := range cases {
		src, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(c)
		for _, w := range blockWidths {
			out, err := MarkdownWith(string(src), w, Plain, featuresOf(name))
			if err != nil {
				t.Fatalf("%s@%d: %v", name, w, err)
			}
			checkBlockLines(t, name, out, w)
			golden := strings.TrimSuffix(c, ".md") + "." + strconv.Itoa(w) + ".golden"
			checkGolden(t, golden, out+"\n", *updateBlocks, "-update-blocks")
		}
	}
}

// checkBlockLines holds every render to the rules of any output: within
// the width, valid UTF-8, no escape codes in plain text, no markup the
// author's reader should not see.
func checkBlockLines(t *testing.T, name, out string, width int) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s@%d: invalid UTF-8", name, width)
	}
	if strings.ContainsAny(out, "\x1b\u2028") {
		t.Errorf("%s@%d: escape codes or helper characters in plain text", name, width)
	}
	for _, l := range strings.Split(out, "\n") {
		if w := xansi.StringWidth(l); w > width {
			t.Errorf("%s@%d: line %d cells wide: %q", name, width, w, l)
		}
	}
	for _, markup := range []string{"[^", "[!NOTE]", "[!WARNING]", "<sup>", "<kbd>", "<details>", "<summary>", "<br>", "$$", `\frac`, "## "} {
		if strings.Contains(out, markup) {
			t.Errorf("%s@%d: %q reached the reader:\n%s", name, width, markup, out)
		}
	}
}
