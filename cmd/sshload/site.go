package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Names of the files cmdSite writes, relative to its folder.
const (
	longPostPath  = "posts/long-read.md"
	shortPostPath = "posts/short-note.md"
	// defaultExpectPost is a heading near the top of the long post,
	// absent from the list screen, so seeing it proves the post is open.
	defaultExpectPost = "Section 1"
)

// cmdSite writes the content folder the scroll, soak and rounds commands
// are run against: a long post (the newest, so the list's cursor starts on
// it and Enter opens it) and a short older one (so the list footer says
// "posts"). The floor shows the same long post with --post.
func cmdSite(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "content folder to write (required)")
	sections := fs.Int("sections", 40, "sections in the long post (about 45 lines each at 100 columns)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("site: --dir is required")
	}
	if *sections < 1 || *sections > 10000 {
		return fmt.Errorf("site: --sections must be between 1 and 10000")
	}
	files := map[string]string{
		"_index.md":   "---\ntitle: \"Load test\"\ndescription: \"A site for sshload\"\n---\n",
		longPostPath:  longPost(*sections),
		shortPostPath: "---\ntitle: \"A short note\"\ndate: 2024-01-01T00:00:00Z\n---\n\nShort.\n",
	}
	for rel, body := range files {
		p := filepath.Join(*dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("site: %w", err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return fmt.Errorf("site: %w", err)
		}
	}
	fmt.Fprintf(stdout, "wrote %s (long post: %s, %d sections; open it with --app-keys '\\r' --expect-post %q)\n",
		*dir, filepath.Join(*dir, longPostPath), *sections, defaultExpectPost)
	return nil
}

// longPost is a long English post with a little of everything the pager
// draws: headings, paragraphs, lists, quotes, code, CJK text.
func longPost(sections int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: \"A long read for scrolling\"\ndate: 2025-06-01T00:00:00Z\ntags: [load]\n---\n\n")
	b.WriteString("A post long enough to scroll for a while.\n\n<!--more-->\n\n")
	para := strings.Repeat("We read and write slowly in the terminal, one line at a time, and keep what we read. ", 5)
	for i := 1; i <= sections; i++ {
		fmt.Fprintf(&b, "## Section %d\n\n", i)
		fmt.Fprintf(&b, "%s\n\n%s\n\n", para, para)
		b.WriteString("- a first point, *emphasised*\n- a second point with `code`\n  - and a nested one\n- a third point\n\n")
		b.WriteString("> A quotation that runs on for a little while, long enough to wrap at least once at eighty columns of text.\n\n")
		b.WriteString("```go\nfor i := range n {\n\tfmt.Println(i)\n}\n```\n\n")
		b.WriteString(strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。", 6) + "\n\n")
	}
	return b.String()
}
