package gansi

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// TestWriteIdleIsWrite compares writeIdle with Write (fold and the
// chain) on texts of the form it takes (their pen unset at each newline
// and at their end, penIdle), written whole or in two parts and ended
// with a newline, by margin writers that pad and indent with plain and
// styled cells, leaving their padding out or not (a text without a
// newline then), or padding to no width.
func TestWriteIdleIsWrite(t *testing.T) {
	parts := []string{"a", " ", "word", "é", "中文", "👍🏽", "\x1b[38;5;252m", "\x1b[1;4m", "\x1b[m", "\x1b[0m",
		"\x1b]8;;https://a.example\x07", "\x1b]8;;\x07", "\n", "\n\n", "⸻"}
	r := rand.New(rand.NewSource(1))
	var texts []string
	for len(texts) < 3000 {
		var b strings.Builder
		for n := r.Intn(12); n >= 0; n-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		if s := b.String(); penIdle(s) {
			texts = append(texts, s)
		}
	}
	m := sgrMemo{}
	styled := StylePrimitive{Color: strPtr("252")}
	for _, s := range texts {
		for _, width := range []int{30, 0} {
			for _, trim := range []bool{true, false} {
				if !trim && width > 0 && strings.Contains(s, "\n") {
					continue
				}
				for _, pad := range []StylePrimitive{{}, styled} {
					for _, cut := range []int{len(s), len(s) / 2} {
						if !utf8Boundary(s, cut) {
							continue
						}
						var want, got bytes.Buffer
						p := &writerPool{}
						wantW := p.marginWriter(&want, width, 2, p.cellRun(m, pad, " "), p.cellRun(m, pad, " "))
						gotW := p.marginWriter(&got, width, 2, p.cellRun(m, pad, " "), p.cellRun(m, pad, " "))
						wantW.trim, gotW.trim = trim, trim
						_, _ = wantW.WriteString(s[:cut])
						_, _ = wantW.WriteString(s[cut:])
						_, _ = wantW.WriteString("\n")
						if !gotW.writeIdle(s[:cut]) || !gotW.writeIdle(s[cut:]) {
							t.Fatalf("%q: writeIdle did not take it", s)
						}
						_, _ = gotW.WriteString("\n")
						_ = wantW.Close()
						_ = gotW.Close()
						if got.String() != want.String() {
							t.Errorf("%q cut at %d (width %d, trim %v, pad %q): writeIdle wrote\n%q\nWrite\n%q", s, cut, width, trim, p.cellRun(m, pad, " ").cell, got.String(), want.String())
						}
					}
				}
			}
		}
	}
}

func strPtr(s string) *string { return &s }

// utf8Boundary reports whether s may be cut at i without cutting a
// character or an escape sequence in two.
func utf8Boundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	if s[i]&0xc0 == 0x80 {
		return false
	}
	// Not inside a sequence: the last ESC before i is followed by its
	// final byte before i.
	j := strings.LastIndexByte(s[:i], 0x1b)
	if j < 0 {
		return true
	}
	seq := s[j:]
	n := SGRLen(seq)
	if n == 0 {
		n, _ = osc8Len(seq)
	}
	return n > 0 && j+n <= i
}
