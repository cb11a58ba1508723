package page

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// decodeWithin decodes src as format and fails the test if that takes
// more than limit (a margin of a hundred times or more: a machine's load
// cannot make it flake) or allocates more than 64 times src plus 16 MB.
func decodeWithin(t *testing.T, format Format, src string, limit time.Duration) error {
	t.Helper()
	type result struct {
		err   error
		alloc uint64
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.alloc = allocated(func() { _, r.err = DecodeMap(format, []byte(src)) })
		done <- r
	}()
	select {
	case r := <-done:
		if max := uint64(64*len(src) + 16<<20); r.alloc > max {
			t.Errorf("decoding %d bytes of %s allocated %d MB (at most %d MB)", len(src), format, r.alloc>>20, max>>20)
		}
		return r.err
	case <-time.After(limit):
		t.Fatalf("decoding %d bytes of %s took more than %v", len(src), format, limit)
		return nil
	}
}

// A mapping with many keys, or one key many times, is refused before the
// YAML decoder compares every key with every other: 1 MB of distinct keys
// took 43 s, and 4,096 copies of one key (20 KB) allocated gigabytes of
// error lines; a megabyte of them ran the process out of memory.
func TestHostileYAMLIsBounded(t *testing.T) {
	var distinct strings.Builder
	for i := range 1 << 17 {
		fmt.Fprintf(&distinct, "k%d: 1\n", i)
	}
	for name, src := range map[string]string{
		"one key repeated":   strings.Repeat("a: 1\n", 4096),
		"many distinct keys": distinct.String(),
	} {
		t.Run(name, func(t *testing.T) {
			err := decodeWithin(t, FormatYAML, src, 20*time.Second)
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 {
				t.Errorf("error %v, want a SyntaxError with a line", err)
			}
		})
	}
}

// What the decoder accepted before, it still accepts; duplicates are
// reported as it reported them.
func TestYAMLKeysChecked(t *testing.T) {
	m, err := DecodeMap(FormatYAML, []byte("base: &b {x: 1, y: 2}\na: *b\nb: *b\nlist: [{k: 1}, {k: 2}]\n"))
	if err != nil || len(m) != 4 {
		t.Fatalf("anchors and aliases: %v, %v", m, err)
	}
	_, err = DecodeMap(FormatYAML, []byte("title: a\ntags: [x]\ntitle: b\n"))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 3 || se.Msg != `mapping key "title" already defined at line 1` {
		t.Errorf("duplicate key: %v", err)
	}
	_, err = DecodeMap(FormatYAML, []byte("params:\n  a: 1\n  a: 2\n"))
	if !errors.As(err, &se) || se.Line != 3 {
		t.Errorf("nested duplicate key: %v", err)
	}
	var big strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&big, "k%d: 1\n", i)
	}
	if m, err := DecodeMap(FormatYAML, []byte(big.String())); err != nil || len(m) != 2000 {
		t.Errorf("2,000 keys: %d, %v", len(m), err)
	}
	for _, src := range []string{"", "~", "null", "# only a comment\n"} {
		if m, err := DecodeMap(FormatYAML, []byte(src)); err != nil || m == nil || len(m) != 0 {
			t.Errorf("%q: %v, %v; want an empty map", src, m, err)
		}
	}
}
