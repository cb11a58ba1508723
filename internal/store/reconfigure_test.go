package store

import (
	"context"
	"testing"

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
