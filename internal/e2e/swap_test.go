package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// git-sync delivers content by swapping a link to a new worktree
// (`current -> .worktrees/HASH`, a new link renamed over the old) and
// removing the old worktree later. The server, reading
// --content /git/current/content, serves the new worktree without a
// restart.
func TestGitSyncSwapServesNewWorktree(t *testing.T) {
	git := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(git, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		tmp := filepath.Join(git, name+".tmp")
		if err := os.Symlink(target, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(git, name)); err != nil {
			t.Fatal(err)
		}
	}
	post := func(title string) string {
		return "---\ntitle: \"" + title + "\"\ndate: 2026-01-01\n---\nText.\n"
	}
	write(".worktrees/aaa/content/posts/first.md", post("First"))
	link(".worktrees/aaa", "current")
	keys := t.TempDir()
	srv := startServerOn(t, keys, filepath.Join(git, "current", "content"))
	if res := runSSH(t, srv.Port, "ls"); !listed(res.Stdout, "first") {
		t.Fatalf("ls before the swap:\n%s", res.Stdout)
	}

	write(".worktrees/bbb/content/posts/second.md", post("Second"))
	link(".worktrees/bbb", "current")
	eventually(t, srv.Port, "the new worktree served", func(r sshResult) bool {
		return listed(r.Stdout, "second") && !listed(r.Stdout, "first")
	}, "ls")
}
