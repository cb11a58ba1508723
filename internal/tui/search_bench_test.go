package tui

import (
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/sitegen"
	"github.com/sshblog/sshblog/internal/store"
)

// BenchmarkSearchKeypressToFrame is the server's cost of one key typed in
// the search screen over issue 8's blog (3,000 posts, half Chinese, 3
// million Han characters): the query run on the index, the results
// described and the frame drawn, at 120x40. Each op is one key; p50 and
// p95 are reported per key.
func BenchmarkSearchKeypressToFrame(b *testing.B) {
	dir := b.TempDir()
	if _, err := sitegen.DefaultCorpus.Generate(dir); err != nil {
		b.Fatal(err)
	}
	st, err := store.New(store.Options{Dir: dir, Parse: page.Options{HasCJKLanguage: true}})
	if err != nil {
		b.Fatal(err)
	}
	m := New(st.Snapshot(), renders(b), Options{Width: 120, Height: 40})
	m.Update(press("/"))
	phrases := []string{"调解工作室", "终端", "我们的博客", "图书馆", "服务器连接", "terminal", "keyboard", "reading", "serach", "termnial", "library window"}
	var keys []tea.KeyPressMsg
	for _, p := range phrases {
		for _, r := range p {
			keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		keys = append(keys, tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	}
	// Wall time suffers from whatever else the machine runs; the CPU
	// time of the thread that runs the key is steadier.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	times := make([]time.Duration, 0, b.N)
	cpus := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start, cpu := time.Now(), threadCPU()
		if _, cmd := m.Update(keys[i%len(keys)]); cmd != nil {
			m.Update(cmd())
		}
		_ = m.View()
		cpus = append(cpus, threadCPU()-cpu)
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	for _, d := range []struct {
		ts   []time.Duration
		name string
	}{{times, "wall"}, {cpus, "cpu"}} {
		slices.Sort(d.ts)
		b.ReportMetric(float64(d.ts[len(d.ts)/2].Microseconds()), d.name+"-p50-µs/key")
		b.ReportMetric(float64(d.ts[len(d.ts)*95/100].Microseconds()), d.name+"-p95-µs/key")
	}
}

// threadCPU is the CPU time of the calling thread (Linux).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
