package tui

import "github.com/sshblog/sshblog/internal/page"

// updatedLine is the pager header's "updated DATE" when the post was
// modified on another day than it was published (lastmod set by hand or
// from git); "" otherwise. Days are compared in the post's own zone.
func updatedLine(p *page.Page, s Strings) string {
	if p.Lastmod.IsZero() || p.Date.IsZero() {
		return ""
	}
	mod := p.Lastmod.In(p.Date.Location())
	if !p.Lastmod.After(p.Date) || mod.Format("2006-01-02") == p.Date.Format("2006-01-02") {
		return ""
	}
	return s.UpdatedOn(s.Date(mod)) // as the language writes dates: Jun 1, 2024, 2024年6月1日
}
