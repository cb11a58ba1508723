// Package sitegen writes synthetic Hugo content folders for benchmarks and
// load tests: many posts shaped like the target blog's.
package sitegen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Generate writes n posts under dir/posts: half Chinese (about 2,000
// characters each), half English, front matter in YAML, TOML and JSON in
// turn, every third post a page bundle. It returns the bytes written.
func Generate(dir string, n int) (int64, error) {
	zhPara := strings.Repeat("我们在终端里阅读文章，慢慢地写下这些字。", 10) + "\n\n"
	enPara := strings.Repeat("We read and write slowly in the terminal, one line at a time. ", 8) + "\n\n"
	var total int64
	for i := range n {
		title := fmt.Sprintf("Post number %d", i)
		date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		var fm string
		switch i % 3 {
		case 0:
			fm = fmt.Sprintf("---\ntitle: %q\ndate: %s\ntags: [t%d, common]\ncategories: [c%d]\n---\n", title, date, i%50, i%7)
		case 1:
			fm = fmt.Sprintf("+++\ntitle = %q\ndate = %s\ntags = [\"t%d\", \"common\"]\n+++\n", title, date, i%50)
		default:
			fm = fmt.Sprintf("{\"title\": %q, \"date\": %q, \"tags\": [\"t%d\"]}\n", title, date, i%50)
		}
		var body strings.Builder
		body.WriteString("## Heading\n\nIntro.\n\n<!--more-->\n\n")
		for range 10 {
			if i%2 == 0 {
				body.WriteString(zhPara)
			} else {
				body.WriteString(enPara)
			}
		}
		body.WriteString("- one\n- two\n\n> quote\n")
		rel := fmt.Sprintf("posts/p%05d.md", i)
		if i%3 == 1 {
			rel = fmt.Sprintf("posts/b%05d/index.md", i)
		}
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return total, fmt.Errorf("generate: %w", err)
		}
		src := fm + body.String()
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return total, fmt.Errorf("generate: %w", err)
		}
		total += int64(len(src))
	}
	return total, nil
}
