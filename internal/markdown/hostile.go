package markdown

import (
	"fmt"
	"sort"
	"strings"
)

// Hostile returns markdown documents of about size bytes built to hurt a
// markdown pipeline: deep nesting, constructs that make parsers scan ahead
// again and again (cmark's pathological inputs), and structures that
// multiply output. They are for tests and benchmarks, here so that every
// package tests against the same list; Hostile("prose") is the ordinary
// text they are compared with.
func Hostile(name string, size int) string {
	gen, ok := hostileDocs[name]
	if !ok {
		panic("markdown: no hostile document " + name)
	}
	return gen(max(size, 16))
}

// HostileNames lists the documents Hostile makes, "prose" first.
func HostileNames() []string {
	names := make([]string, 0, len(hostileDocs))
	for n := range hostileDocs {
		if n != "prose" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return append([]string{"prose"}, names...)
}

// times repeats unit to about size bytes.
func times(unit string, size int) string { return strings.Repeat(unit, max(1, size/len(unit))) }

var hostileDocs = map[string]func(n int) string{
	"prose": func(n int) string {
		const para = "The quick brown fox jumps over the lazy dog, and then a few more words follow, " +
			"so that the sentence wraps like the prose of a post does. Another sentence, with a comma, " +
			"and a third one to make a paragraph of ordinary length for a blog post.\n\n"
		return times(para, n)
	},
	// Nesting.
	"quotes":        func(n int) string { return times(">", n) + " a\n" },
	"quote-lines":   func(n int) string { return times(strings.Repeat(">", 100)+" a\n", n) },
	"quote-lazy":    func(n int) string { return times(">", n/2) + " a\n" + times("a\n", n/2) },
	"lists":         func(n int) string { return times("- ", n) + "a\n" },
	"ordered-lists": func(n int) string { return times("1. ", n) + "a\n" },
	"quote-lists":   func(n int) string { return times("> - ", n) + "a\n" },
	"list-lines": func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i%40) + "- a\n")
		}
		return b.String()
	},
	"definitions": func(n int) string { return "a\n" + times(": ", n) + "b\n" },
	"emphasis":    func(n int) string { return times("*", n/2) + "a" + times("*", n/2) + "\n" },
	"strike":      func(n int) string { return times("~~", n/2) + "a" + times("~~", n/2) + "\n" },
	"brackets":    func(n int) string { return times("[", n/2) + "a" + times("]", n/2) + "\n" },
	"link-emphasis": func(n int) string {
		return times("*[", n/2) + "a" + times("](b)*", n/2) + "\n"
	},
	"images": func(n int) string { return times("![", n/2) + "a" + times("](b)", n/2) + "\n" },
	// One figure candidate line of many images: gathering its media was
	// quadratic.
	"figure-line": func(n int) string { return times("![a](b) <img src=c> x ", n) + "\n" },
	// Scanning ahead.
	"mismatched-emphasis": func(n int) string { return times("*a_ ", n) + "\n" },
	"alternating":         func(n int) string { return times("*a **a ", n) + "\n" },
	"closers":             func(n int) string { return times("a**", n) + "\n" },
	"openers":             func(n int) string { return times("**a", n) + "\n" },
	"unclosed-links":      func(n int) string { return times("[a](b", n) + "\n" },
	"unclosed-angle":      func(n int) string { return times("[a](<b", n) + "\n" },
	"unclosed-brackets":   func(n int) string { return times("[a", n) + "\n" },
	// Parentheses that open more than they close: each "](" scanned
	// MaxLinkTail bytes for the one that would end its destination.
	"link-parens":       func(n int) string { return times("[a]((()", n) + "\n" },
	"reference-openers": func(n int) string { return times("[a][b ", n) + "\n" },
	// Brackets that close at once after text: each bracket read the rest
	// of the line again in a stretch that merged all of it (64 KB in 46 s).
	"bracket-pairs": func(n int) string { return "x" + times("[]", n-2) + "\n" },
	"backticks": func(n int) string {
		var b strings.Builder
		for i := 1; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("`", i%300+1) + "a")
		}
		return b.String() + "\n"
	},
	"html-openers": func(n int) string { return times(" <a href=\"", n) + "\n" },
	"wide-table": func(n int) string {
		cols := max(1, n/8)
		return "|" + strings.Repeat(" a |", cols) + "\n|" + strings.Repeat("---|", cols) + "\n|" + strings.Repeat(" b |", cols) + "\n"
	},
	// Rows of one cell under a header of many columns: each row is
	// drawn with every column, the missing cells empty.
	"sparse-table": func(n int) string {
		cols := max(1, min(1000, n/16))
		return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + times("a\n", n-4*cols-2)
	},
	"long-line": func(n int) string { return times("word ", n) + "\n" },
	// Found by the red team in the seventh part, at 16 KB against prose's
	// 0.8 ms: one URL, which the list of links wraps over many lines (64
	// KB drew 62 MB, each line hyperlinked to all of it); definitions
	// nested in definitions (82 ms, 40 MB); many uses of one reference
	// (25 ms); bare www. autolinks (16 ms); one long line of highlighted
	// code (44 ms; 3.3 s and 870 MB at 1 MB).
	"long-url":           func(n int) string { return "https://example.com/" + times("a", n-21) + "\n" },
	"definition-nesting": func(n int) string { return times("a\n: b\n  : c\n", n) },
	"reference-uses":     func(n int) string { return times("[a] ", n-10) + "\n\n[a]: /u\n" },
	"autolinks":          func(n int) string { return times("www.example.com ", n) + "\n" },
	"code-long-line":     func(n int) string { return "```go\n" + times("x+", n-12) + "\n```\n" },
	// Found by the red team in the eighth part, at 16 KB against prose's
	// 0.85 ms: blocks nested in list items in quotes, each item a code
	// fence or a table (16-20 ms, 10-13 MB); list items of code fences (8
	// ms), quotes of fences and of tables (4-7 ms); footnotes each
	// defined with a reference to the next (5 ms); lines ended by
	// backslash breaks (5 ms); small mermaid charts, drawn up to their
	// budget (see render's chartBudget) and shown as source after it.
	"quote-list-fences": func(n int) string { return times("> - ```\n>   a\n>   ```\n", n) },
	"quote-list-tables": func(n int) string { return times("> - | a |\n>   |---|\n>   | b |\n", n) },
	"list-fences":       func(n int) string { return times("- ```\n  a\n  ```\n", n) },
	"quote-fences":      func(n int) string { return times("> ```\n> a\n> ```\n", n) },
	"quote-tables":      func(n int) string { return times("> | a |\n> |---|\n> | b |\n>\n", n) },
	"backslash-breaks":  func(n int) string { return times("a\\\n", n) },
	"charts":            func(n int) string { return times("```mermaid\ngraph TD\nA-->B\nB-->C\n```\n\n", n) },
	"footnote-chain": func(n int) string {
		var b strings.Builder
		b.WriteString("a[^0]\n\n")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "[^%d]: b[^%d]\n", i, i+1)
		}
		return b.String()
	},
	// Note references between runs of "*" that open no emphasis: a
	// NoteRun every 13 bytes in one paragraph (see expandNoteRuns) until
	// a run took such delimiters in as text (see runStretch).
	"note-runs": func(n int) string { return "[^1]: n\n\n" + times("a[^1] b[^1]* ", n-9) + "\n" },
	// Math, footnotes, alerts and raw HTML (see Lower).
	"math-openers": func(n int) string { return times("$a ", n) + "\n" },
	"math-display": func(n int) string { return times("$$a ", n) + "\n" },
	"math-lines":   func(n int) string { return times("\\(a\n", n) },
	"math-nesting": func(n int) string { return "$" + times("\\frac{", n/2) + times("}", n/2) + "$\n" },
	"footnotes": func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n/2; i++ {
			fmt.Fprintf(&b, "a[^%d] ", i)
		}
		b.WriteString("\n\n")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "[^%d]: n\n", i)
		}
		return b.String()
	},
	"footnote-nesting": func(n int) string { return "a[^a]\n\n" + times("[^a]: ", n) + "b\n" },
	"alerts":           func(n int) string { return times("> [!NOTE]\n> a\n\n", n) },
	"html-nesting":     func(n int) string { return times("<kbd>", n/2) + "a" + times("</kbd>", n/2) + "\n" },
	"html-interleaved": func(n int) string { return times("<b><i>", n/2) + "a" + times("</b></i>", n/2) + "\n" },
	"html-unclosed":    func(n int) string { return times("<mark>a <sup>", n) + "\n" },
	"html-blocks":      func(n int) string { return times("<details>\n<summary>a</summary>\n\n", n) },
	// Pairs of tags deeper than they are drawn, around many nodes: each
	// pair read all of them.
	"html-around": func(n int) string {
		return times("<sup><i>", n/3) + times("q <wbr>", n/3) + times("</i></sup>", n/3) + "\n"
	},
	// Many small blocks: each costs glamour a line or more of output.
	"headings":    func(n int) string { return times("a\n===\n", n) },
	"paragraphs":  func(n int) string { return times("a\n\n", n) },
	"list-items":  func(n int) string { return times("- a\n", n) },
	"table-rows":  func(n int) string { return "|a|\n|-|\n" + times("|a|\n", n) },
	"table":       func(n int) string { return "| a | b | c | d |\n|---|---|---|---|\n" + times("| a | b | c | d |\n", n) },
	"rules":       func(n int) string { return times("***\n", n) },
	"code-blank":  func(n int) string { return "```\n" + times("\n", n) + "```\n" },
	"code-lines":  func(n int) string { return "```\n" + times("a\n", n) + "```\n" },
	"code-blocks": func(n int) string { return times("    a\n\n", n) },
	// Code blocks each in a language of its own: finding the lexer of a
	// name chroma knows only by its file name patterns, or not at all,
	// matched it against all of them (5-7 ms a block).
	"code-names": func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "```lang-%d.go\nx := %d\n```\n\n", i, i)
		}
		return b.String()
	},
}

// expandTokens are the pieces Expand repeats: markers that open structure,
// delimiters, and what separates them.
var expandTokens = []string{
	">", "- ", "1. ", "> - ", "*", "_", "**", "~~", "[", "]", "](", "(", ")", "![",
	"`", "<a ", "|", "\n", " ", "a", "```\n", ": ", "\\", "# ", "===\n", "\n\n",
	"    ", "<!--", "www.x.", "&amp;", "[a]: /u\n", "|-|", "中文",
}

// Expand turns fuzz input into a document of at most limit bytes. Input
// starting with a zero byte is a program: pairs of (token, count) that
// repeat one of a few dozen markdown tokens up to 16,000 times each, so
// that a fuzzer reaches deep and repetitive structure, which random bytes
// rarely do. Other input is the document itself.
func Expand(in []byte, limit int) []byte {
	if len(in) == 0 || in[0] != 0 {
		return in[:min(len(in), limit)]
	}
	var b []byte
	for i := 1; i+1 < len(in) && len(b) < limit; i += 2 {
		tok := expandTokens[int(in[i])%len(expandTokens)]
		for range 1 + int(in[i+1])*64 {
			if len(b)+len(tok) > limit {
				break
			}
			b = append(b, tok...)
		}
	}
	return b
}
