package page

import (
	"fmt"
	"net/url"
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

// ExpandShortcodes replaces Hugo shortcodes in body with markdown. meta is
// the page's front matter with lower-cased keys, for {{< param name >}}:
// a top-level field, else one under params.
func ExpandShortcodes(body string, meta map[string]any) string {
	if !strings.Contains(body, "{{<") && !strings.Contains(body, "{{%") {
		return body
	}
	tags := scanTags(body)
	if len(tags) == 0 {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	expandInto(&b, body, tags, 0, len(tags), 0, len(body), meta)
	return b.String()
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
func scanTags(s string) []tag {
	var tags []tag
	for off := 0; ; {
		i := nextTag(s[off:])
		if i < 0 {
			break
		}
		at := off + i
		if lit, n, ok := escapedTag(s[at:]); ok {
			tags = append(tags, tag{start: at, end: at + n, literal: lit, close: -1})
			off = at + n
			continue
		}
		sc, ok := parseTag(s[at:])
		if !ok {
			off = at + 3
			continue
		}
		tags = append(tags, tag{start: at, end: at + sc.end, sc: sc, close: -1})
		off = at + sc.end
	}
	var open []int              // indices of opening tags not yet closed
	waiting := map[string]int{} // how many of open have each name
	for i, t := range tags {
		switch {
		case t.sc == nil || t.sc.self:
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
	return tags
}

// expandInto writes s[from:to], whose tags are tags[i:j], with its
// shortcodes expanded.
func expandInto(b *strings.Builder, s string, tags []tag, i, j, from, to int, meta map[string]any) {
	pos := from
	for k := i; k < j; k++ {
		t := tags[k]
		b.WriteString(s[pos:t.start])
		pos = t.end
		switch {
		case t.literal != "":
			b.WriteString(t.literal)
		case t.sc.closing: // a closing tag nobody opened
		case t.close >= 0:
			c := tags[t.close]
			var inner strings.Builder
			expandInto(&inner, s, tags, k+1, t.close, t.end, c.start, meta)
			b.WriteString(renderShortcode(t.sc, inner.String(), true, meta))
			pos, k = c.end, t.close
		default:
			b.WriteString(renderShortcode(t.sc, "", false, meta))
		}
	}
	b.WriteString(s[pos:to])
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
// the tag as written without the comment marks.
func escapedTag(s string) (string, int, bool) {
	open := s[:skipSpace(s, 2)+1]
	delim := open[len(open)-1]
	rest := s[len(open):]
	if !strings.HasPrefix(strings.TrimLeft(rest, " \t"), "/*") {
		return "", 0, false
	}
	closeMark := "*/" + string(closer(delim)) + "}}"
	j := strings.Index(rest, closeMark)
	if j < 0 {
		return "", 0, false
	}
	body := strings.TrimLeft(rest[:j], " \t")
	body = strings.TrimPrefix(body, "/*")
	return "{{" + string(delim) + body + string(closer(delim)) + "}}", len(open) + j + len(closeMark), true
}

// parseTag parses the shortcode tag at the start of s.
func parseTag(s string) (*shortcode, bool) {
	i := skipSpace(s, 2)
	delim := closer(s[i])
	i = skipSpace(s, i+1)
	sc := &shortcode{named: map[string]string{}}
	if i < len(s) && s[i] == '/' {
		sc.closing = true
		i = skipSpace(s, i+1)
	}
	start := i
	for i < len(s) && (isNameRune(rune(s[i]))) {
		i++
	}
	if i == start {
		return nil, false
	}
	sc.name = strings.ToLower(s[start:i])
	closeMark := string(delim) + "}}"
	for {
		for i < len(s) && unicode.IsSpace(rune(s[i])) {
			i++
		}
		switch {
		case i >= len(s):
			return nil, false
		case strings.HasPrefix(s[i:], closeMark):
			sc.end = i + len(closeMark)
			return sc, true
		case strings.HasPrefix(s[i:], "/"+closeMark):
			sc.self = true
			sc.end = i + 1 + len(closeMark)
			return sc, true
		}
		tok, n, ok := paramToken(s[i:], delim)
		if !ok {
			return nil, false
		}
		i += n
		if i < len(s) && s[i] == '=' && !isQuote(tok) {
			v, m, ok := paramToken(s[i+1:], delim)
			if !ok {
				return nil, false
			}
			sc.named[strings.ToLower(tok)] = unquote(v)
			i += 1 + m
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
// `raw`, or bare up to a space, "=" or the end of the tag (delim is the
// tag's closing character).
func paramToken(s string, delim byte) (string, int, bool) {
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
		return "", 0, false
	}
	i := 0
	for i < len(s) && !unicode.IsSpace(rune(s[i])) && s[i] != '=' && !strings.HasPrefix(s[i:], string(delim)+"}}") && !strings.HasPrefix(s[i:], "/"+string(delim)+"}}") {
		i++
	}
	return s[:i], i, i > 0
}

func unquote(tok string) string {
	if len(tok) >= 2 && tok[0] == '`' && tok[len(tok)-1] == '`' {
		return tok[1 : len(tok)-1]
	}
	if len(tok) >= 2 && tok[0] == '"' && tok[len(tok)-1] == '"' {
		return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(tok[1 : len(tok)-1])
	}
	return tok
}

// renderShortcode returns the markdown shown for one shortcode, inner being
// its expanded content.
func renderShortcode(sc *shortcode, inner string, paired bool, params map[string]any) string {
	link := func(label, u string) string {
		if u == "" {
			return ""
		}
		return fmt.Sprintf("[%s](%s)", label, u)
	}
	titled := func(def string) string {
		if t := sc.param("title", -1); t != "" {
			return t
		}
		return def
	}
	id := sc.param("id", 0)
	switch sc.name {
	case "figure", "img", "image":
		alt := firstNonEmpty(sc.param("alt", -1), sc.param("caption", -1), sc.param("title", -1), "image")
		src := sc.param("src", 0)
		if strings.ContainsAny(src, " ()<>") {
			src = "<" + strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "").Replace(src) + ">"
		}
		out := fmt.Sprintf("![%s](%s)", oneLine(alt), src)
		if c := sc.param("caption", -1); c != "" && c != alt {
			out += "\n\n*" + oneLine(c) + "*"
		}
		return out
	case "youtube":
		return link(titled("YouTube video"), "https://www.youtube.com/watch?v="+url.QueryEscape(id))
	case "vimeo":
		return link(titled("Vimeo video"), "https://vimeo.com/"+url.PathEscape(id))
	case "bilibili":
		if id != "" && strings.Trim(id, "0123456789") == "" {
			id = "av" + id
		}
		return link(titled("Bilibili video"), "https://www.bilibili.com/video/"+url.PathEscape(id))
	case "tencent":
		return link(titled("Tencent video"), "https://v.qq.com/x/page/"+url.PathEscape(id)+".html")
	case "video":
		return link(titled("Video"), sc.param("src", 0))
	case "gist":
		return link("Gist "+sc.param("user", 0)+"/"+sc.param("id", 1), "https://gist.github.com/"+sc.param("user", 0)+"/"+sc.param("id", 1))
	case "gitlab":
		return link("GitLab snippet "+id, "https://gitlab.com/-/snippets/"+url.PathEscape(id))
	case "tweet", "x", "twitter":
		user, tid := sc.param("user", 0), sc.param("id", 1)
		if tid == "" {
			tid, user = user, "i"
		}
		return link("Post by @"+user, "https://x.com/"+user+"/status/"+tid)
	case "instagram":
		return link("Instagram post", "https://www.instagram.com/p/"+url.PathEscape(id)+"/")
	case "ref", "relref":
		return sc.param("path", 0)
	case "param":
		key := strings.ToLower(sc.param("name", 0))
		v := params[key]
		if p, ok := params["params"].(map[string]any); ok && v == nil {
			v = p[key]
		}
		if v == nil {
			return ""
		}
		// Decoding front matter turns "\e" back into ESC: clean it
		// again, as every other field is.
		return Clean(fmt.Sprint(v))
	case "qr":
		return firstNonEmpty(sc.param("text", 0), strings.TrimSpace(inner))
	case "comment":
		return ""
	case "highlight":
		lang := sc.param("lang", 0)
		return "```" + lang + "\n" + strings.Trim(inner, "\n") + "\n```"
	case "details":
		return "**" + oneLine(firstNonEmpty(sc.param("summary", 0), "Details")) + "**\n\n" + strings.TrimSpace(inner)
	case "quote", "blockquote":
		var q []string
		for _, l := range strings.Split(strings.TrimSpace(inner), "\n") {
			q = append(q, "> "+l)
		}
		if who := strings.Join(nonEmpty(sc.param("author", 0), sc.param("source", 1)), ", "); who != "" {
			q = append(q, ">", "> — "+who)
		}
		return strings.Join(q, "\n")
	case "notice", "admonition", "alert", "hint", "callout", "note", "tip", "warning", "info":
		kind := firstNonEmpty(sc.param("title", -1), sc.param("type", 0), sc.name)
		var q []string
		q = append(q, "> **"+oneLine(capitalize(kind))+"**", ">")
		for _, l := range strings.Split(strings.TrimSpace(inner), "\n") {
			q = append(q, "> "+l)
		}
		return strings.Join(q, "\n")
	}
	if paired {
		return inner // an unknown wrapper: its content is what readers need
	}
	return "" // an unknown embed: nothing a terminal can show
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// oneLine keeps a parameter from breaking out of the markdown it is put in.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "]", "", "[", "", "*", "").Replace(s)
}

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
