package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// liveWait bounds how long a change to the content folder may take to
// reach readers: the server debounces file events by about 100 ms.
const liveWait = 5 * time.Second

// copyContent copies the repository's content folder into a fresh
// temporary folder and returns the copy's path, for a server whose files
// the test then changes.
func copyContent(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS(contentDir())); err != nil {
		t.Fatalf("copy the content folder: %v", err)
	}
	return dir
}

// writeContent writes a file of the content folder dir in place, as an
// editor that saves into the same file does.
func writeContent(t *testing.T, dir, rel, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceContent writes a file of the content folder dir atomically: a
// hidden temporary file renamed over it, as editors that save by rename
// do. The server ignores hidden files, so it never sees a half-written
// post.
func replaceContent(t *testing.T, dir, rel, text string) {
	t.Helper()
	path := filepath.Join(dir, rel)
	tmp := filepath.Join(filepath.Dir(path), ".e2e-tmp-"+filepath.Base(path))
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// eventually runs `ssh ... args` every 100 ms until ok accepts the result
// and returns that result. It fails the test with the last result if that
// takes longer than liveWait.
func eventually(t *testing.T, port int, what string, ok func(sshResult) bool, args ...string) sshResult {
	t.Helper()
	start := time.Now()
	for {
		res := runSSH(t, port, args...)
		if ok(res) {
			t.Logf("%s after %v", what, time.Since(start).Round(time.Millisecond))
			return res
		}
		if time.Since(start) > liveWait {
			t.Fatalf("timed out after %v waiting for %s; last `%s`: exit status %d, stdout:\n%s\nstderr: %s",
				liveWait, what, strings.Join(args, " "), res.Code, res.Stdout, res.Stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// hasLine reports whether text has line as one of its lines.
func hasLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// listed reports whether ls output lists slug.
func listed(ls, slug string) bool {
	for _, l := range strings.Split(ls, "\n") {
		if f := strings.Split(l, "\t"); len(f) == 3 && f[1] == slug {
			return true
		}
	}
	return false
}

const livePost = `---
title: "Live Reload Works"
date: 2026-01-01
tags: [e2e]
---

This post was written by the end-to-end test while the server was running.
`

const (
	liveLine   = "2026-01-01\te2e-live\tLive Reload Works"
	brokenPath = "posts/winter-keyboard-repair.md"
	brokenSlug = "winter-keyboard-repair"
	brokenText = "---\ntitle: [broken\n---\n"
)

// problemLine is one line of `problems`: PATH:LINE: REASON.
var problemLine = regexp.MustCompile(`^([^:\s]+):(\d+): (\S.*)$`)

// TestLiveReload changes the files of a running server's content folder
// and checks, with plain ssh commands, that readers see each change: a new
// post, a broken file (reported, its last good version still served), the
// file fixed, a post deleted, and a post renamed (its old slug still
// works).
func TestLiveReload(t *testing.T) {
	needTool(t, "ssh")
	t.Parallel()
	dir := copyContent(t)
	srv := startServerOn(t, t.TempDir(), dir)
	port := srv.Port
	n := len(lsPosts(t, port))
	orig, err := os.ReadFile(filepath.Join(dir, brokenPath))
	if err != nil {
		t.Fatal(err)
	}
	if res := runSSH(t, port, "problems"); res.Code != 0 || res.Stdout != "" {
		t.Fatalf("problems before any change: exit status %d, stdout %q; want 0 and no lines", res.Code, res.Stdout)
	}

	ok := t.Run("new-post", func(t *testing.T) {
		writeContent(t, dir, "posts/e2e-live.md", livePost)
		eventually(t, port, "ls lists the new post", func(r sshResult) bool {
			return r.Code == 0 && hasLine(r.Stdout, liveLine)
		}, "ls")
		posts := lsPosts(t, port)
		if len(posts) != n+1 {
			t.Errorf("ls lists %d posts after adding one, want %d", len(posts), n+1)
		}
		res := runSSH(t, port, "cat", "e2e-live")
		if res.Code != 0 || res.Stdout != livePost {
			t.Errorf("cat e2e-live: exit status %d, stdout %q; want 0 and the file as written", res.Code, res.Stdout)
		}
	})
	ok = ok && t.Run("broken-front-matter", func(t *testing.T) {
		writeContent(t, dir, brokenPath, brokenText)
		res := eventually(t, port, "problems reports the broken file", func(r sshResult) bool {
			return strings.Contains(r.Stdout, brokenPath+":")
		}, "problems")
		if res.Code != 0 {
			t.Errorf("problems: exit status %d, want 0", res.Code)
		}
		lines := strings.Split(strings.TrimSuffix(res.Stdout, "\n"), "\n")
		if len(lines) != 1 {
			t.Errorf("problems printed %d lines, want the 1 for %s:\n%s", len(lines), brokenPath, res.Stdout)
		}
		m := problemLine.FindStringSubmatch(lines[0])
		if m == nil || m[1] != brokenPath || m[2] != "2" {
			t.Errorf("problems line %q, want %s:2: REASON", lines[0], brokenPath)
		}
		if !listed(runSSH(t, port, "ls").Stdout, brokenSlug) {
			t.Errorf("ls no longer lists %s; want its last good version kept", brokenSlug)
		}
		res = runSSH(t, port, "cat", brokenSlug)
		if res.Code != 0 || res.Stdout != string(orig) {
			t.Errorf("cat %s: exit status %d, %d bytes; want 0 and the last good version (%d bytes), got:\n%s",
				brokenSlug, res.Code, len(res.Stdout), len(orig), res.Stdout)
		}
	})
	ok = ok && t.Run("fixed", func(t *testing.T) {
		writeContent(t, dir, brokenPath, string(orig))
		res := eventually(t, port, "problems is empty again", func(r sshResult) bool {
			return r.Stdout == ""
		}, "problems")
		if res.Code != 0 {
			t.Errorf("problems: exit status %d, want 0", res.Code)
		}
		if res := runSSH(t, port, "cat", brokenSlug); res.Code != 0 || res.Stdout != string(orig) {
			t.Errorf("cat %s after the fix: exit status %d, %d bytes; want 0 and the file (%d bytes)",
				brokenSlug, res.Code, len(res.Stdout), len(orig))
		}
	})
	ok = ok && t.Run("deleted", func(t *testing.T) {
		if err := os.Remove(filepath.Join(dir, "posts/e2e-live.md")); err != nil {
			t.Fatal(err)
		}
		eventually(t, port, "ls no longer lists the deleted post", func(r sshResult) bool {
			return r.Code == 0 && !listed(r.Stdout, "e2e-live")
		}, "ls")
		if posts := lsPosts(t, port); len(posts) != n {
			t.Errorf("ls lists %d posts after deleting the new one, want %d", len(posts), n)
		}
		if res := runSSH(t, port, "cat", "e2e-live"); res.Code != 1 {
			t.Errorf("cat of the deleted post: exit status %d, want 1 (stdout %q)", res.Code, res.Stdout)
		}
	})
	// Each step builds on the one before: stop at the first failure.
	_ = ok && t.Run("renamed", func(t *testing.T) {
		testRename(t, port, dir)
	})
}

const renamePost = `---
title: "A Post About To Be Renamed"
date: 2026-01-02
---

Scripts and bookmarks that use the old slug must keep working.
`

// testRename renames a post file, which changes its slug (taken from the
// file name), and checks that the old slug still reaches the post.
func testRename(t *testing.T, port int, dir string) {
	writeContent(t, dir, "posts/e2e-rename.md", renamePost)
	eventually(t, port, "ls lists e2e-rename", func(r sshResult) bool {
		return r.Code == 0 && listed(r.Stdout, "e2e-rename")
	}, "ls")
	if err := os.Rename(filepath.Join(dir, "posts/e2e-rename.md"), filepath.Join(dir, "posts/e2e-renamed.md")); err != nil {
		t.Fatal(err)
	}
	eventually(t, port, "ls lists e2e-renamed instead of e2e-rename", func(r sshResult) bool {
		return r.Code == 0 && listed(r.Stdout, "e2e-renamed") && !listed(r.Stdout, "e2e-rename")
	}, "ls")
	res := runSSH(t, port, "cat", "e2e-rename")
	if res.Code != 0 || res.Stdout != renamePost {
		t.Errorf("cat e2e-rename (the old slug): exit status %d, stdout %q, stderr %q; want 0 and the post",
			res.Code, res.Stdout, res.Stderr)
	}
	res = runSSH(t, port, "read", "e2e-rename")
	if res.Code != 0 || !strings.HasPrefix(res.Stdout, "A Post About To Be Renamed\n") ||
		!strings.Contains(res.Stdout, "Scripts and bookmarks") {
		t.Errorf("read e2e-rename (the old slug): exit status %d, stderr %q; want 0 and the rendered post, got:\n%s",
			res.Code, res.Stderr, res.Stdout)
	}
	if res := runSSH(t, port, "cat", "e2e-renamed"); res.Code != 0 || res.Stdout != renamePost {
		t.Errorf("cat e2e-renamed: exit status %d, stdout %q; want 0 and the post", res.Code, res.Stdout)
	}
}
