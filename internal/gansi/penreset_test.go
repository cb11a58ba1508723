package gansi

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// TestPenResetsAsWrapWriter: a pen reads a reset (ESC[0m and the forms
// of it: a parameter left out, zeros) as no style without its memo,
// and remembers more sequences than a code block's colours: its bytes
// are lipgloss's WrapWriter's for text of tokens in 20 colours, each
// followed by a reset as chroma's formatter writes them, or not, with
// resets of every form, sequences with sub-parameters, and line ends
// inside and between tokens.
func TestPenResetsAsWrapWriter(t *testing.T) {
	parts := []string{"x", "+", "\n", "\n\t", " ", "\x1b[0m", "\x1b[m", "\x1b[00m", "\x1b[;m", "\x1b[0;m", "\x1b[0:1m", "\x1b[0;1m", "\x1b[4:3m", "\x1b[1m"}
	for c := range 20 {
		parts = append(parts, fmt.Sprintf("\x1b[38;5;%dmtok\x1b[0m", 100+c), fmt.Sprintf("\x1b[38;5;%d;3m", 100+c))
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(80) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s := b.String()
		var want, got bytes.Buffer
		uw := lipgloss.NewWrapWriter(&want)
		writeChunks(r, uw, s)
		_ = uw.Close()
		pw := newPenWriter(&got)
		writeChunks(r, pw, s)
		_ = pw.Close()
		if got.String() != want.String() {
			t.Fatalf("case %d: %q\nWrapWriter: %q\npenWriter:  %q", i, s, want.String(), got.String())
		}
	}
}
