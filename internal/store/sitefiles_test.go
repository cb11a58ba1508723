package store

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/site"
)

// TestOpenSiteFileConfined: a file of the site's static/ (or assets/)
// folder opens by its path from the site's root, the first folder holding
// it winning; nothing outside those folders is read, whether named with
// ../ or reached through a symbolic link, nor the host key folder, nor a
// private key.
func TestOpenSiteFileConfined(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, filepath.FromSlash(rel), text) }
	write("content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\nx\n")
	write("static/images/a.png", "from static")
	write("assets/images/a.png", "from assets")
	write("assets/only.png", "only in assets")
	write("secret.png", secret)
	write("content/posts/c.png", "content file")
	write("hostkeys/ssh_host_ed25519_key", "not a key by its text")
	write("static/id.png", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n")
	symlink(t, "../secret.png", filepath.Join(root, "static", "up.png"))
	symlink(t, filepath.Join(root, "secret.png"), filepath.Join(root, "static", "abs.png"))
	symlink(t, "/etc/passwd", filepath.Join(root, "static", "passwd.png"))
	symlink(t, "../content", filepath.Join(root, "static", "c"))
	symlink(t, filepath.Join(root, "hostkeys", "ssh_host_ed25519_key"), filepath.Join(root, "assets", "key.png"))
	os.Link(filepath.Join(root, "hostkeys", "ssh_host_ed25519_key"), filepath.Join(root, "static", "hard.png"))

	st, err := New(Options{
		Dir:          filepath.Join(root, "content"),
		SiteFileDirs: []string{filepath.Join(root, "static"), filepath.Join(root, "assets")},
		HostKeyDir:   filepath.Join(root, "hostkeys"),
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	read := func(name string) (string, error) { return readSiteFile(snap, name) }
	for name, want := range map[string]string{
		"images/a.png":  "from static", // static before assets
		"/images/a.png": "from static",
		"only.png":      "only in assets",
	} {
		if got, err := read(name); err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{
		"../secret.png", "../../secret.png", "images/../../secret.png", "../content/posts/c.png",
		"up.png", "abs.png", "passwd.png", "c/posts/c.png", "key.png", "hard.png", "id.png",
		"", "/", ".", "images", "missing.png",
	} {
		if got, err := read(name); err == nil {
			t.Errorf("%q was read: %q", name, got)
		}
	}
}

// TestOpenSiteFileFolderSwapped: a site file folder replaced by a
// symbolic link after the store was made (static/ -> a folder outside the
// site) is not read through: the configuration's check that the folders
// lie inside the site was made on the folder as it was; one recreated as
// a real folder at the same place is still read.
func TestOpenSiteFileFolderSwapped(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, filepath.FromSlash(rel), text) }
	write("content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\nx\n")
	write("site/static/a.png", "from static")
	write("outside/a.png", secret)
	static := filepath.Join(root, "site", "static")
	st, err := New(Options{Dir: filepath.Join(root, "content"), SiteFileDirs: []string{static}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) (string, error) { return readSiteFile(st.Snapshot(), name) }
	if got, err := read("a.png"); err != nil || got != "from static" {
		t.Fatalf("before the swap: %q, %v", got, err)
	}
	if err := os.Rename(static, static+".old"); err != nil {
		t.Fatal(err)
	}
	symlink(t, filepath.Join(root, "outside"), static)
	if got, err := read("a.png"); err == nil {
		t.Errorf("read through the swapped folder: %q", got)
	}
	if err := os.Remove(static); err != nil {
		t.Fatal(err)
	}
	write("site/static/a.png", "recreated")
	if got, err := read("a.png"); err != nil || got != "recreated" {
		t.Errorf("recreated folder: %q, %v", got, err)
	}
}

// TestOpenSiteFileRootSwapped: a site whose root is git-sync's link
// ("current" -> a worktree) keeps its pictures when the link is swapped
// to a new worktree: static/ is read at the same place in the new one.
// A static/ that is a link in the new worktree (to a folder outside the
// site) is not read through.
func TestOpenSiteFileRootSwapped(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, filepath.FromSlash(rel), text) }
	for _, wt := range []string{"wt1", "wt2"} {
		write(wt+"/content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\nx\n")
		write(wt+"/static/a.png", "from "+wt)
	}
	write("outside/a.png", secret)
	write("wt3/content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\nx\n")
	symlink(t, filepath.Join(root, "outside"), filepath.Join(root, "wt3", "static"))
	current := filepath.Join(root, "current")
	swap := func(wt string) {
		tmp := filepath.Join(root, "tmp-link")
		symlink(t, filepath.Join(root, wt), tmp)
		if err := os.Rename(tmp, current); err != nil {
			t.Fatal(err)
		}
	}
	swap("wt1")
	st, err := New(Options{Dir: filepath.Join(current, "content"), SiteRoot: current,
		SiteFileDirs: []string{filepath.Join(current, "static")}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) (string, error) { return readSiteFile(st.Snapshot(), name) }
	if got, err := read("a.png"); err != nil || got != "from wt1" {
		t.Fatalf("before the swap: %q, %v", got, err)
	}
	swap("wt2")
	if got, err := read("a.png"); err != nil || got != "from wt2" {
		t.Errorf("after git-sync's swap: %q, %v (want the new worktree's)", got, err)
	}
	swap("wt3")
	if got, err := read("a.png"); err == nil {
		t.Errorf("read through a static/ link to outside the site: %q", got)
	}
}

// TestOpenSiteFileFolderMadeLater: a site file folder that was not there
// when the store was made is read once it is made inside the site, and
// not when it is made as a link that leads out of it.
func TestOpenSiteFileFolderMadeLater(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "site/content/posts/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\nx\n")
	writeFile(t, root, "outside/a.png", secret)
	siteRoot := filepath.Join(root, "site")
	st, err := New(Options{Dir: filepath.Join(siteRoot, "content"), SiteRoot: siteRoot,
		SiteFileDirs: []string{filepath.Join(siteRoot, "static")}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) (string, error) { return readSiteFile(st.Snapshot(), name) }
	if got, err := read("a.png"); err == nil {
		t.Fatalf("read before static/ was made: %q", got)
	}
	symlink(t, filepath.Join(root, "outside"), filepath.Join(siteRoot, "static"))
	if got, err := read("a.png"); err == nil {
		t.Errorf("read through a static/ made as a link out of the site: %q", got)
	}
	if err := os.Remove(filepath.Join(siteRoot, "static")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "site/static/a.png", "made later")
	if got, err := read("a.png"); err != nil || got != "made later" {
		t.Errorf("static/ made later: %q, %v", got, err)
	}
}

// readSiteFile reads the site file name through snap.
func readSiteFile(snap *site.Snapshot, name string) (string, error) {
	f, err := snap.OpenSiteFile(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
}
