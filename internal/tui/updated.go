package tui

import "github.com/sshblog/sshblog/internal/page"

// updatedLine is the pager header's "updated DATE" when the post was
// modified on another day than it was published (lastmod set by hand or
// from git); "" otherwise. Days are compared in the post's own zone.
func updatedLine(p *page.Page, s Strings) string {
	if p.Lastmod.IsZero() || p.Date.IsZero() {
		return ""
	}
	day := p.Lastmod.In(p.Date.Location()).Format("2006-01-02")
	if !p.Lastmod.After(p.Date) || day == p.Date.Format("2006-01-02") {
		return ""
	}
	return s.UpdatedOn(day)
}
