package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// The ways content is delivered to a replica by swapping a link (issue 9,
// item 5). Each waits at most eventually's 5 s: the watcher reacts within
// a second (Debounce, or resolvePoll for links no watch reports).

// swapLink points link at target atomically, as git-sync and the kubelet
// do: a new link renamed over the old one.
func swapLink(t *testing.T, target, link string) {
	t.Helper()
	tmp := link + ".tmp"
	os.Remove(tmp)
	symlink(t, target, tmp)
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
}

// A Kubernetes projected volume (or a ConfigMap with nested paths):
// posts -> ..data/posts, ..data -> ..2026_01, swapped for a new
// timestamped folder on each update and the old one removed. The linked
// folder is entered, each update is served, and a link from it to outside
// the volume is refused.
func TestProjectedVolumeSwap(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "content")
	writeFile(t, parent, "outside/secret.md", post("Secret", "2024-01-01")+secret)
	writeFile(t, dir, "..2026_01/posts/a.md", post("A", "2024-01-01"))
	writeFile(t, dir, "..2026_01/_index.md", "---\ntitle: Volume\n---\n")
	symlink(t, "..2026_01", filepath.Join(dir, "..data"))
	symlink(t, "..data/posts", filepath.Join(dir, "posts"))
	symlink(t, "..data/_index.md", filepath.Join(dir, "_index.md"))
	st, err := New(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(st.Snapshot()); got != "A" {
		t.Fatalf("posts = %q, want A; problems %v", got, st.Snapshot().Problems)
	}
	startWatch(t, st)

	// An update: new folder, ..data swapped, old folder removed.
	writeFile(t, dir, "..2026_02/posts/a.md", post("A v2", "2024-01-01"))
	writeFile(t, dir, "..2026_02/posts/b.md", post("B", "2024-01-02"))
	writeFile(t, dir, "..2026_02/_index.md", "---\ntitle: Volume\n---\n")
	symlink(t, "../../../outside/secret.md", filepath.Join(dir, "..2026_02/posts/evil.md"))
	swapLink(t, "..2026_02", filepath.Join(dir, "..data"))
	os.RemoveAll(filepath.Join(dir, "..2026_01"))
	eventually(t, st, "first update", hasTitles("B,A v2"))
	wantRefused(t, st.Snapshot(), "outside the content folder", "posts/evil.md")

	// And the next one: the watches follow the folder now behind posts.
	writeFile(t, dir, "..2026_03/posts/c.md", post("C", "2024-01-03"))
	writeFile(t, dir, "..2026_03/_index.md", "---\ntitle: Volume 3\n---\n")
	swapLink(t, "..2026_03", filepath.Join(dir, "..data"))
	os.RemoveAll(filepath.Join(dir, "..2026_02"))
	eventually(t, st, "second update", func(s *site.Snapshot) bool {
		return titles(s) == "C" && s.Site.Title == "Volume 3"
	})
	if l := leaks(st.Snapshot(), secret); l != "" {
		t.Error(l)
	}
}

// git-sync with --link: the content folder lies inside the link
// (--content /git/current/content), which is swapped to a new worktree on
// every sync, the old worktree removed later. Only the folder holding the
// link can report the swap: it is watched. Edits made later in the new
// worktree are followed too.
func TestGitSyncLinkAboveContentSwap(t *testing.T) {
	parent := t.TempDir()
	writeFile(t, parent, ".worktrees/a/content/posts/p.md", post("P in A", "2024-01-01"))
	symlink(t, ".worktrees/a", filepath.Join(parent, "current"))
	st, err := New(Options{Dir: filepath.Join(parent, "current", "content")})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)

	writeFile(t, parent, ".worktrees/b/content/posts/p.md", post("P in B", "2024-01-01"))
	writeFile(t, parent, ".worktrees/b/content/posts/q.md", post("Q in B", "2024-01-02"))
	swapLink(t, ".worktrees/b", filepath.Join(parent, "current"))
	// The old worktree stays a while (its removal alone would be seen).
	eventually(t, st, "worktree swap", hasTitles("Q in B,P in B"))
	os.RemoveAll(filepath.Join(parent, ".worktrees/a"))

	writeFile(t, parent, ".worktrees/b/content/posts/r.md", post("R in B", "2024-01-03"))
	eventually(t, st, "an edit in the new worktree", hasTitles("R in B,Q in B,P in B"))
}

// A chain of links (content -> /srv/current, /srv/current -> a
// worktree) whose second link lies in a folder nothing watches: the
// periodic check of where the content folder leads sees the swap.
func TestChainedLinkSwap(t *testing.T) {
	parent := t.TempDir()
	writeFile(t, parent, "srv/a/posts/p.md", post("P in A", "2024-01-01"))
	writeFile(t, parent, "srv/b/posts/p.md", post("P in B", "2024-01-01"))
	symlink(t, "a", filepath.Join(parent, "srv/current"))
	symlink(t, "../srv/current", filepath.Join(parent, "site/content"))
	st, err := New(Options{Dir: filepath.Join(parent, "site/content")})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	swapLink(t, "b", filepath.Join(parent, "srv/current"))
	eventually(t, st, "a swap further along the chain", hasTitles("P in B"))
}

// A swap brings every file anew (new inodes), but most with the same
// bytes: those keep their parsed page, so that a git-sync of a blog of
// 50,000 posts where one changed parses one file, not 50,000.
func TestSwapKeepsPagesOfUnchangedFiles(t *testing.T) {
	parent := t.TempDir()
	for _, wt := range []string{"a", "b"} {
		writeFile(t, parent, ".worktrees/"+wt+"/posts/same.md", post("Same", "2024-01-01"))
	}
	writeFile(t, parent, ".worktrees/a/posts/edited.md", post("Edited v1", "2024-01-02"))
	writeFile(t, parent, ".worktrees/b/posts/edited.md", post("Edited v2", "2024-01-02"))
	repo := filepath.Join(parent, "repo")
	symlink(t, ".worktrees/a", repo)
	st, err := New(Options{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	before, ok := st.Snapshot().ByPath("posts/same.md")
	if !ok {
		t.Fatalf("posts/same.md not served: %v", st.Snapshot().Problems)
	}
	startWatch(t, st)
	swapLink(t, ".worktrees/b", repo)
	eventually(t, st, "the swap", hasTitles("Edited v2,Same"))
	if after, _ := st.Snapshot().ByPath("posts/same.md"); after != before {
		t.Error("a file whose bytes did not change was parsed again after the swap")
	}
}

// After a swap the scan itself watches the folders it walks (one walk,
// not two): edits deep in the new worktree, in each language folder of a
// site that keeps languages apart, and in a folder created later are all
// seen.
func TestSwapWatchesEveryFolderOfTheNewWorktree(t *testing.T) {
	parent := t.TempDir()
	for _, wt := range []string{"a", "b"} {
		writeFile(t, parent, ".worktrees/"+wt+"/content/zh/posts/b/index.md", post("Bundle "+wt, "2024-01-01"))
		writeFile(t, parent, ".worktrees/"+wt+"/content/en/posts/e.md", post("E "+wt, "2024-01-02"))
	}
	current := filepath.Join(parent, "current")
	symlink(t, ".worktrees/a", current)
	st, err := New(Options{
		Mounts: []Mount{{Dir: filepath.Join(current, "content/zh"), Lang: "zh"}, {Dir: filepath.Join(current, "content/en"), Lang: "en"}},
		Site:   site.Config{Language: "zh"},
		Parse:  page.Options{DefaultLanguage: "zh", Languages: map[string]bool{"zh": true, "en": true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	title := func(path, want string) func(*site.Snapshot) bool {
		return func(s *site.Snapshot) bool {
			p, ok := s.ByPath(path)
			return ok && p.Title == want
		}
	}
	swapLink(t, ".worktrees/b", current)
	eventually(t, st, "the swap", title("zh/posts/b/index.md", "Bundle b"))
	eventually(t, st, "the swap", title("en/posts/e.md", "E b"))

	wt := filepath.Join(parent, ".worktrees/b/content")
	writeFile(t, wt, "zh/posts/b/index.md", post("Bundle b2", "2024-01-01"))
	eventually(t, st, "an edit in a bundle of the new worktree", title("zh/posts/b/index.md", "Bundle b2"))
	writeFile(t, wt, "en/posts/e.md", post("E b2", "2024-01-02"))
	eventually(t, st, "an edit in the second language folder", title("en/posts/e.md", "E b2"))
	writeFile(t, wt, "en/posts/new/deep/n.md", post("New", "2024-01-03"))
	eventually(t, st, "a file in folders made after the swap", title("en/posts/new/deep/n.md", "New"))
}

// A swap updates the snapshot in place when only pages' text changed,
// and rebuilds it when anything else did: a post gone, a bundle's file
// gone, a post added; every state matches a cold load of the worktree.
func TestSwapUpdatesOrRebuildsAsNeeded(t *testing.T) {
	parent := t.TempDir()
	wts := map[string]map[string]string{
		"a": {"posts/p.md": post("P", "2024-01-01"), "posts/q.md": post("Q", "2024-01-02"), "posts/b/index.md": post("B", "2024-01-03"), "posts/b/c.png": "png"},
		"b": {"posts/p.md": post("P2", "2024-01-01"), "posts/q.md": post("Q", "2024-01-02"), "posts/b/index.md": post("B", "2024-01-03"), "posts/b/c.png": "png"},
		"c": {"posts/p.md": post("P2", "2024-01-01"), "posts/b/index.md": post("B", "2024-01-03")},
		"d": {"posts/p.md": post("P2", "2024-01-01"), "posts/b/index.md": post("B", "2024-01-03"), "posts/n.md": post("N", "2024-01-04"), "posts/b/c.png": "png"},
	}
	for wt, files := range wts {
		for rel, body := range files {
			writeFile(t, parent, ".worktrees/"+wt+"/"+rel, body)
		}
	}
	repo := filepath.Join(parent, "repo")
	symlink(t, ".worktrees/a", repo)
	st, err := New(Options{Dir: repo})
	if err != nil {
		t.Fatal(err)
	}
	startWatch(t, st)
	resources := func(s *site.Snapshot) string {
		b, ok := s.Lookup("b")
		if !ok {
			return "no b"
		}
		return strings.Join(s.Resources(b), ",")
	}
	for _, c := range []struct{ wt, titles, resources string }{
		{"b", "B,Q,P2", "c.png"},
		{"c", "B,P2", ""},
		{"d", "N,B,P2", "c.png"},
		{"a", "B,Q,P", "c.png"},
	} {
		swapLink(t, ".worktrees/"+c.wt, repo)
		eventually(t, st, "the swap to "+c.wt, func(s *site.Snapshot) bool {
			return titles(s) == c.titles && resources(s) == c.resources
		})
		cold, err := New(Options{Dir: repo})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := titles(st.Snapshot()), titles(cold.Snapshot()); got != want {
			t.Errorf("after the swap to %s: %q, a cold load %q", c.wt, got, want)
		}
	}
}
