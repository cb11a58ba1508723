package site

import (
	"net/url"
	"path"
	"strings"

	"github.com/sshblog/sshblog/internal/page"
)

// Permalink is the full URL of p on the site as Hugo publishes it by
// default (baseURL, then the page's url, else its section folders and
// slug), or "" when the site has no baseURL: paths relative to the post
// are then shown as written. Figures' relative paths resolve against it.
// Not followed yet: the `permalinks` configuration and the language
// prefix of a multilingual site.
func (s *Snapshot) Permalink(p *page.Page) string {
	base, err := url.Parse(strings.TrimSpace(s.Site.BaseURL))
	if err != nil || !base.IsAbs() || base.Host == "" {
		return ""
	}
	rel := p.URL
	if rel == "" {
		dir := path.Dir(p.Logical)
		if p.Kind == page.KindLeaf {
			dir = path.Dir(dir) // the bundle's folder is the page
		}
		if dir == "." {
			dir = ""
		}
		rel = "/" + path.Join(dir, p.Slug) + "/"
	}
	if !strings.HasSuffix(rel, "/") && path.Ext(rel) == "" {
		rel += "/"
	}
	base.Path = strings.TrimSuffix(base.Path, "/") + "/" + strings.TrimPrefix(rel, "/")
	return base.String()
}
