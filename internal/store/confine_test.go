package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// secret is text that lives outside the content folder: no snapshot may
// hold it.
const secret = "TOPSECRET-OUTSIDE"

func symlink(t *testing.T, target, link string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// leaks reports the first published page or problem of s that holds one
// of the texts.
func leaks(s *site.Snapshot, texts ...string) string {
	all := append(append([]*page.Page(nil), s.Posts...), s.Pages...)
	for _, p := range s.All() {
		all = append(all, p)
	}
	for _, p := range all {
		for _, x := range texts {
			if strings.Contains(p.Source(), x) || strings.Contains(p.Title, x) {
				return p.Path + " serves " + x
			}
		}
	}
	for _, pr := range s.Problems {
		for _, x := range texts {
			if strings.Contains(pr.String(), x) {
				return "problem " + pr.String() + " shows " + x
			}
		}
	}
	return ""
}

// problemFor returns the problem reported for path, if any.
func problemFor(s *site.Snapshot, path string) (page.Problem, bool) {
	for _, p := range s.Problems {
		if p.Path == path {
			return p, true
		}
	}
	return page.Problem{}, false
}

// wantRefused checks that each path is reported, for the reason given,
// and that its slug serves nothing.
func wantRefused(t *testing.T, s *site.Snapshot, reason string, paths ...string) {
	t.Helper()
	for _, path := range paths {
		pr, ok := problemFor(s, path)
		if !ok {
			t.Errorf("%s: no problem reported; problems %v", path, s.Problems)
		} else if !strings.Contains(pr.Err, reason) {
			t.Errorf("problem %q, want the reason to say %q", pr.String(), reason)
		}
		slug := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if p, ok := s.Lookup(slug); ok && p.Path == path {
			t.Errorf("%s is served as %q", path, slug)
		}
	}
}

// Files reached through symbolic links that leave the content folder
// (relative or absolute, to a file, a folder or /etc/passwd, from a post
// or a bundle's resource) are not served and are reported.
func TestLinksOutsideAreNotServed(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	outside := filepath.Join(parent, "outside")
	writeFile(t, outside, "secret.md", post("Secret", "2024-01-01")+secret+"\n")
	writeFile(t, dir, "posts/ok.md", post("OK", "2024-01-01"))
	writeFile(t, dir, "posts/b/index.md", post("Bundle", "2024-02-01"))
	writeFile(t, dir, "posts/b/cover.png", "png")
	symlink(t, "../../outside/secret.md", filepath.Join(dir, "posts/x.md"))
	symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(dir, "posts/abs.md"))
	symlink(t, "../../../outside/secret.md", filepath.Join(dir, "posts/b/leak.png"))
	symlink(t, "../../outside", filepath.Join(dir, "posts/dirlink"))
	// Two hops: a link to a link inside that leaves.
	symlink(t, "x.md", filepath.Join(dir, "posts/hop.md"))
	refused := []string{"posts/x.md", "posts/abs.md", "posts/b/leak.png", "posts/dirlink", "posts/hop.md"}
	if _, err := os.Stat("/etc/passwd"); err == nil {
		symlink(t, "/etc/passwd", filepath.Join(dir, "posts/passwd.md"))
		refused = append(refused, "posts/passwd.md")
	}

	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if got := titles(s); got != "Bundle,OK" {
		t.Errorf("posts = %q, want Bundle,OK", got)
	}
	if l := leaks(s, secret, "root:"); l != "" {
		t.Error(l)
	}
	wantRefused(t, s, "outside the content folder", refused...)

	b, _ := s.Lookup("b")
	if got := strings.Join(s.Resources(b), ","); got != "cover.png" {
		t.Errorf("resources = %q, want cover.png only", got)
	}
	f, err := s.OpenResource(b, "cover.png")
	if err != nil {
		t.Fatalf("open cover.png: %v", err)
	}
	data, _ := io.ReadAll(f)
	f.Close()
	if string(data) != "png" {
		t.Errorf("cover.png reads %q", data)
	}
	for _, name := range []string{"leak.png", "../ok.md", "../../../outside/secret.md", "index.md/..", ""} {
		if f, err := s.OpenResource(b, name); err == nil {
			data, _ := io.ReadAll(f)
			f.Close()
			t.Errorf("OpenResource(%q) opened %q", name, data)
		}
	}
}

// A resource is checked when it is opened, not only when it was listed:
// a file swapped for a link to outside after the snapshot was built is
// not read.
func TestOpenResourceChecksWhatItOpens(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	writeFile(t, parent, "outside/secret.png", secret)
	writeFile(t, dir, "posts/b/index.md", post("Bundle", "2024-02-01"))
	writeFile(t, dir, "posts/b/cover.png", "png")
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	b, _ := s.Lookup("b")
	cover := filepath.Join(dir, "posts/b/cover.png")
	os.Remove(cover)
	symlink(t, "../../../outside/secret.png", cover)
	if f, err := s.OpenResource(b, "cover.png"); err == nil {
		data, _ := io.ReadAll(f)
		f.Close()
		t.Errorf("a resource swapped for a link to outside opened: %q", data)
	}
}

// Links that stay inside keep working: relative links to hidden folders
// (the shape of a Kubernetes ConfigMap), absolute links to a file of the
// content folder, links from one language folder to another, links into
// the site's theme folder.
func TestLinksInsideKeepWorking(t *testing.T) {
	siteDir := t.TempDir()
	zh, en := filepath.Join(siteDir, "content/zh"), filepath.Join(siteDir, "content/en")
	writeFile(t, zh, ".shared/rel.md", post("Rel", "2024-01-01"))
	writeFile(t, zh, ".shared/abs.md", post("Abs", "2024-01-02"))
	writeFile(t, zh, "posts/zh-only.md", post("Zh", "2024-01-03"))
	writeFile(t, siteDir, "themes/t/snippets/theme.md", post("Theme", "2024-01-04"))
	writeFile(t, zh, ".assets/cover.png", "png")
	writeFile(t, zh, "posts/b/index.md", post("Bundle", "2024-01-05"))
	symlink(t, "../.shared/rel.md", filepath.Join(zh, "posts/rel.md"))
	symlink(t, filepath.Join(zh, ".shared/abs.md"), filepath.Join(zh, "posts/abs.md"))
	symlink(t, "../../../themes/t/snippets/theme.md", filepath.Join(zh, "posts/theme.md"))
	symlink(t, "../../.assets/cover.png", filepath.Join(zh, "posts/b/cover.png"))
	symlink(t, "../../zh/posts/zh-only.md", filepath.Join(en, "posts/zh-only.md"))
	// A linked folder inside is entered (a projected volume's
	// posts -> ..data/posts), and its pages are served under the link.
	writeFile(t, zh, ".more/more.md", post("More", "2024-01-06"))
	symlink(t, "../.more", filepath.Join(zh, "posts/more"))

	st, err := New(Options{
		Mounts:    []Mount{{Dir: zh, Lang: "zh"}, {Dir: en, Lang: "en"}},
		ThemeDirs: []string{filepath.Join(siteDir, "themes/t")},
		Site:      site.Config{Language: "zh"},
		Parse:     page.Options{DefaultLanguage: "zh", Languages: map[string]bool{"zh": true, "en": true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if got := titles(s); got != "More,Bundle,Theme,Zh,Abs,Rel" {
		t.Errorf("posts = %q, want More,Bundle,Theme,Zh,Abs,Rel; problems %v", got, s.Problems)
	}
	if p, ok := s.Lookup("more"); !ok || p.Path != "zh/posts/more/more.md" {
		t.Errorf("the page of a linked folder: %v %v", p, ok)
	}
	if _, ok := s.Lookup("en/zh-only"); !ok {
		t.Errorf("a link from the English folder to the Chinese one was refused; problems %v", s.Problems)
	}
	if len(s.Problems) > 0 {
		t.Errorf("problems = %v, want none", s.Problems)
	}
	b, _ := s.Lookup("b")
	f, err := s.OpenResource(b, "cover.png")
	if err != nil {
		t.Fatalf("a bundle resource linked inside the content folder: %v", err)
	}
	f.Close()
}

// A git-sync deployment: the content folder is a symbolic link to a
// worktree, swapped for a new worktree on every sync. Links inside the
// current worktree work; a link from it into an old worktree (outside the
// content folder now) does not.
func TestGitSyncRootSwap(t *testing.T) {
	parent := t.TempDir()
	repo := filepath.Join(parent, "repo")
	writeFile(t, parent, ".worktrees/a/posts/p.md", post("P in A", "2024-01-01"))
	writeFile(t, parent, ".worktrees/a/.notes/n.md", post("Note in A", "2024-01-02"))
	writeFile(t, parent, ".worktrees/a/posts/secret.md", post("Secret", "2024-01-03")+secret)
	symlink(t, "../.notes/n.md", filepath.Join(parent, ".worktrees/a/posts/n.md"))
	symlink(t, ".worktrees/a", repo)

	st, err := New(Options{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := st.Snapshot().Lookup("n"); !ok || n.Title != "Note in A" {
		t.Fatalf("a link inside the worktree: %v %v; problems %v", n, ok, st.Snapshot().Problems)
	}
	startWatch(t, st)

	writeFile(t, parent, ".worktrees/b/posts/p.md", post("P in B", "2024-01-01"))
	writeFile(t, parent, ".worktrees/b/.notes/n.md", post("Note in B", "2024-01-02"))
	symlink(t, "../.notes/n.md", filepath.Join(parent, ".worktrees/b/posts/n.md"))
	symlink(t, "../../a/posts/secret.md", filepath.Join(parent, ".worktrees/b/posts/old.md"))
	symlink(t, ".worktrees/b", filepath.Join(parent, "repo.tmp"))
	if err := os.Rename(filepath.Join(parent, "repo.tmp"), repo); err != nil {
		t.Fatal(err)
	}
	eventually(t, st, "worktree swap", hasTitles("Note in B,P in B"))
	s := st.Snapshot()
	if l := leaks(s, secret); l != "" {
		t.Error(l)
	}
	wantRefused(t, s, "outside the content folder", "posts/old.md")
}

// A Kubernetes ConfigMap volume: every file is a link to ..data/NAME, and
// ..data a link to a timestamped folder. A key whose file is itself a
// link out of the volume is refused; the others are served, before and
// after an update swaps ..data.
func TestConfigMapLinks(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	writeFile(t, parent, "outside/secret.md", post("Secret", "2024-01-01")+secret)
	writeFile(t, dir, "..2026_01/a.md", post("A", "2024-01-01"))
	symlink(t, "../../outside/secret.md", filepath.Join(dir, "..2026_01/evil.md"))
	symlink(t, "..2026_01", filepath.Join(dir, "..data"))
	symlink(t, "..data/a.md", filepath.Join(dir, "a.md"))
	symlink(t, "..data/evil.md", filepath.Join(dir, "evil.md"))
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Snapshot()
	if p, ok := s.Lookup("a"); !ok || p.Title != "A" {
		t.Fatalf("ConfigMap key not served: %v; problems %v", s.Pages, s.Problems)
	}
	if l := leaks(s, secret); l != "" {
		t.Error(l)
	}
	wantRefused(t, s, "outside the content folder", "evil.md")

	startWatch(t, st)
	writeFile(t, dir, "..2026_02/a.md", post("A v2", "2024-01-01"))
	symlink(t, "../../outside/secret.md", filepath.Join(dir, "..2026_02/evil.md"))
	symlink(t, "..2026_02", filepath.Join(dir, "..data_tmp"))
	os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data"))
	eventually(t, st, "configmap swap", func(s *site.Snapshot) bool {
		p, ok := s.Lookup("a")
		return ok && p.Title == "A v2"
	})
	if l := leaks(st.Snapshot(), secret); l != "" {
		t.Error(l)
	}
}

// Links made while the blog runs are judged like those at start: a new
// link to outside and a link retargeted from inside to outside are
// refused, and what they served before is gone.
func TestWatchRefusesLinksOutside(t *testing.T) {
	st, dir := watched(t, map[string]string{
		"posts/a.md":       post("A", "2024-01-01"),
		".shared/good.md":  post("Good", "2024-01-02"),
		".shared/other.md": post("Other", "2024-01-03"),
	})
	outside := filepath.Join(filepath.Dir(dir), "outside")
	writeFile(t, outside, "secret.md", post("Secret", "2024-01-01")+secret)
	symlink(t, "../.shared/good.md", filepath.Join(dir, "posts/good.md"))
	eventually(t, st, "a link inside", hasTitles("Good,A"))

	symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(dir, "posts/new.md"))
	symlink(t, "../../outside/secret.md", filepath.Join(dir, "posts/tmp.md"))
	os.Rename(filepath.Join(dir, "posts/tmp.md"), filepath.Join(dir, "posts/good.md"))
	eventually(t, st, "links to outside refused", func(s *site.Snapshot) bool {
		_, a := problemFor(s, "posts/new.md")
		_, b := problemFor(s, "posts/good.md")
		return a && b
	})
	s := st.Snapshot()
	if l := leaks(s, secret); l != "" {
		t.Error(l)
	}
	if got := titles(s); got != "A" {
		t.Errorf("posts = %q, want A", got)
	}
}

// A named pipe in the content folder is refused at once: reading it
// would block the reload forever.
func TestFifoDoesNotBlockLoading(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "posts/a.md", post("A", "2024-01-01"))
	if err := syscall.Mkfifo(filepath.Join(dir, "posts/pipe.md"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	symlink(t, "pipe.md", filepath.Join(dir, "posts/pipelink.md"))
	done := make(chan *Store)
	go func() {
		st, err := New(Options{Dir: dir})
		if err != nil {
			t.Error(err)
		}
		done <- st
	}()
	select {
	case st := <-done:
		if st == nil {
			return
		}
		wantRefused(t, st.Snapshot(), "not a regular file", "posts/pipe.md", "posts/pipelink.md")
		if err := st.Reload(context.Background()); err != nil {
			t.Error(err)
		}
	case <-time.After(10 * time.Second):
		// Unblock the reader so the test can end.
		if f, err := os.OpenFile(filepath.Join(dir, "posts/pipe.md"), os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("loading a folder with a named pipe blocked")
	}
}

// A linked folder made while the blog runs is not entered: its files,
// outside the content folder, are neither read nor named in problems.
func TestWatchDoesNotEnterLinkedFolders(t *testing.T) {
	st, dir := watched(t, map[string]string{"posts/a.md": post("A", "2024-01-01")})
	outside := filepath.Join(filepath.Dir(dir), "outside")
	writeFile(t, outside, "secret-name.md", post("Secret", "2024-01-01")+secret)
	symlink(t, "../../outside", filepath.Join(dir, "posts/linked"))
	eventually(t, st, "the linked folder reported", func(s *site.Snapshot) bool {
		_, ok := problemFor(s, "posts/linked")
		return ok
	})
	writeFile(t, outside, "later-name.md", post("Later", "2024-01-02"))
	// A post written after it: once it is seen, so would the file
	// outside be, had the watcher entered the link (one inotify queue,
	// in order).
	writeFile(t, dir, "posts/b.md", post("B", "2024-01-03"))
	eventually(t, st, "a post written after", hasTitles("B,A"))
	s := st.Snapshot()
	if l := leaks(s, secret, "secret-name", "later-name"); l != "" {
		t.Error(l)
	}
}
