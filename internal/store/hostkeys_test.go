package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/site"
)

// fakeKey looks like a host key file.
const fakeKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n"

// The host key folder is never served, whatever the layout: here the
// content folder is the repository root and holds it. Its files are not
// pages, and links to them, hard links to them and copies of a private
// key elsewhere are refused.
func TestHostKeysNeverServed(t *testing.T) {
	root := t.TempDir()
	keys := filepath.Join(root, "hostkeys")
	writeFile(t, keys, "ssh_host_ed25519_key", fakeKey)
	writeFile(t, keys, "notes.md", post("Key notes", "2024-01-01")+"HOSTKEYSECRET\n")
	writeFile(t, keys, "index.md", post("Key bundle", "2024-01-01"))
	writeFile(t, root, "posts/ok.md", post("OK", "2024-01-01"))
	writeFile(t, root, "posts/copy.md", fakeKey)
	symlink(t, "../hostkeys/ssh_host_ed25519_key", filepath.Join(root, "posts/key.md"))
	symlink(t, "../hostkeys/notes.md", filepath.Join(root, "posts/notes.md"))
	symlink(t, "../hostkeys", filepath.Join(root, "posts/keydir"))
	if err := os.Link(filepath.Join(keys, "notes.md"), filepath.Join(root, "posts/hard.md")); err != nil {
		t.Fatal(err)
	}

	for _, hostkeys := range []string{keys, "hostkeys"} {
		t.Run(hostkeys, func(t *testing.T) {
			t.Chdir(root) // the default --hostkeys is relative
			st, err := New(Options{Dir: root, HostKeyDir: hostkeys})
			if err != nil {
				t.Fatal(err)
			}
			s := st.Snapshot()
			if l := leaks(s, "PRIVATE KEY", "HOSTKEYSECRET", "Key bundle"); l != "" {
				t.Error(l)
			}
			if got := titles(s); got != "OK" {
				t.Errorf("posts = %q, want OK", got)
			}
			wantRefused(t, s, "host key", "posts/key.md", "posts/notes.md", "posts/hard.md", "posts/keydir")
			wantRefused(t, s, "private key", "posts/copy.md")
			for _, p := range s.Problems {
				if strings.HasPrefix(p.Path, "hostkeys/") {
					t.Errorf("a file of the host key folder is listed: %v", p)
				}
			}
		})
	}
}

// While the blog runs, the host key folder inside the content folder
// stays out: a key written there (the first start) and links made to it
// are not served, and its files are not listed.
func TestWatchHostKeysInsideContent(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "posts/a.md", post("A", "2024-01-01"))
	os.MkdirAll(filepath.Join(root, "hostkeys"), 0o700)
	st, err := New(Options{Dir: root, HostKeyDir: filepath.Join(root, "hostkeys")})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	writeFile(t, root, "hostkeys/ssh_host_ed25519_key", fakeKey)
	writeFile(t, root, "hostkeys/index.md", post("Key bundle", "2024-01-01")+"HOSTKEYSECRET\n")
	writeFile(t, root, "posts/later.md", post("Later", "2024-01-02"))
	eventually(t, st, "a post written with the key", hasTitles("Later,A"))
	symlink(t, "../hostkeys/index.md", filepath.Join(root, "posts/k.md"))
	eventually(t, st, "a link to the host key folder", func(s *site.Snapshot) bool {
		_, ok := problemFor(s, "posts/k.md")
		return ok
	})
	s := st.Snapshot()
	if l := leaks(s, "PRIVATE KEY", "HOSTKEYSECRET"); l != "" {
		t.Error(l)
	}
	for _, p := range s.Problems {
		if strings.HasPrefix(p.Path, "hostkeys/") {
			t.Errorf("a file of the host key folder is listed: %v", p)
		}
	}
	wantRefused(t, s, "host key", "posts/k.md")
}
