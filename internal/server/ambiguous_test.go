package server

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/textwrap"
)

// TestReadAmbiguousWide: `read --ambiguous wide` lays the post out for a
// terminal that draws “” — … two cells wide: every line fits measured
// that way; a bad value is one line on stderr.
func TestReadAmbiguousWide(t *testing.T) {
	snap := sample(t)
	out, errs, code := run(t, snap, "read", "reading-in-the-terminal", "--width", "40", "--ambiguous", "wide")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	if !strings.ContainsAny(out, "“”") {
		t.Fatal("the sample has no ambiguous punctuation: the test proves nothing")
	}
	for _, l := range strings.Split(out, "\n") {
		if w := textwrap.StringWidth(l, textwrap.Wide); w > 40 {
			t.Errorf("line %d cells wide on a wide terminal: %q", w, l)
		}
	}
	if out, errs, code := run(t, snap, "read", "reading-in-the-terminal", "--ambiguous", "huge"); code != 1 || out != "" || strings.Count(errs, "\n") != 1 {
		t.Errorf("bad --ambiguous: code %d, stdout %q, stderr %q", code, out, errs)
	}
}
