package store

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenSiteFileConfined: a file of the site's static/ (or assets/)
// folder opens by its path from the site's root, the first folder holding
// it winning; nothing outside those folders is read, whether named with
// ../ or reached through a symbolic link, nor the host key folder, nor a
// private key.
func TestOpenSiteFileConfined(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
	read := func(name string) (string, error) {
		f, err := snap.OpenSiteFile(name)
		if err != nil {
			return "", err
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return string(b), err
	}
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
