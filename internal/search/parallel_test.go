package search

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/packed"
)

// A blog large enough to check a query's Chinese phrase on several cores
// finds exactly the documents holding it, newest first, whether their
// markdown is kept compressed or not: documents holding every pair of the
// phrase apart are checked in their text and left out.
func TestRunsCheckedOnAllCoresMatch(t *testing.T) {
	n := 2*parallelRuns + 100
	for _, compress := range []bool{false, true} {
		entries := make([]*Entry, n)
		for i := range entries {
			text := strings.Repeat("终端。端里。里阅。阅读。", 8) // every pair, never the phrase
			if i%3 != 1 {
				text += "我们在终端里阅读。"
			}
			kept := packed.Plain(text)
			if compress {
				kept = packed.Compress(text, func(b []byte) string { return string(b) })
			}
			entries[i] = NewLeanEntry(Doc{Title: fmt.Sprint(i), Summary: "摘要", Text: text, Source: text, Kept: kept,
				Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)})
			if entries[i].src.Compressed() != compress {
				t.Fatalf("entry %d: compressed %v, want %v", i, entries[i].src.Compressed(), compress)
			}
		}
		r := New(entries).Search("终端里阅读")
		var want []int
		for i := n - 1; i >= 0; i-- {
			if i%3 != 1 {
				want = append(want, i)
			}
		}
		if r.Len() != len(want) {
			t.Fatalf("compressed %v: %d results, want %d", compress, r.Len(), len(want))
		}
		for i, d := range want {
			if r.Doc(i) != d {
				t.Fatalf("compressed %v: result %d is document %d, want %d", compress, i, r.Doc(i), d)
			}
		}
	}
}
