// Package sanitizetest lists the code points that must never reach a
// reader's terminal, for tests of every path text takes (commands, list,
// pager, problems). The list is written out here, apart from package
// sanitize's own rule, so that a test judges the sanitizer by it and not
// by itself.
package sanitizetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Bidi are the bidirectional formatting characters of Unicode TR9, as
// inclusive ranges: embeddings and overrides U+202A-U+202E, isolates
// U+2066-U+2069, the marks U+200E, U+200F and U+061C. They make text
// display in another order than it is stored in ("Trojan Source",
// CVE-2021-42574). Styled output holds escape sequences by design, never
// these.
var Bidi = [][2]rune{
	{0x061c, 0x061c},
	{0x200e, 0x200f},
	{0x202a, 0x202e},
	{0x2066, 0x2069},
}

// Forbidden are the code points no text may hand a terminal, as inclusive
// ranges: C0 controls but newline and tab, DEL, C1 controls, and Bidi.
var Forbidden = append([][2]rune{{0x00, 0x08}, {0x0b, 0x1f}, {0x7f, 0x9f}}, Bidi...)

// First returns the first code point of s that is in ranges.
func First(s string, ranges [][2]rune) (rune, bool) {
	for _, r := range s {
		if in(ranges, r) {
			return r, true
		}
	}
	return 0, false
}

func in(ranges [][2]rune, r rune) bool {
	for _, rg := range ranges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// BidiText is every bidirectional formatting character, written as
// themselves, as HTML character references (decimal, hexadecimal, with and
// without the semicolon, named) and as a YAML double-quoted string's
// escapes would decode to them: what a hostile post puts in its text.
func BidiText() string {
	var b strings.Builder
	for _, rg := range Bidi {
		for r := rg[0]; r <= rg[1]; r++ {
			fmt.Fprintf(&b, "%c&#%d;&#x%X;&#x%x z", r, r, r, r)
		}
	}
	b.WriteString("&lrm;&rlm;")
	return b.String()
}

// WriteHostileSite writes into dir a blog whose every field a reader can
// see carries BidiText: the site's title and description, a page (About),
// a post (slug "hostile", also in English as
// hostile.en.md) with them in its title, tags, description, summary and in
// every kind of markdown text (headings, links, images, code spans,
// strikethrough, tables, quotes, lists), and a file that fails to parse
// with them in its name (for `problems`).
func WriteHostileSite(dir string) error {
	bidi := BidiText()
	// YAML double-quoted escapes decode to the characters themselves.
	esc := `\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C`
	front := fmt.Sprintf("---\ntitle: \"Hostile %s %s\"\ndate: 2024-01-01\nslug: hostile\ntags: [\"tag%s\", \"%s\"]\ndescription: \"desc %s\"\n---\n", esc, bidi, esc, bidi, esc)
	body := fmt.Sprintf(`Summary %[1]s

<!--more-->

# Heading %[1]s

A paragraph %[1]s with [a link %[1]s](http://example.com/%[1]s) and
![an image %[1]s](cover.png "title %[1]s"), a code span `+"`%[1]s`"+`,
~~struck &\#x202a; %[1]s~~ and *emphasis &\#8235; %[1]s*.

| head %[1]s | b |
|---|---|
| cell %[1]s | [l %[1]s](http://example.com/&#x202e;) |

> quote %[1]s

- item %[1]s
  - nested %[1]s

<p>html %[1]s</p>

`+"```\n"+`code %[1]s
`+"```\n", bidi)
	files := map[string]string{
		"posts/hostile.md":            front + body,
		"posts/hostile.en.md":         strings.Replace(front, "Hostile", "Hostile English", 1) + body,
		"posts/broken\u202e\u2066.md": "---\ntitle: [unclosed " + bidi + "\n---\n",
		"_index.md":                   fmt.Sprintf("---\ntitle: \"Site %s %s\"\ndescription: \"About %s %s\"\n---\n", esc, bidi, esc, bidi),
		"about.md":                    strings.Replace(front, "slug: hostile", "slug: about", 1) + body,
		"posts/plain.md":              "---\ntitle: Plain\ndate: 2023-01-01\n---\nplain\n",
	}
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
