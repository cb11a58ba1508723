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
// took 43 s (25,000 of them, 1.5 s), and 4,096 copies of one key (20 KB)
// allocated gigabytes of error lines; a megabyte of them ran the process
// out of memory.
func TestHostileYAMLIsBounded(t *testing.T) {
	var distinct strings.Builder
	for i := range 25000 { // under the 256 KB read
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

// Keys nested deep are refused before the TOML decoder, whose cost grows
// with the square of their depth: a dotted key of 8,000 parts (16 KB)
// allocated hundreds of megabytes, 40 KB of nested inline tables 11 GB.
func TestHostileTOMLIsBounded(t *testing.T) {
	for name, src := range map[string]string{
		"a dotted key of 8,000 parts":     strings.Repeat("a.", 8000) + "a = 1\n",
		"4,000 nested inline tables":      "a = " + strings.Repeat("{a=", 4000) + "1" + strings.Repeat("}", 4000) + "\n",
		"a table header of 8,000 parts":   "title = 'x'\n[" + strings.Repeat("a.", 8000) + "a]\nx = 1\n",
		"inline tables in arrays, nested": "a = " + strings.Repeat("[{a=", 2000) + "1" + strings.Repeat("}]", 2000) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			err := decodeWithin(t, FormatTOML, src, 20*time.Second)
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || !strings.Contains(se.Msg, "nested") {
				t.Errorf("error %v, want a SyntaxError about nesting with a line", err)
			}
		})
	}
}

// The depth is that of keys: dots in values, strings and comments do not
// count, and arrays add no part.
func TestTOMLKeyDepth(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"a = 1", 1},
		{"a.b.c = 1", 3},
		{"[x.y]\na.b = 1", 4},
		{"[[x.y]]\na = 1 # c.d.e.f.g\n", 3},
		{"a = [1.5, 2.5, 3.5]\nb = 2024-01-01T10:00:00.5Z", 1},
		{"a = {b = {c.d = 1}}", 4},
		{"a = [{b = 1}, {c.d = 2}]", 3},
		{"a = [\n  {b.c = 1},\n  [ {d = 2} ],\n]\n", 3},
		{`"a.b.c" = 1`, 1},
		{"['a.b'.c]\nd = 1", 3},
		{"a = \"x.y.z = {\"\nb.c = 2", 2},
		{"a = '''\nx.y.z = 1\n'''\nb = 1", 1},
		{"a = \"\"\"\nq\"\"\"\"\nb.c = 1", 2},
		{"a = \"\\\"\"\nb.c = 1", 2},
	} {
		if d, _ := tomlKeyDepth([]byte(tt.src)); d != tt.want {
			t.Errorf("%q: depth %d, want %d", tt.src, d, tt.want)
		}
	}
	// A real configuration decodes as before.
	src := "baseURL = 'https://x/'\n[params.sidebar]\nsubtitle = 'a.b'\n[[menu.main]]\nname = 'Home'\nweight = 1.5\n[languages.zh-cn.params]\ndescription = \"中文\"\n"
	if m, err := DecodeMap(FormatTOML, []byte(src)); err != nil || len(m) != 4 {
		t.Errorf("configuration: %v, %v", m, err)
	}
}

// Front matter is read up to 256 KB: 8 MB of keys as deep as the decoder
// allows took it 12 s.
func TestFrontMatterSizeIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("+++\ntitle = 'x'\n")
	for i := 0; b.Len() < 8<<20; i++ {
		fmt.Fprintf(&b, "k%d = %s1%s\n", i, strings.Repeat("{a=", 15), strings.Repeat("}", 15))
	}
	b.WriteString("+++\nbody\n")
	done := make(chan error, 1)
	go func() {
		_, err := Parse("posts/x.md", []byte(b.String()), Options{})
		done <- err
	}()
	select {
	case err := <-done:
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "KB") || !strings.HasPrefix(err.Error(), "posts/x.md") {
			t.Errorf("error %v, want one saying the front matter is too large", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading 8 MB of front matter took more than 5 s")
	}
	// A big front matter under the limit still reads; one over it, of
	// a quarter of the keys above (a second of decoding), does not.
	links := func(n int) string {
		return "---\ntitle: Links\nlinks:\n" + strings.Repeat("  - {title: A site, website: 'https://example.org/'}\n", n) + "---\n"
	}
	if p, err := Parse("page/links.md", []byte(links(4000)), Options{}); err != nil || p.Title != "Links" {
		t.Errorf("%d KB of front matter: %v", len(links(4000))>>10, err)
	}
	if _, err := Parse("page/links.md", []byte(links(6000)), Options{}); err == nil {
		t.Errorf("%d KB of front matter read", len(links(6000))>>10)
	}
}

// TestYAMLErrorWithoutLineFound: the YAML parser names no line for some
// errors, the commonest of them a quote inside a quoted title; the line
// is found, counted from the file's first line.
func TestYAMLErrorWithoutLineFound(t *testing.T) {
	for _, c := range []struct {
		fm   string
		line int
	}{
		{"title: \"He said \"hi\" to me\"\ndate: 2024-01-01\n", 2},
		{"date: 2024-01-01\ntags: [a, b]\ntitle: \"unclosed \"x\" [\ndraft: false\n", 4},
		{"date: 2024-01-01\ndescription: >\n  folded\ntitle: 'it's'\n", 5},
	} {
		_, err := Decode(FormatYAML, []byte(c.fm), 2)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%q: %v, want a syntax error", c.fm, err)
		}
		if se.Line != c.line {
			t.Errorf("%q: %v: line %d, want %d", c.fm, err, se.Line, c.line)
		}
	}
}
