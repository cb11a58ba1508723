package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkScaleEditCompacting edits one post of a blog whose spill file
// is full (its size limit reached), so that the publish of each edit
// starts a compaction (see compactSpill), and reports the time from the
// edit to its snapshot after the watcher's debounce (edit-ms), and to
// the new spill file in place (compacted-ms).
func BenchmarkScaleEditCompacting(b *testing.B) {
	for _, dir := range scaleDirs(b) {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			opt := scaleOptions(dir)
			opt.SpillMax = 400 << 20
			st := watching(b, opt)
			defer st.Close()
			if st.spill == nil || st.spill.Size() > 300<<20 {
				b.Skip("no spill file, or one over 300 MiB")
			}
			// Texts over what the file may take: refused unwritten.
			tooBig := make([]byte, 200<<20)
			matches, origs := editedPosts(b, dir)
			var edits, compactions time.Duration
			i := 0
			for b.Loop() {
				i++
				st.mu.Lock()
				old := st.spill
				if _, err := old.Put(tooBig); err == nil {
					b.Fatal("the spill file took 200 MiB more")
				}
				st.mu.Unlock()
				k := i % len(matches)
				edited := append(bytes.Clone(origs[k]), fmt.Sprintf("\n\nEdit number %d, 编辑 %d.\n", i, i)...)
				ch := st.Changed()
				start := time.Now()
				if err := os.WriteFile(matches[k], edited, 0o644); err != nil {
					b.Fatal(err)
				}
				select {
				case <-ch:
				case <-time.After(30 * time.Second):
					b.Fatal("no snapshot after an edit")
				}
				edits += time.Since(start) - Debounce
				for {
					st.mu.Lock()
					done := st.spill != old
					st.mu.Unlock()
					if done {
						break
					}
					time.Sleep(time.Millisecond)
				}
				compactions += time.Since(start) - Debounce
			}
			b.ReportMetric(float64(edits.Microseconds())/float64(i)/1000, "edit-ms/op")
			b.ReportMetric(float64(compactions.Microseconds())/float64(i)/1000, "compacted-ms/op")
		})
	}
}

// BenchmarkScaleFullSpillPublish is what a publish spends deciding
// whether to compact a spill file that is full (its size limit reached)
// but holds too little garbage to compact: before the live texts were
// counted incrementally, every publish (every edit) counted them.
func BenchmarkScaleFullSpillPublish(b *testing.B) {
	for _, dir := range scaleDirs(b) {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			opt := scaleOptions(dir)
			opt.SpillMax = 300 << 20
			st, err := New(opt)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			if st.spill == nil || st.spill.Size() < 300<<20-compactAbove {
				b.Skip("no spill file, or one under 236 MiB")
			}
			st.mu.Lock()
			defer st.mu.Unlock()
			old := st.spill
			if _, err := old.Put(make([]byte, 100<<20)); err == nil {
				b.Fatal("the spill file took 100 MiB more")
			}
			st.checkSpill()
			for b.Loop() {
				st.compactSpill()
			}
			if st.spill != old {
				b.Fatal("compacted")
			}
		})
	}
}
