package server

import (
	"strings"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/sanitize/sanitizetest"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// No command hands a reader's terminal a control character or a bidi
// formatting character, whatever the post, its file name or the site's
// language names hold: checked against sanitizetest's list, not the
// sanitizer's rule.
func TestCommandsNeverPrintForbiddenCodePoints(t *testing.T) {
	dir := t.TempDir()
	if err := sanitizetest.WriteHostileSite(dir); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Options{
		Dir: dir,
		Site: site.Config{Language: "zh", LanguageNames: map[string]string{
			"en": "English " + sanitizetest.BidiText(),
		}},
		Parse: page.Options{Languages: map[string]bool{"zh": true, "en": true}, DefaultLanguage: "zh"},
	})
	if err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if _, ok := snap.Lookup("hostile"); !ok || len(snap.Problems) == 0 {
		t.Fatalf("hostile site: post found %v, problems %v; want the post and a problem", ok, snap.Problems)
	}
	for _, args := range [][]string{
		{"ls"}, {"cat", "hostile"}, {"cat", "en/hostile"}, {"read", "hostile"}, {"read", "en/hostile", "--width", "40"},
		{"problems"}, {"cat", "x\u202ey"}, {"read", "hostile", "--width", "1\u202e"}, {"\u202eunknown"},
	} {
		out, errs, _ := run(t, snap, args...)
		for name, s := range map[string]string{"stdout": out, "stderr": errs} {
			if c, bad := sanitizetest.First(s, sanitizetest.Forbidden); bad {
				i := strings.IndexRune(s, c)
				t.Errorf("%q: %s holds %U near %q", args, name, c, s[max(0, i-40):min(len(s), i+40)])
			}
		}
	}
}
