package server

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// inputEvents runs readInput over in and returns what it sends.
func inputEvents(t *testing.T, in io.Reader) []tea.Msg {
	t.Helper()
	var mu sync.Mutex
	var got []tea.Msg
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	readInput(ctx, in, "xterm-256color", func(m tea.Msg) {
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
	})
	mu.Lock()
	defer mu.Unlock()
	return got
}

// A bracketed paste that never ends made the decoder keep all it was
// sent: a client could make the server hold gigabytes. A paste is cut to
// maxPaste bytes, still ends at its end marker, and the keys after it
// arrive.
func TestPasteIsBounded(t *testing.T) {
	big := strings.Repeat("终端 abc\x1b[20", 300_000) // 4.5 MB, with near-markers
	in := io.MultiReader(strings.NewReader("\x1b[200~"+big+"\x1b[201~"), strings.NewReader("q"))
	var paste string
	var afterPaste []string
	for _, m := range inputEvents(t, &smallReads{r: in}) {
		switch m := m.(type) {
		case uv.PasteEvent:
			paste = m.Content
		case uv.KeyPressEvent:
			if paste != "" {
				afterPaste = append(afterPaste, m.String())
			}
		}
	}
	if paste == "" || len(paste) > maxPaste {
		t.Fatalf("paste of %d bytes arrived as %d bytes, want 1..%d", len(big), len(paste), maxPaste)
	}
	if !strings.HasPrefix(paste, "终端 abc") {
		t.Errorf("paste starts %q, want the start of what was pasted", paste[:min(20, len(paste))])
	}
	if len(afterPaste) != 1 || afterPaste[0] != "q" {
		t.Errorf("keys after the paste: %q, want [q]", afterPaste)
	}
}

// A paste under the bound arrives whole, even when its markers are split
// over reads.
func TestSmallPasteWhole(t *testing.T) {
	text := "调解工作室 search me"
	var got string
	for _, m := range inputEvents(t, &smallReads{r: strings.NewReader("a\x1b[200~" + text + "\x1b[201~b"), n: 3}) {
		if p, ok := m.(uv.PasteEvent); ok {
			got = p.Content
		}
	}
	if got != text {
		t.Errorf("paste = %q, want %q", got, text)
	}
}

func TestPasteLimitFilter(t *testing.T) {
	var in bytes.Buffer
	in.WriteString("x\x1b[200~")
	in.Write(bytes.Repeat([]byte{'a'}, maxPaste+100))
	in.WriteString("\x1b[201~y\x1b[200~zz\x1b[201~")
	out, err := io.ReadAll(&smallReads{r: newPasteLimit(&in), n: 7})
	if err != nil {
		t.Fatal(err)
	}
	want := "x\x1b[200~" + strings.Repeat("a", maxPaste) + "\x1b[201~y\x1b[200~zz\x1b[201~"
	if string(out) != want {
		t.Errorf("filtered %d bytes, want %d: ...%q", len(out), len(want), out[max(0, len(out)-30):])
	}
}

// smallReads returns at most n bytes a Read (default 1000), as a network
// does, so markers fall across reads.
type smallReads struct {
	r io.Reader
	n int
}

func (s *smallReads) Read(p []byte) (int, error) {
	n := s.n
	if n == 0 {
		n = 1000
	}
	return s.r.Read(p[:min(len(p), n)])
}
