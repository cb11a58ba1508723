package server

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

func sample(t *testing.T) *site.Snapshot {
	t.Helper()
	st, err := store.New(store.Options{Dir: "../../content", Parse: page.Options{HasCJKLanguage: true}})
	if err != nil {
		t.Fatal(err)
	}
	return st.Snapshot()
}

func run(t *testing.T, snap *site.Snapshot, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	pool := render.NewPool(render.NewCache(8<<20), 1, render.Options{})
	defer pool.Close()
	code = RunCommand(context.Background(), args, snap, pool, &out, &errb)
	return out.String(), errb.String(), code
}

func TestCommands(t *testing.T) {
	snap := sample(t)
	lineRe := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\t[^\t]+\t.+$`)
	for _, args := range [][]string{nil, {"ls"}} {
		out, _, code := run(t, snap, args...)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != len(snap.Posts) {
			t.Fatalf("%v: code %d, %d lines, want %d", args, code, len(lines), len(snap.Posts))
		}
		for i, l := range lines {
			if !lineRe.MatchString(l) {
				t.Errorf("ls line %q is not DATE<TAB>SLUG<TAB>TITLE", l)
			}
			if i > 0 && l[:10] > lines[i-1][:10] {
				t.Errorf("ls not newest first: %q after %q", l, lines[i-1])
			}
		}
	}

	src, _ := os.ReadFile("../../content/posts/reading-in-the-terminal.md")
	if out, _, code := run(t, snap, "cat", "reading-in-the-terminal"); code != 0 || out != string(src) {
		t.Errorf("cat: code %d, output differs from the source file", code)
	}

	for _, args := range [][]string{{"read", "reading-in-the-terminal", "--width", "50"}, {"read", "--width=50", "reading-in-the-terminal"}} {
		out, errs, code := run(t, snap, args...)
		if code != 0 {
			t.Fatalf("%v: code %d: %s", args, code, errs)
		}
		if strings.Contains(out, "\x1b") {
			t.Errorf("%v: output has escape codes", args)
		}
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > 50 {
				t.Errorf("%v: line wider than 50: %q", args, l)
			}
		}
		if !strings.Contains(out, "为什么偏偏是终端") {
			t.Errorf("%v: heading missing", args)
		}
	}
	out, _, _ := run(t, snap, "read", "markdown-over-ssh")
	for _, l := range strings.Split(out, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("read default width: line wider than 80: %q", l)
		}
	}

	if out, _, code := run(t, snap, "help"); code != 0 || !strings.Contains(out, "read SLUG") {
		t.Errorf("help: code %d, %q", code, out)
	}

	for _, args := range [][]string{{"frobnicate"}, {"cat", "no-such-post"}, {"cat"}, {"read", "x", "--width", "5"}, {"read", "--bogus"}, {"ls", "extra"}} {
		out, errs, code := run(t, snap, args...)
		if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "sshblog: ") {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want 1, nothing, one line", args, code, out, errs)
		}
	}
}
