package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/store"
)

// siteOf is a blog of one post with the given front matter fields and a
// summary (the text before <!--more-->).
func siteOf(t testing.TB, title, tags, summary string) *Model {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "posts"), 0o755)
	src := "---\ntitle: " + title + "\ndate: 2024-02-01\ntags: [" + tags + "]\n---\n" + summary + "\n<!--more-->\nThe rest.\n"
	os.WriteFile(filepath.Join(dir, "posts", "a.md"), []byte(src), 0o644)
	st, err := store.New(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return New(st.Snapshot(), renders(t), Options{Width: 100, Height: 40})
}

// TestHugeFrontMatterCostsLikeOrdinary: a post's title and tags may be
// as long as its front matter (256 KB), its summary as the post. The list
// is drawn on every key and measured all of them for each visible post
// (a 1 MB title and summary: 70 ms a key, against 0.1 ms), and the
// pager's header drew the whole title, wrapped, on every frame: 10,000
// lines on a 40-line screen. The cost is read as the memory a key (or a
// resize) allocates, which the machine's load cannot change: work on the
// whole title or summary allocates in proportion to it (hundreds of KB).
func TestHugeFrontMatterCostsLikeOrdinary(t *testing.T) {
	title, summary := strings.Repeat("word ", 24<<10), strings.Repeat("word ", 200<<10)
	huge := siteOf(t, title, strings.Repeat("tag, ", 20<<10)+"tag", summary)
	ordinary := siteOf(t, "A title", "tag, other", "A summary of a sentence.")
	// allocated is the fewest bytes f allocates in ten calls (another
	// goroutine's allocation can only add to one of them).
	allocated := func(f func(i int)) uint64 {
		best := uint64(1 << 62)
		var before, after runtime.MemStats
		for i := range 10 {
			runtime.ReadMemStats(&before)
			f(i)
			runtime.ReadMemStats(&after)
			best = min(best, after.TotalAlloc-before.TotalAlloc)
		}
		return best
	}
	perKey := func(m *Model) uint64 {
		return allocated(func(i int) {
			k := press("j")
			if i%2 == 1 {
				k = press("k")
			}
			m.Update(k)
			_ = m.View()
		})
	}
	const slack = 64 << 10 // far below the title (120 KB) and summary (1 MB)
	for _, screen := range []string{"list", "pager"} {
		if screen == "pager" {
			send(huge, press("enter"))
			send(ordinary, press("enter"))
		}
		assertFits(t, huge)
		if h, o := perKey(huge), perKey(ordinary); h > 4*o+slack {
			t.Errorf("%s: a key allocates %d bytes with a huge title, tags and summary, %d with ordinary ones", screen, h, o)
		}
		if !strings.Contains(plain(huge), "word word") || !strings.Contains(plain(huge), "…") {
			t.Errorf("%s: the title is not shown, cut:\n%s", screen, plain(huge))
		}
	}
	// Resizing draws the header again: it must not measure the whole title.
	resizes := func(m *Model) uint64 {
		return allocated(func(i int) {
			m.Update(tea.WindowSizeMsg{Width: 60 + i, Height: 40})
		})
	}
	if h, o := resizes(huge), resizes(ordinary); h > 4*o+slack {
		t.Errorf("a resize allocates %d bytes with a huge title, tags and summary, %d with ordinary ones", h, o)
	}
}

// TestManyTermsCostLikeFew: the tags screen of a blog of 20,000 tags
// lists them from the snapshot's sorted terms; it sorted (and copied)
// them each time it was opened or its order changed, any reader's key
// costing 20-57 ms and up to 15 MB at 100,000 tags. After the first
// opening, which sorts them once for the snapshot, a key allocates about
// what it does on a blog of a screenful of tags.
func TestManyTermsCostLikeFew(t *testing.T) {
	var tags []string
	for i := range 20000 {
		tags = append(tags, fmt.Sprintf("t%d", i))
	}
	many := siteOf(t, "Many", strings.Join(tags, ", "), "A summary.")
	few := siteOf(t, "Few", strings.Join(tags[:60], ", "), "A summary.")
	perKey := func(m *Model) uint64 {
		send(m, press("t"))
		send(m, press("esc"))
		best := uint64(1 << 62)
		var before, after runtime.MemStats
		for range 5 {
			runtime.ReadMemStats(&before)
			for _, k := range []string{"t", "s", "s", "esc"} {
				m.Update(press(k))
				_ = m.View()
			}
			runtime.ReadMemStats(&after)
			best = min(best, after.TotalAlloc-before.TotalAlloc)
		}
		return best
	}
	const slack = 64 << 10 // far below 20,000 terms (640 KB as Terms)
	if m, f := perKey(many), perKey(few); m > 4*f+slack {
		t.Errorf("opening and sorting the tags allocate %d bytes with 20,000 tags, %d with 60", m, f)
	}
	send(many, press("t"))
	send(many, press("s"))
	if !strings.Contains(plain(many), "t0") {
		t.Errorf("the tags are not listed by name:\n%s", plain(many))
	}
}
