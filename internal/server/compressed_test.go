package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/store"
)

// A blog large enough to keep its sources compressed answers every
// command as the same blog keeping them as they are: cat prints the
// files' bytes, read, search, feed and problems say the same.
func TestCommandsOnCompressedSources(t *testing.T) {
	load := func(above int64) *store.Store {
		st, err := store.New(store.Options{Dir: "../../content", Parse: page.Options{HasCJKLanguage: true}, CompressAbove: above})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	plain, packed := load(-1).Snapshot(), load(1).Snapshot()
	compressed := 0
	for _, p := range packed.Posts {
		if p.Compressed() {
			compressed++
		}
	}
	if compressed == 0 {
		t.Fatal("no post of the sample content kept compressed")
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
