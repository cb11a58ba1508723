package store

import (
	"context"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// A reload of the configuration changes the site settings and rereads
// every file with the new parse options, without any file changing.
func TestReconfigureRereadsWithNewSettings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "posts/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n在终端里读书与写作")
	st, err := New(Options{Dir: dir, Site: site.Config{Title: "Old"}})
	if err != nil {
		t.Fatal(err)
	}
	before := st.Snapshot()
	if before.Site.Title != "Old" || before.Posts[0].WordCount != 1 {
		t.Fatalf("before: title %q, %d words", before.Site.Title, before.Posts[0].WordCount)
	}
	changed := st.Changed()
	if err := st.Reconfigure(context.Background(), site.Config{Title: "New"}, page.Options{HasCJKLanguage: true}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	default:
		t.Error("no new snapshot published: sessions would not see the change")
	}
	after := st.Snapshot()
	if after.Site.Title != "New" {
		t.Errorf("title after reconfigure = %q", after.Site.Title)
	}
	if after.Posts[0].WordCount != 9 {
		t.Errorf("%d words after turning on hasCJKLanguage, want 9: the file was not parsed again", after.Posts[0].WordCount)
	}
}

// TestPagesReadInSiteDialect: the site's math delimiters, set once in the
// site's settings, are what the store reads every page's text with (word
// count, summary, search), as the pager reads it: a formula's "<y and z>"
// is TeX, not a raw HTML tag left out of the text. The parse options
// need not be told again (they were a second copy, which a caller could
// leave out or set apart).
func TestPagesReadInSiteDialect(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "posts/m.md", "---\ntitle: M\ndate: 2024-01-01\n---\nHere @(x <y and z> w)@ ends.\n")
	dialect := markdown.NewDialect([]markdown.MathDelimiter{{Open: "@(", Close: ")@"}})
	st, err := New(Options{Dir: dir, Site: site.Config{Title: "T", Dialect: dialect}})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if len(snap.Posts) != 1 {
		t.Fatalf("%d posts, want 1", len(snap.Posts))
	}
	p := snap.Posts[0]
	if got, want := p.WordCount, 7; got != want { // Here x <y and z> w ends.
		t.Errorf("WordCount = %d, want %d (the formula's words)", got, want)
	}
	if !strings.Contains(p.Plain(), "x <y and z> w") {
		t.Errorf("Plain lost the formula's text: %q", p.Plain())
	}
}
