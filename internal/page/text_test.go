package page

import (
	"strings"
	"testing"
)

// A parsed page keeps its source (for cat; the body shares it) and its
// search entry, not its plain text as well: at 50,000 posts the text was
// 266 MB of the 651 MB the blog held.
func TestPageKeepsNoPlainText(t *testing.T) {
	para := "Reading a blog in the terminal is quiet, and the pager keeps the place. "
	src := []byte("---\ntitle: Long\ndate: 2024-01-02\ntags: [terminal]\n---\n" + strings.Repeat(para+"\n\n", 800))
	kept := retainedBy(func() *Page {
		p, err := Parse("posts/long.md", src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}, 10)
	// The source, plus the index's words and slack: well under the source
	// and the text together (2x).
	if kept > len(src)*3/2 {
		t.Errorf("a page of %d bytes keeps %d bytes", len(src), kept)
	}
}

// Plain makes the text the page was counted and indexed from, without the
// links section a links page adds to its body.
func TestPlainIsTheCountedText(t *testing.T) {
	src := []byte("---\ntitle: Links\nlinks:\n  - title: Example\n    website: https://example.org\n---\nSome *friends* of mine.\n")
	p, err := Parse("links.md", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Body(), "example.org") {
		t.Fatalf("the body has no links section: %q", p.Body())
	}
	if got := strings.TrimSpace(p.Plain()); got != "Some friends of mine." {
		t.Errorf("Plain() = %q", got)
	}
	if p.WordCount != WordCount(p.Plain(), false) {
		t.Errorf("WordCount %d, Plain() has %d words", p.WordCount, WordCount(p.Plain(), false))
	}
	if p.SearchEntry() == nil {
		t.Error("a parsed page has no search entry")
	}
}
