package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// A blog large enough to keep its sources out of the way answers every
// command as the same blog keeping them as they are: cat prints the
// files' bytes, read, search, feed and problems say the same, whether
// the sources lie in a spill file or, when no spill file can be made,
// in memory, compressed.
func TestCommandsOnCompressedSources(t *testing.T) {
	load := func(above int64, spillDir string) *store.Store {
		st, err := store.New(store.Options{Dir: "../../content", Parse: page.Options{HasCJKLanguage: true}, CompressAbove: above, SpillDir: spillDir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	plain := load(-1, "").Snapshot()
	for _, c := range []struct {
		name     string
		spillDir string
		onDisk   bool
	}{{"in a spill file", t.TempDir(), true}, {"in memory, compressed (no spill file)", notDir, false}} {
		t.Run(c.name, func(t *testing.T) {
			commandsAnswerAlike(t, plain, load(1, c.spillDir).Snapshot(), c.onDisk)
		})
	}
}

func commandsAnswerAlike(t *testing.T, plain, packed *site.Snapshot, onDisk bool) {
	compressed := 0
	for _, p := range packed.Posts {
		if p.Compressed() && p.OnDisk() == onDisk {
			compressed++
		}
	}
	if compressed == 0 {
		t.Fatalf("no post of the sample content kept out of the way (on disk: %v)", onDisk)
	}
	cmds := [][]string{{"ls"}, {"search", "终端"}, {"search", "为什么偏偏是终端"}, {"search", "terminal"}, {"feed"}, {"archive"}}
	for _, p := range plain.Posts {
		cmds = append(cmds, []string{"cat", p.Slug}, []string{"read", p.Slug, "--width", "60"})
	}
	for _, args := range cmds {
		want, wantErr, wantCode := run(t, plain, args...)
		if wantCode != 0 || want == "" {
			t.Fatalf("%v: code %d, %d bytes: %s", args, wantCode, len(want), wantErr)
		}
		got, gotErr, gotCode := run(t, packed, args...)
		if got != want || gotErr != wantErr || gotCode != wantCode {
			t.Errorf("%v: compressed sources answer differently (code %d, want %d; %d bytes, want %d)", args, gotCode, wantCode, len(got), len(want))
		}
	}
	// problems has none to list for the sample content, and says so on stderr.
	if _, want, _ := run(t, plain, "problems"); want == "" {
		t.Error("problems printed nothing on stderr")
	} else if _, got, _ := run(t, packed, "problems"); got != want {
		t.Errorf("problems: %q, want %q", got, want)
	}
	src, err := os.ReadFile(filepath.Join("../../content/posts/reading-in-the-terminal.md"))
	if err != nil {
		t.Fatal(err)
	}
	if out, _, code := run(t, packed, "cat", "reading-in-the-terminal"); code != 0 || out != string(src) {
		t.Errorf("cat: code %d, output differs from the source file", code)
	}
}

// A large blog's post edited into a version whose front matter does not
// parse: cat prints its last good bytes and read shows its text, while
// problems reports the file and line.
func TestCatServesLastGoodVersionOfLargeBlog(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}, CompressAbove: 1, SpillDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	path := filepath.Join(dir, "posts", "reading-in-the-terminal.md")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := st.Snapshot().ByPath("posts/reading-in-the-terminal.md"); !ok || !p.OnDisk() {
		t.Fatalf("post served %t, kept in the spill file %t", ok, ok && p.OnDisk())
	}
	wantRead, _, _ := run(t, st.Snapshot(), "read", "reading-in-the-terminal", "--width", "60")
	if err := os.WriteFile(path, []byte("---\ntitle: Broken\ndate: [2024\n---\nnew text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if out, stderr, code := run(t, snap, "cat", "reading-in-the-terminal"); code != 0 || out != string(good) {
		t.Errorf("cat of the broken post: code %d (%s), last good bytes %t", code, stderr, out == string(good))
	}
	if out, _, code := run(t, snap, "read", "reading-in-the-terminal", "--width", "60"); code != 0 || out != wantRead {
		t.Errorf("read of the broken post: code %d, last good text %t", code, out == wantRead)
	}
	if out, _, _ := run(t, snap, "problems"); !strings.Contains(out, "posts/reading-in-the-terminal.md:3") {
		t.Errorf("problems: %q, want the file and line", out)
	}
}
