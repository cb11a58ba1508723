package server

import (
	"strconv"

	"github.com/sshblog/sshblog/internal/page"
)

// appendListLine appends the `ls` line of p: DATE<TAB>SLUG<TAB>TITLE.
// Built by hand into one reused buffer: fmt and time.Format allocated
// several times a line, most of an `ls` of 50,000 posts.
func appendListLine(b []byte, p *page.Page) []byte {
	b = appendDate(b, p)
	b = append(b, '\t')
	b = append(b, p.Slug...)
	b = append(b, '\t')
	b = append(b, p.Title...)
	return append(b, '\n')
}

// appendDate appends dateOf(p).
func appendDate(b []byte, p *page.Page) []byte {
	y, m, d := p.Date.Date()
	if p.Date.IsZero() || y < 1000 || y > 9999 {
		return append(b, dateOf(p)...)
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return b
}
