package server

import (
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// `read` renders a post with its site's and its own features: the site's
// enableEmoji, and the post's language for labels.
func TestReadUsesSiteEmojiAndPostLanguage(t *testing.T) {
	p, err := page.Parse("posts/x.md", []byte("---\ntitle: X\ndate: 2024-01-01\n---\n完成 :tada:\n\n> [!NOTE]\n> 注意事项。\n"),
		page.Options{DefaultLanguage: "zh-cn", HasCJKLanguage: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, emoji := range []bool{true, false} {
		snap := site.New(site.Input{Site: site.Config{EnableEmoji: emoji, Language: "zh-cn"}, Files: []*page.Page{p}, Now: time.Now()})
		out, _, code := run(t, snap, "read", "x")
		if code != 0 || !strings.Contains(out, "注意\n") {
			t.Errorf("emoji %v: code %d, the alert is not labelled in the post's language:\n%s", emoji, code, out)
		}
		if got := strings.Contains(out, "完成 🎉"); got != emoji {
			t.Errorf("enableEmoji %v, but the emoji shown: %v:\n%s", emoji, got, out)
		}
	}
}
