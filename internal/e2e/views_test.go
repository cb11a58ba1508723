package e2e

import (
	"strings"
	"testing"
	"time"
)

// englishDate turns ls's YYYY-MM-DD into the English UI's "Jan 2, 2006".
func englishDate(t *testing.T, iso string) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		t.Fatalf("ls date %q: %v", iso, err)
	}
	return d.Format("Jan 2, 2006")
}

// TestSearchBrowseAndDeepLinks drives the finding views through OpenSSH:
// a Chinese and an English search, a tag list to a post and back, the
// archive, deep links, and the language switch.
func TestSearchBrowseAndDeepLinks(t *testing.T) {
	needTool(t, "ssh", "tmux")
	t.Parallel()
	srv := startServer(t, t.TempDir())
	en := []string{"-o", "SetEnv=LANG=en_US.UTF-8"}

	t.Run("search", func(t *testing.T) {
		t.Parallel()
		p := newPaneSSH(t, srv.Port, 100, 30, "", en...)
		waitText(t, p, "posts, ")
		p.keys("/")
		waitText(t, p, "Search:")
		p.keys("后悔药")
		waitText(t, p, "1 result", "在终端里读书与写作")
		p.keys("Enter")
		// Opened at the match, far down the post.
		screen := waitText(t, p, "版本与后悔药")
		if strings.Contains(screen, "十年前的一个冬天") {
			t.Errorf("the post opened at its top, not at the match:\n%s", screen)
		}
		p.keys("Escape")
		waitText(t, p, "Search: 后悔药")
		p.keys("C-u")
		p.keys("glamuor") // a typo
		waitText(t, p, "Rendering Markdown Over SSH")
		p.keys("Enter")
		waitText(t, p, "Glamour")
		p.keys("n")
		waitText(t, p, "(n/N)")
		p.keys("q", "Escape")
		waitText(t, p, "posts, ")
	})

	t.Run("tags", func(t *testing.T) {
		t.Parallel()
		p := newPaneSSH(t, srv.Port, 80, 24, "", en...)
		waitText(t, p, "posts, ")
		p.keys("t")
		waitText(t, p, "Tags · most used first", "#阅读")
		p.keys("s")
		waitText(t, p, "Tags · by name")
		for range 40 { // down to #阅读, by name near the end
			if selected(p.capture(), "#阅读") {
				break
			}
			p.keys("j")
			time.Sleep(50 * time.Millisecond)
		}
		p.keys("Enter")
		waitText(t, p, "Tags: 阅读 · 2 posts")
		p.keys("Enter")
		waitText(t, p, "q/esc back")
		p.keys("q")
		waitText(t, p, "Tags: 阅读")
		p.keys("q")
		waitText(t, p, "Tags · by name")
	})

	t.Run("archive", func(t *testing.T) {
		t.Parallel()
		p := newPaneSSH(t, srv.Port, 80, 24, "", en...)
		waitText(t, p, "posts, ")
		p.keys("a")
		waitText(t, p, "Archive · ", "2024", "May 2024")
		p.keys("G")
		p.keys("Enter")
		waitText(t, p, "Archive: June 2023 · 1 post")
	})

	t.Run("deep links", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct{ target, want string }{
			{"less-for-long-books", "用 less 读一本长书"},
			{"tags/阅读", "Tags: 阅读 · 2 posts"},
			{"categories/Essays", "Categories: Essays"},
			{"archives/2024", "Archive: 2024 · 1 post"},
			{"search/终端", "Search: 终端"},
			{"no-such-thing", `Nothing at "no-such-thing"`},
		} {
			p := newPaneCmd(t, srv.Port, 80, 24, "", append([]string{"-t"}, en...), tc.target)
			waitText(t, p, tc.want)
			p.keys("Escape")
			if strings.HasPrefix(tc.target, "archives/") {
				waitText(t, p, "Archive · ") // a year opens over the archive
				p.keys("Escape")
			}
			if tc.target != "no-such-thing" {
				waitText(t, p, "posts, ")
			}
		}
	})

	t.Run("language", func(t *testing.T) {
		t.Parallel()
		p := newPaneSSH(t, srv.Port, 100, 30, "", en...)
		waitText(t, p, "posts, ", "words")
		p.keys("L")
		waitText(t, p, "共 ", " 篇文章，总计 ", "2025年3月14日")
		p.keys("L")
		waitText(t, p, "Mar 14, 2025")
	})
}
