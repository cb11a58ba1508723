package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// TestURLsFollowPermalinks: with the site's permalinks pattern, the
// feed's ids and links and the full URLs of a bundle's figures (read)
// are the pages' URLs as Hugo publishes them, not /SECTION/SLUG/.
func TestURLsFollowPermalinks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("posts/trip/index.md", "---\ntitle: A Trip North\ndate: 2024-05-02\nslug: north\n---\nSee ![the map](map.png) and ![logo](/img/logo.png).\n")
	write("posts/trip/map.png", "png")
	write("posts/plain.md", "---\ntitle: Plain Post\ndate: 2024-04-01\n---\nText.\n")
	st, err := store.New(store.Options{Dir: dir, Parse: page.Options{DefaultLanguage: "en"}, Site: site.Config{
		Title: "T", Language: "en", BaseURL: "https://blog.example/",
		Permalinks: map[string]string{"posts": "/:year/:month/:slug/"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	out, errs, code := run(t, snap, "feed")
	if code != 0 {
		t.Fatalf("feed: code %d: %s", code, errs)
	}
	f := parseFeed(t, out)
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries", len(f.Entries))
	}
	for i, want := range []string{"https://blog.example/2024/05/north/", "https://blog.example/2024/04/plain-post/"} {
		e := f.Entries[i]
		if e.ID != want || len(e.Links) != 1 || e.Links[0].Href != want {
			t.Errorf("entry %d: id %q links %+v, want %q", i, e.ID, e.Links, want)
		}
	}
	out, errs, code = run(t, snap, "read", "north")
	if code != 0 {
		t.Fatalf("read: code %d: %s", code, errs)
	}
	for _, want := range []string{"<https://blog.example/2024/05/north/map.png>", "<https://blog.example/img/logo.png>"} {
		if !strings.Contains(out, want) {
			t.Errorf("read: no %s in\n%s", want, out)
		}
	}
}
