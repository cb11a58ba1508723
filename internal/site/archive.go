package site

import (
	"github.com/sshblog/sshblog/internal/page"

	"fmt"
	"hash/fnv"
	"strings"
)

// Markdown returns what a reader is shown for p and a cache key for it:
// the post's own markdown, or, for a theme's archives page without text
// (Stack's layout "archives", all template), the posts by year. That one
// is built once per snapshot, and keyed by its text, so a snapshot that
// changes no post keeps its render.
func (s *Snapshot) Markdown(p *page.Page) (md, key string) {
	if p.Layout == "archives" && strings.TrimSpace(p.Body()) == "" {
		s.archive.Do(func() {
			s.archiveMD = s.buildArchive()
			h := fnv.New64a()
			h.Write([]byte(s.archiveMD))
			s.archiveKey = fmt.Sprintf("#archives#%x", h.Sum64())
		})
		return s.archiveMD, p.Key() + s.archiveKey
	}
	md, err := p.ReadBody()
	if err != nil {
		// A large blog's post whose spill file cannot be read (an I/O
		// error, see page.Options.Spill): never another text under the
		// post's key.
		return unavailable(err), p.Key() + "#unavailable"
	}
	return md, p.Key()
}

// unavailable is the markdown shown for a post whose text cannot be read
// from the spill file.
func unavailable(error) string {
	return "*This post cannot be shown now.* Its text could not be read from the server's spill file. Press `r`, or open it again in a moment.\n"
}

// MarkdownLen is the length of Markdown's md for p, without decompressing
// a post's body (see page.Options.Compress).
func (s *Snapshot) MarkdownLen(p *page.Page) int {
	if p.Layout == "archives" {
		md, _ := s.Markdown(p)
		return len(md)
	}
	return p.BodyLen()
}

// buildArchive lists the posts by year, newest first, as markdown.
func (s *Snapshot) buildArchive() string {
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
