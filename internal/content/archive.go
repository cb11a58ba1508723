package content

import (
	"fmt"
	"strings"
)

// Markdown returns what a reader is shown for p and a cache key for it:
// the post's own markdown, or, for a theme's archives page without text
// (Stack's layout "archives", all template), the posts by year. That one
// is built from the snapshot, so its key changes with every snapshot.
func (s *Snapshot) Markdown(p *Post) (md, key string) {
	if p.Layout == "archives" && strings.TrimSpace(p.Body) == "" {
		return s.archive(), fmt.Sprintf("%s#archives@%d", p.Key(), s.Built.UnixNano())
	}
	return p.Body, p.Key()
}

// archive lists the posts by year, newest first, as markdown.
func (s *Snapshot) archive() string {
	var b strings.Builder
	year := -1
	for _, p := range s.Posts {
		if y := p.Date.Year(); y != year {
			year = y
			if p.Date.IsZero() {
				b.WriteString("\n## —\n\n")
			} else {
				fmt.Fprintf(&b, "\n## %d\n\n", y)
			}
		}
		date := "·"
		if !p.Date.IsZero() {
			date = p.Date.Format("01-02")
		}
		fmt.Fprintf(&b, "- %s · %s · `%s`\n", date, escapeMarkdown(p.Title), p.Slug)
	}
	return b.String()
}

// escapeMarkdown keeps a title from being read as markdown syntax.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
