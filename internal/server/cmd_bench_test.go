package server

import (
	"context"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/render"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/sitegen"
	"github.com/sshblog/sshblog/internal/store"
)

var corpus3k struct {
	once sync.Once
	snap *site.Snapshot
	err  error
}

// snapshot3k is the default search corpus (3,000 posts, half Chinese, 3
// million Han characters) loaded as the server loads a blog, once per
// test binary.
func snapshot3k(b *testing.B) *site.Snapshot {
	corpus3k.once.Do(func() {
		// Not b.TempDir: the snapshot outlives the first benchmark. The
		// files are read at load; the folder goes once they are.
		dir, err := os.MkdirTemp("", "sshblog-corpus")
		if err != nil {
			corpus3k.err = err
			return
		}
		defer os.RemoveAll(dir)
		if _, err := sitegen.DefaultCorpus.Generate(dir); err != nil {
			corpus3k.err = err
			return
		}
		st, err := store.New(store.Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}})
		if err != nil {
			corpus3k.err = err
			return
		}
		corpus3k.snap = st.Snapshot()
	})
	if corpus3k.err != nil {
		b.Fatal(corpus3k.err)
	}
	return corpus3k.snap
}

// benchCommand runs one plain command over the 3,000-post corpus, output
// discarded, and reports the bytes it writes.
func benchCommand(b *testing.B, args ...string) {
	snap := snapshot3k(b)
	pool := render.NewPool(render.NewCache(8<<20), 1, render.Options{})
	defer pool.Close()
	var n countingWriter
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if code := RunCommand(context.Background(), args, snap, pool, &n, io.Discard); code != 0 {
			b.Fatalf("%v: exit %d", args, code)
		}
	}
	b.ReportMetric(float64(n)/float64(b.N), "out-B/op")
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// The feed and search commands over the default corpus, from the command
// line to the last byte (the SSH channel left out):
//
//	go test -run xxx -bench 'Command3k' -benchtime 5x ./internal/server/
func BenchmarkFeedCommand3k(b *testing.B)    { benchCommand(b, "feed") }
func BenchmarkFeedAllCommand3k(b *testing.B) { benchCommand(b, "feed", "--all") }
func BenchmarkSearchCommand3k(b *testing.B)  { benchCommand(b, "search", "调解工作室") }
func BenchmarkSearchEnCommand3k(b *testing.B) {
	benchCommand(b, "search", "termnial")
}
