package page

import (
	"cmp"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// What each shortcode becomes: the markdown a terminal reader can use.

// renderShortcode returns the markdown shown for one shortcode, inner being
// its expanded content.
func renderShortcode(sc *shortcode, inner string, paired bool, params map[string]any) string {
	// A parameter may hold anything: what would end the link's text or
	// address early (and so write markdown of its own) is escaped.
	link := func(label, u string) string {
		if u == "" {
			return ""
		}
		return fmt.Sprintf("[%s](%s)", oneLine(label), linkDest.Replace(u))
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
		alt := cmp.Or(sc.param("alt", -1), sc.param("caption", -1), sc.param("title", -1), "image")
		src := sc.param("src", 0)
		if strings.ContainsAny(src, " ()<>") {
			src = "<" + figureDest.Replace(src) + ">"
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
		user, gid := sc.param("user", 0), sc.param("id", 1)
		return link("Gist "+user+"/"+gid, "https://gist.github.com/"+url.PathEscape(user)+"/"+url.PathEscape(gid))
	case "gitlab":
		return link("GitLab snippet "+id, "https://gitlab.com/-/snippets/"+url.PathEscape(id))
	case "tweet", "x", "twitter":
		user, tid := sc.param("user", 0), sc.param("id", 1)
		if tid == "" {
			tid, user = user, "i"
		}
		return link("Post by @"+user, "https://x.com/"+url.PathEscape(user)+"/status/"+url.PathEscape(tid))
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
		return cmp.Or(sc.param("text", 0), strings.TrimSpace(inner))
	case "comment":
		return ""
	case "highlight":
		lang := sc.param("lang", 0)
		return "```" + lang + "\n" + strings.Trim(inner, "\n") + "\n```"
	case "details":
		return "**" + oneLine(cmp.Or(sc.param("summary", 0), "Details")) + "**\n\n" + strings.TrimSpace(inner)
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
		kind := cmp.Or(sc.param("title", -1), sc.param("type", 0), sc.name)
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
	return oneLiner.Replace(s)
}

// The replacers are built once: a strings.Replacer of one-byte patterns
// builds a 256-entry table on its first use, and building one per
// shortcode made a post of 16 KB of "{{< x >}}" allocate 14 MB and take
// 24 times prose's time to load (16 MB: 4 s, 7 GB allocated).
var (
	oneLiner   = strings.NewReplacer("\n", " ", "]", "", "[", "", "*", "")
	figureDest = strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "")
	siteDest   = strings.NewReplacer("<", "", ">", "", " ", "")
)

func capitalize(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// linkDest escapes what would end a shortcode link's address early.
var linkDest = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\n", "", "\r", "", `\`, "%5C")
