package site

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/sshblog/sshblog/internal/page"
)

// Permalink is the full URL of p on the site as Hugo publishes it
// (baseURL, then the page's url, else the site's permalinks pattern for
// its section, else its section folders and slug), or "" when the site
// has no baseURL: paths relative to the post are then shown as written.
// Figures' relative paths resolve against it, and the feed's ids and
// links are it. Not followed yet: the language prefix of a multilingual
// site.
func (s *Snapshot) Permalink(p *page.Page) string {
	base, err := url.Parse(strings.TrimSpace(s.Site.BaseURL))
	if err != nil || !base.IsAbs() || base.Host == "" {
		return ""
	}
	rel := p.URL
	if rel == "" {
		rel = s.relPermalink(p)
	}
	if u, err := url.Parse(rel); err == nil && u.IsAbs() {
		return rel // an url of another site
	}
	if !strings.HasSuffix(rel, "/") && path.Ext(rel) == "" {
		rel += "/"
	}
	base.Path = strings.TrimSuffix(base.Path, "/") + "/" + strings.TrimPrefix(rel, "/")
	return base.String()
}

// relPermalink is p's path on the site without a url of its own: its
// section's permalinks pattern expanded, else its folders and slug.
func (s *Snapshot) relPermalink(p *page.Page) string {
	dir := folderOf(p)
	if p.Kind == page.KindBranch { // a section's own page is its folder
		return strings.TrimSuffix("/"+dir, "/") + "/"
	}
	if pattern, ok := s.permalinkPattern(p, dir); ok {
		if rel, ok := expandPermalink(pattern, p, dir); ok {
			return rel
		}
	}
	return "/" + path.Join(dir, p.Slug) + "/"
}

// folderOf is the folder of the page p is: a bundle's folder's parent.
func folderOf(p *page.Page) string {
	dir := path.Dir(p.Logical)
	if p.Kind == page.KindLeaf {
		dir = path.Dir(dir) // the bundle's folder is the page
	}
	if dir == "." {
		dir = ""
	}
	return dir
}

// permalinkPattern is the pattern Hugo's permalinks setting gives the
// regular page p in folder dir: the one for its deepest section folder
// that has one (keys are section names, "posts", or section paths,
// "posts/tutorials"). Sections' own pages keep their folder URLs.
func (s *Snapshot) permalinkPattern(p *page.Page, dir string) (string, bool) {
	if len(s.Site.Permalinks) == 0 || p.Kind == page.KindBranch || dir == "" {
		return "", false
	}
	for d := strings.ToLower(dir); d != "." && d != ""; d = path.Dir(d) {
		if pat, ok := s.Site.Permalinks[d]; ok && strings.TrimSpace(pat) != "" {
			return pat, true
		}
	}
	return "", false
}

// expandPermalink replaces the tokens of a permalinks pattern with p's
// values, as Hugo's resources/page/permalinks.go does: :year :month
// :monthname :day :weekday :weekdayname :yearday :section :sections
// :title :slug :slugorfilename :filename :contentbasename
// :slugorcontentbasename. A pattern with another token is not used (Hugo
// refuses it). Values are in lower case, as Hugo makes paths.
func expandPermalink(pattern string, p *page.Page, dir string) (string, bool) {
	var b strings.Builder
	for rest := pattern; rest != ""; {
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i+1:]
		j := 0
		for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z') {
			j++
		}
		if j == 0 {
			b.WriteByte(':') // a colon that starts no token
			continue
		}
		tok := rest[:j]
		rest = rest[j:]
		var v string
		var ok bool
		if strings.HasPrefix(rest, "[") {
			// Hugo slices :sections ("[last]", "[1:]"); nothing else.
			end := strings.IndexByte(rest, ']')
			if tok != "sections" || end < 0 {
				return "", false
			}
			var parts []string
			if parts, ok = sliceSections(strings.Split(dir, "/"), rest[1:end]); !ok {
				return "", false
			}
			v, rest = strings.ToLower(strings.Join(parts, "/")), rest[end+1:]
		} else if v, ok = permalinkToken(tok, p, dir); !ok {
			return "", false
		}
		b.WriteString(v)
	}
	out := b.String()
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	if !strings.HasPrefix(out, "/") {
		out = "/" + out
	}
	return out, true
}

// sliceSections is Hugo's slice of a page's sections for
// ":sections[cut]": "n" the nth (from 0), "last" the last, "from:to" a
// range whose ends are numbers or "last" (either may be left out). What
// is out of range is empty; a cut that is none of these is refused.
func sliceSections(s []string, cut string) ([]string, bool) {
	cut = strings.ToLower(strings.TrimSpace(cut))
	index := func(n string, none int) (int, bool) {
		switch n {
		case "":
			return none, true
		case "last":
			return len(s) - 1, true
		}
		i, err := strconv.Atoi(n)
		return max(0, min(i, len(s))), err == nil && i >= 0
	}
	from, to, ranged := strings.Cut(cut, ":")
	if !ranged {
		if from == "" {
			return nil, false
		}
		i, ok := index(from, 0)
		if !ok || i < 0 || i >= len(s) {
			return nil, ok
		}
		return s[i : i+1], true
	}
	i, ok1 := index(from, 0)
	j, ok2 := index(to, len(s))
	if !ok1 || !ok2 {
		return nil, false
	}
	if i < 0 || j <= i {
		return nil, true
	}
	return s[i:j], true
}

// permalinkToken is the value of one token for p.
func permalinkToken(tok string, p *page.Page, dir string) (string, bool) {
	d := p.Date
	filename := contentBaseName(p)
	slug := func() string {
		if p.FrontSlug != "" {
			return urlize(p.FrontSlug)
		}
		return urlize(p.Title)
	}
	switch tok {
	case "year":
		return d.Format("2006"), true
	case "month":
		return d.Format("01"), true
	case "monthname":
		return strings.ToLower(d.Month().String()), true
	case "day":
		return d.Format("02"), true
	case "weekday":
		return strconv.Itoa(int(d.Weekday())), true
	case "weekdayname":
		return strings.ToLower(d.Weekday().String()), true
	case "yearday":
		return strconv.Itoa(d.YearDay()), true
	case "section":
		return strings.ToLower(p.Section), true
	case "sections":
		return strings.ToLower(dir), true
	case "title":
		return urlize(p.Title), true
	case "slug":
		return slug(), true
	case "slugorfilename", "slugorcontentbasename":
		if p.FrontSlug != "" {
			return urlize(p.FrontSlug), true
		}
		return urlize(filename), true
	case "filename", "contentbasename":
		return urlize(filename), true
	}
	return "", false
}

// contentBaseName is Hugo's File.ContentBaseName: a bundle's folder name,
// else the file name without its extension and language.
func contentBaseName(p *page.Page) string {
	if p.Kind == page.KindLeaf {
		return path.Base(path.Dir(p.Logical))
	}
	base := strings.TrimSuffix(path.Base(p.Logical), path.Ext(p.Logical))
	if p.Lang != "" {
		base = strings.TrimSuffix(base, "."+p.Lang)
	}
	return base
}

// urlize makes text a path element as Hugo's urlize does
// (helpers.PathSpec.URLize, UnicodeSanitize): letters, digits, marks and
// ". _ - + ~ # @" kept, spaces runs made one "-", everything else
// dropped, in lower case (Permalink escapes the path).
func urlize(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune("._-+~#@", r):
			b.WriteRune(r)
			hyphen = r == '-'
		case unicode.IsSpace(r):
			if !hyphen && b.Len() > 0 {
				b.WriteByte('-')
				hyphen = true
			}
		}
	}
	return strings.ToLower(b.String())
}
