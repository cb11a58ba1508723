package page

import (
	"strings"
	"unicode"
)

// Hugo shortcodes ({{< youtube id >}}, {{% notice %}}...{{% /notice %}})
// are expanded by Hugo's templates, which a terminal does not have. So
// ExpandShortcodes turns them into the markdown a reader can use: a link
// for an embedded video, an image for a figure, a quote for a quote, the
// inner text for anything unknown. The source as written stays available
// (ssh HOST cat SLUG).
//
// Written by hand: Hugo's own parser (gohugoio/hugo/parser/pageparser)
// would pull the whole Hugo module into the binary, and the grammar needed
// here is small: {{< or {{%, an optional /, a name, parameters (bare,
// "quoted" or `raw`, positional or name=value), an optional /, >}} or %}};
// {{</* ... */>}} is an escaped shortcode, shown as written without the
// comment marks.

// shortcode is one parsed shortcode tag.
type shortcode struct {
	name    string
	closing bool // {{< /name >}}
	self    bool // {{< name />}}
	pos     []string
	named   map[string]string
	end     int // byte offset just after the tag
}

// param returns the named parameter key, else the positional one at i.
func (s *shortcode) param(key string, i int) string {
	if v, ok := s.named[key]; ok {
		return v
	}
	if i >= 0 && i < len(s.pos) {
		return s.pos[i]
	}
	return ""
}

// Expansion is bounded, whatever a post holds: paired shortcodes nested
// deeper than maxShortcodeDepth are not paired (their inner text stays
// with the enclosing one), and the expanded text may be at most twice as
// long as the body plus expandSlack. Each level of nesting copies its
// inner text, and a quote or notice adds a prefix to each of its lines, so
// without them a 124 KB post of nested notices took 2.5 minutes and 127 GB
// of allocations to load, and a parameter repeated made megabytes of each
// byte of the front matter.
const (
	maxShortcodeDepth = 8
	expandSlack       = 64 << 10
)

// ExpandShortcodes replaces Hugo shortcodes in body with markdown. meta is
// the page's front matter with lower-cased keys, for {{< param name >}}:
// a top-level field, else one under params. It returns body as written and
// false when the expansion would exceed its bound (see maxShortcodeDepth).
func ExpandShortcodes(body string, meta map[string]any) (string, bool) {
	out, why := expandShortcodes(body, meta)
	return out, why == ""
}

// maxShortcodeTags bounds the tags of a text that are expanded: each one
// found is kept, parsed, until the text is written, about 300 bytes for
// the 9 of "{{< x >}}", so 16 MB of them held 730 MB (prose of that size
// 156 MB). A text with more is shown as written. Hugo pages hold a few
// dozen.
const maxShortcodeTags = 10_000

// Why the shortcodes of a text were shown as written (expandShortcodes).
const (
	tooManyShortcodes = "more than 10,000 of them"
	tooLongExpanded   = "expanded, they would make the text more than twice as long"
)

// expandShortcodes is ExpandShortcodes, saying why the text was not
// expanded ("" when it was).
func expandShortcodes(body string, meta map[string]any) (string, string) {
	if !strings.Contains(body, "{{<") && !strings.Contains(body, "{{%") {
		return body, ""
	}
	tags, ok := scanTags(body, maxShortcodeTags)
	if !ok {
		return body, tooManyShortcodes
	}
	if len(tags) == 0 {
		return body, ""
	}
	e := expander{s: body, tags: tags, meta: meta, limit: 2*len(body) + expandSlack}
	var b strings.Builder
	b.Grow(len(body))
	if !e.expandInto(&b, 0, len(tags), 0, len(body)) {
		return body, tooLongExpanded
	}
	return b.String(), ""
}

// tag is one shortcode tag found in the text.
type tag struct {
	start, end int // byte range in the text
	sc         *shortcode
	literal    string // an escaped tag ({{</* x */>}}), shown as this
	close      int    // index of the matching closing tag, or -1
}

// scanTags finds every tag in s and pairs opening tags with their closing
// tags, innermost first, in one pass: an opening tag whose name is closed
// later is paired with that closing tag, and tags left open inside it are
// taken as self-closing (Hugo decides by the template; sshblog has none).
// It reports false, with no tags, when s has more than most tags.
func scanTags(s string, most int) ([]tag, bool) {
	var tags []tag
	// A tag that does not parse is tried again from its next "{{<", so
	// text such as "{{< a {{< a {{< a ... =" would be read to its end from
	// each of them (12 KB of it took a second, 120 KB two minutes). The
	// bytes read in vain are bounded: past the budget, the rest is text.
	budget := 4*len(s) + 4096
	for off := 0; ; {
		i := nextTag(s[off:])
		if i < 0 {
			break
		}
		at := off + i
		lit, n, ok := escapedTag(s[at:])
		if ok {
			if len(tags) == most {
				return nil, false
			}
			tags = append(tags, tag{start: at, end: at + n, literal: lit, close: -1})
			off = at + n
			continue
		}
		budget -= n
		sc, n, ok := parseTag(s[at:])
		if !ok {
			if budget -= n; budget < 0 {
				break
			}
			off = at + 3
			continue
		}
		if len(tags) == most {
			return nil, false
		}
		tags = append(tags, tag{start: at, end: at + sc.end, sc: sc, close: -1})
		off = at + sc.end
	}
	var open []int              // indices of opening tags not yet closed
	waiting := map[string]int{} // how many of open have each name
	for i, t := range tags {
		switch {
		case t.sc == nil || t.sc.self:
		case !t.sc.closing && len(open) == maxShortcodeDepth:
			// Too deep: left unpaired, like a tag never closed.
		case !t.sc.closing:
			open = append(open, i)
			waiting[t.sc.name]++
		case waiting[t.sc.name] > 0:
			for {
				j := open[len(open)-1]
				open = open[:len(open)-1]
				waiting[tags[j].sc.name]--
				if tags[j].sc.name == t.sc.name {
					tags[j].close = i
					break
				}
			}
		}
	}
	return tags, true
}

// expander expands the tags of one text within a bound on its output.
type expander struct {
	s     string
	tags  []tag
	meta  map[string]any
	limit int // the most bytes any level of the expansion may hold
}

// expandInto writes s[from:to], whose tags are tags[i:j], with its
// shortcodes expanded. It reports false as soon as b holds more than the
// limit: every level's text is checked, so the work is bounded by the
// limit times the nesting depth.
func (e *expander) expandInto(b *strings.Builder, i, j, from, to int) bool {
	pos := from
	for k := i; k < j; k++ {
		t := e.tags[k]
		b.WriteString(e.s[pos:t.start])
		pos = t.end
		switch {
		case t.literal != "":
			b.WriteString(t.literal)
		case t.sc.closing: // a closing tag nobody opened
		case t.close >= 0:
			c := e.tags[t.close]
			var inner strings.Builder
			if !e.expandInto(&inner, k+1, t.close, t.end, c.start) {
				return false
			}
			b.WriteString(renderShortcode(t.sc, inner.String(), true, e.meta))
			pos, k = c.end, t.close
		default:
			b.WriteString(renderShortcode(t.sc, "", false, e.meta))
		}
		if b.Len() > e.limit {
			return false
		}
	}
	b.WriteString(e.s[pos:to])
	return b.Len() <= e.limit
}

// nextTag returns the offset of the next "{{<" or "{{%", or -1.
func nextTag(s string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], "{{")
		if i < 0 {
			return -1
		}
		j := off + i
		if k := j + 2; k < len(s) {
			if c := skipSpace(s, k); c < len(s) && (s[c] == '<' || s[c] == '%') {
				return j
			}
		}
		off = j + 1 // "{{{<" opens a tag at its second brace
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// escapedTag recognises {{</* ... */>}} and {{%/* ... */%}} and returns
// the tag as written without the comment marks, and its length; when it
// is not one, the number of bytes it read to find out.
func escapedTag(s string) (string, int, bool) {
	open := s[:skipSpace(s, 2)+1]
	delim := open[len(open)-1]
	rest := s[len(open):]
	if !strings.HasPrefix(strings.TrimLeft(rest, " \t"), "/*") {
		return "", len(open), false
	}
	closeMark := "*/" + string(closer(delim)) + "}}"
	j := strings.Index(rest, closeMark)
	if j < 0 {
		return "", len(s), false
	}
	body := strings.TrimLeft(rest[:j], " \t")
	body = strings.TrimPrefix(body, "/*")
	return "{{" + string(delim) + body + string(closer(delim)) + "}}", len(open) + j + len(closeMark), true
}

// parseTag parses the shortcode tag at the start of s. It returns the
// number of bytes it read: the tag's length, or how far it got before
// finding that s does not start with a tag.
func parseTag(s string) (*shortcode, int, bool) {
	i := skipSpace(s, 2)
	closeMark := string(closer(s[i])) + "}}"
	i = skipSpace(s, i+1)
	sc := &shortcode{}
	if i < len(s) && s[i] == '/' {
		sc.closing = true
		i = skipSpace(s, i+1)
	}
	start := i
	for i < len(s) && (isNameRune(rune(s[i]))) {
		i++
	}
	if i == start {
		return nil, i, false
	}
	sc.name = strings.ToLower(s[start:i])
	for {
		for i < len(s) && unicode.IsSpace(rune(s[i])) {
			i++
		}
		switch {
		case i >= len(s):
			return nil, i, false
		case strings.HasPrefix(s[i:], closeMark):
			sc.end = i + len(closeMark)
			return sc, sc.end, true
		case s[i] == '/' && strings.HasPrefix(s[i+1:], closeMark):
			sc.self = true
			sc.end = i + 1 + len(closeMark)
			return sc, sc.end, true
		}
		tok, n, ok := paramToken(s[i:], closeMark)
		if i += n; !ok {
			return nil, i, false
		}
		if i < len(s) && s[i] == '=' && !isQuote(tok) {
			v, m, ok := paramToken(s[i+1:], closeMark)
			if i += 1 + m; !ok {
				return nil, i, false
			}
			if sc.named == nil {
				sc.named = map[string]string{}
			}
			sc.named[strings.ToLower(tok)] = unquote(v)
			continue
		}
		sc.pos = append(sc.pos, unquote(tok))
	}
}

// closer returns the character that closes a tag opened with delim.
func closer(delim byte) byte {
	if delim == '<' {
		return '>'
	}
	return '%'
}

func isNameRune(r rune) bool {
	return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-./", r))
}

func isQuote(tok string) bool { return tok != "" && (tok[0] == '"' || tok[0] == '`') }

// paramToken reads one parameter token: "quoted" (with \" escapes),
// `raw`, or bare up to a space, "=" or the end of the tag (closeMark,
// ">}}" or "%}}"). It returns the token and the bytes it read.
func paramToken(s, closeMark string) (string, int, bool) {
	if s == "" {
		return "", 0, false
	}
	switch q := s[0]; q {
	case '"', '`':
		for i := 1; i < len(s); i++ {
			if q == '"' && s[i] == '\\' {
				i++
				continue
			}
			if s[i] == q {
				return s[:i+1], i + 1, true
			}
		}
		return "", len(s), false
	}
	i := 0
	for i < len(s) && !unicode.IsSpace(rune(s[i])) && s[i] != '=' && !strings.HasPrefix(s[i:], closeMark) && !(s[i] == '/' && strings.HasPrefix(s[i+1:], closeMark)) {
		i++
	}
	return s[:i], i, i > 0
}

// unquoter undoes the escapes of a "quoted" parameter.
var unquoter = strings.NewReplacer(`\"`, `"`, `\\`, `\`)

func unquote(tok string) string {
	if len(tok) >= 2 && tok[0] == '`' && tok[len(tok)-1] == '`' {
		return tok[1 : len(tok)-1]
	}
	if len(tok) >= 2 && tok[0] == '"' && tok[len(tok)-1] == '"' {
		return unquoter.Replace(tok[1 : len(tok)-1])
	}
	return tok
}
