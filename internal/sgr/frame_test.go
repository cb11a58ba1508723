//go:build unix

package sgr

import (
	"bytes"
	"strings"
	"syscall"
	"testing"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// BenchmarkFrame measures what bubbletea's renderer does per frame of a
// pager scrolling a post one line at a time (charm.land/bubbletea/v2
// v2.1.1, cursedRenderer.flush: clear the cell buffer, parse the view into
// it, diff it against the screen and encode the changes), with the post's
// lines as glamour writes them and compacted. cpu-ns/op is the process's
// CPU time per frame, steadier than ns/op on a shared machine.
func BenchmarkFrame(b *testing.B) {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(100))
	if err != nil {
		b.Fatal(err)
	}
	out, err := r.Render(strings.Repeat(sample, 4))
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	compacted := make([]string, len(lines))
	for i, l := range lines {
		compacted[i] = Compact(l)
	}
	b.Run("glamour", func(b *testing.B) { frames(b, lines) })
	b.Run("compacted", func(b *testing.B) { frames(b, compacted) })
}

// frames draws 100x30 frames of lines, scrolling down and up a line a
// frame, as bubbletea's renderer does in the alternate screen.
func frames(b *testing.B, lines []string) {
	const w, h, span = 100, 30, 40
	if len(lines) < h+span {
		b.Fatalf("%d lines: too few to scroll", len(lines))
	}
	var out bytes.Buffer
	scr := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
	scr.SetColorProfile(colorprofile.ANSI256)
	scr.SetScrollOptim(true)
	scr.SetFullscreen(true)
	scr.SetRelativeCursor(false)
	scr.Resize(w, h)
	buf := uv.NewScreenBuffer(w, h)
	var written int
	b.ReportAllocs()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		top := i % (2 * span)
		if top >= span {
			top = 2*span - top
		}
		i++
		buf.Clear()
		uv.NewStyledString(strings.Join(lines[top:top+h], "\n")).Draw(buf, buf.Bounds())
		scr.Render(buf.RenderBuffer)
		if err := scr.Flush(); err != nil {
			b.Fatal(err)
		}
		written += out.Len()
		out.Reset()
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(i), "cpu-ns/op")
	b.ReportMetric(float64(written)/float64(i), "out-B/op")
}

// cpuTime is the CPU time this process has used, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
