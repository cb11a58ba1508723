package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Match is what a reader is shown of one result: where it matched, the
// line of text around the first match with the matches marked, and where
// that match is, so that the post can open there.
type Match struct {
	// Field is the best field that matched.
	Field Field
	// Title are the byte ranges of the title that match.
	Title [][2]int
	// Snippet is one line of the summary or text around the first match
	// (the summary when only the title or terms matched), cut to about
	// SnippetLen characters with "…" where it was cut.
	Snippet string
	// Highlights are the byte ranges of Snippet that match.
	Highlights [][2]int
	// Offset is the byte offset of the first match in the document's
	// Text, -1 if the text holds none; Found is the text matched there.
	Offset int
	Found  string
}

// SnippetLen is the length of a snippet in characters, enough for the
// widest terminal line it will be cut to.
const SnippetLen = 120

// snippetLead is how many characters of context a snippet keeps before
// its first match.
const snippetLead = 24

// Match describes the i-th result. It is computed on demand: a list shows
// a screenful of results, not all of them.
func (r *Results) Match(i int) Match {
	e := r.ix.entries[r.hits[i].doc]
	m := Match{Offset: -1, Field: FieldBody, Title: r.q.ranges(e.title)}
	switch {
	case len(m.Title) > 0:
		m.Field = FieldTitle
	case len(r.q.ranges(strings.Join(e.tags, "\x00"))) > 0:
		m.Field = FieldTerms
	}
	// The first line of the text that matches.
	text := e.text
	if e.lean && r.ix.doc != nil {
		text = r.ix.doc(r.hits[i].doc).Text
	}
	for off := 0; off < len(text); {
		line, _, _ := strings.Cut(text[off:], "\n")
		if rs := r.q.ranges(line); len(rs) > 0 {
			m.Offset = off + rs[0][0]
			m.Found = line[rs[0][0]:rs[0][1]]
			m.Snippet, m.Highlights = cut(line, rs)
			return m
		}
		off += len(line) + 1
	}
	line, _, _ := strings.Cut(e.summary, "\n")
	m.Snippet, m.Highlights = cut(line, r.q.ranges(line))
	return m
}

// cut shortens line to about SnippetLen characters around its first range
// and moves the ranges with it, dropping those cut off.
func cut(line string, rs [][2]int) (string, [][2]int) {
	line = strings.TrimRight(line, " \t\r")
	start := 0
	if len(rs) > 0 && utf8.RuneCountInString(line) > SnippetLen {
		// Some context before the first match, or more where the line
		// ends before the snippet would.
		lead := max(snippetLead, SnippetLen-utf8.RuneCountInString(line[rs[0][0]:]))
		start = rs[0][0]
		for n := 0; n < lead && start > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(line[:start])
			start -= size
		}
	}
	end := start
	for n := 0; n < SnippetLen && end < len(line); n++ {
		_, size := utf8.DecodeRuneInString(line[end:])
		end += size
	}
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "…"
	}
	if end < len(line) {
		suffix = "…"
	}
	var out [][2]int
	for _, r := range rs {
		a, b := max(r[0], start), min(r[1], end)
		if a < b {
			out = append(out, [2]int{a - start + len(prefix), b - start + len(prefix)})
		}
	}
	return prefix + line[start:end] + suffix, out
}

// ranges returns the byte ranges of s that match a part of the query,
// sorted and merged: the runs where they occur, and of each word that
// matches a query word, its prefix the word matched (all of it for a
// typo).
func (q *query) ranges(s string) [][2]int {
	var rs [][2]int
	if len(q.runs) > 0 {
		for _, r := range q.runs {
			for off := 0; ; {
				i := strings.Index(s[off:], r)
				if i < 0 {
					break
				}
				rs = append(rs, [2]int{off + i, off + i + len(r)})
				off += i + len(r)
			}
		}
	}
	if len(q.words) > 0 {
		scan(s, func(start, end int, cjk bool) {
			if cjk {
				return
			}
			tok := fold(s[start:end])
			for i := range q.words {
				w := &q.words[i]
				switch {
				case strings.HasPrefix(tok, w.text):
					// The prefix in s: as many characters as w has.
					n, j := runeLen(w.text), start
					for ; n > 0 && j < end; n-- {
						_, size := utf8.DecodeRuneInString(s[j:])
						j += size
					}
					rs = append(rs, [2]int{start, j})
				case w.typoOK[tok]:
					rs = append(rs, [2]int{start, end})
				default:
					continue
				}
				break
			}
		})
	}
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	merged := rs[:0]
	for _, r := range rs {
		if n := len(merged); n > 0 && r[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	return merged
}
