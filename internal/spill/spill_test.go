package spill

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// put stores s, as a page does.
func put(t *testing.T, f *File, s string) Ref {
	t.Helper()
	r, err := f.Put([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func read(t *testing.T, r Ref) string {
	t.Helper()
	b, err := r.AppendTo([]byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("prefix")) {
		t.Fatalf("AppendTo lost what dst held: %.10q", b)
	}
	return string(b[len("prefix"):])
}

// The file is gone from its folder as soon as it is made, and texts read
// back as they were.
func TestFileUnlinkedAndReadsBack(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("the spill file is in its folder: %v", ents)
	}
	texts := []string{"", "short", strings.Repeat("一句话。", 1000), "incompressible 0123456789 !@#$%^&*()"}
	refs := make([]Ref, len(texts))
	for i, s := range texts {
		refs[i] = put(t, f, s)
	}
	for i, s := range texts {
		if got := read(t, refs[i]); got != s {
			t.Errorf("text %d read back as %.20q", i, got)
		}
	}
}

// Past its size limit the file takes no more texts, says why, and the
// texts it holds still read back.
func TestFileFull(t *testing.T) {
	f, err := Create(t.TempDir(), 100)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a := put(t, f, "0123456789")
	if _, err := f.Put(make([]byte, 200)); !errors.Is(err, ErrFull) {
		t.Errorf("a text past the limit: %v", err)
	}
	if _, err := f.Put([]byte("x")); !errors.Is(err, ErrFull) || !errors.Is(f.Err(), ErrFull) {
		t.Errorf("after the file filled up: %v, Err %v", err, f.Err())
	}
	if got := read(t, a); got != "0123456789" {
		t.Errorf("text read back as %q", got)
	}
}

// Texts put, read and moved to another file from many goroutines read
// back as they were written (run with -race).
func TestConcurrentPutReadMove(t *testing.T) {
	f, g := twoFiles(t)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				s := fmt.Sprintf("%d-%d ", w, i) + strings.Repeat(fmt.Sprint(i), i)
				r, err := f.Put([]byte(s))
				if err != nil {
					t.Error(err)
					return
				}
				text := NewText(r)
				if i%3 == 0 {
					if err := text.MoveTo(g); err != nil {
						t.Error(err)
						return
					}
				}
				if b, err := text.AppendTo(nil); err != nil || string(b) != s {
					t.Errorf("%d-%d read back %v: %.20q", w, i, err, b)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// A text copied to another file reads the copy once Moved commits it,
// and is left where it is when it moved since the copy was made.
func TestTextMoved(t *testing.T) {
	f, g := twoFiles(t)
	from := put(t, f, "a text")
	text := NewText(from)
	to, err := from.CopyTo(g)
	if err != nil {
		t.Fatal(err)
	}
	if !text.Moved(from, &to) || !text.Ref().In(g) {
		t.Fatal("the copy not committed")
	}
	if got := read(t, text.Ref()); got != "a text" {
		t.Errorf("read back as %q from the copy", got)
	}
	again := put(t, g, "a text")
	if text.Moved(from, &again) || text.Ref() != to {
		t.Error("a text that moved since was moved again")
	}
}

// twoFiles makes two spill files without a limit, closed when the test
// ends: one to put texts in, one to move them to.
func twoFiles(t *testing.T) (f, g *File) {
	t.Helper()
	for _, p := range []**File{&f, &g} {
		var err error
		if *p, err = Create(t.TempDir(), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*p).Close() })
	}
	return f, g
}
