package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// samplePosts returns the body of every sample post in content/ by file
// name.
func samplePosts(t testing.TB) map[string]string {
	t.Helper()
	posts := map[string]string{}
	err := filepath.WalkDir("../../content", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, _, body, _ := page.Split(src)
		posts[path] = string(body)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) < 5 {
		t.Fatalf("found %d sample posts", len(posts))
	}
	return posts
}

// hanOf returns the Han characters of s in order.
func hanOf(s string) []rune {
	var rs []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			rs = append(rs, r)
		}
	}
	return rs
}

// isSubsequence reports whether every rune of want appears in got in the
// same order (got may hold more: labels, repeated table headers).
func isSubsequence(want, got []rune) (int, bool) {
	j := 0
	for i, r := range want {
		for j < len(got) && got[j] != r {
			j++
		}
		if j == len(got) {
			return i, false
		}
		j++
	}
	return 0, true
}

// withoutTables drops the lines of pipe tables, whose cells a record
// layout may reorder.
func withoutTables(md string) string {
	var out []string
	for _, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "|") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// withoutDiagrams drops the lines of mermaid fences.
func withoutDiagrams(md string) string {
	var out []string
	in := false
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case !in && strings.HasPrefix(t, "```mermaid"):
			in = true
		case in && strings.HasPrefix(t, "```"):
			in = false
		case !in:
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// linkDestinations matches the destination of an inline link.
var linkDestinations = regexp.MustCompile(`\]\([^)]*\)`)

// lineDecor is what may stand before a line's text: margins, quote bars,
// list bullets.
const lineDecor = " │▏|•"

// checkTypography checks one render against the line-breaking rules.
// ASCII brackets start and end lines of code and are left out: Latin text
// never breaks next to them anyway.
func checkTypography(t *testing.T, name string, md, out string, width int) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s@%d: invalid UTF-8", name, width)
	}
	for _, r := range []rune{'\u2028', '\u200b', '\u2060', '\ufeff', '\u00ad'} {
		if strings.ContainsRune(out, r) {
			t.Errorf("%s@%d: output holds the invisible helper %U", name, width, r)
		}
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		plain := ansi.Strip(l)
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("%s@%d: line %d is %d cells: %q", name, width, i, w, plain)
		}
		text := strings.TrimLeft(plain, lineDecor)
		if text == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(text)
		if first >= 0x80 && textwrap.IsClosing(first) && i > 0 && strings.TrimSpace(ansi.Strip(lines[i-1])) != "" {
			t.Errorf("%s@%d: line %d starts with closing punctuation: %q (after %q)", name, width, i, plain, ansi.Strip(lines[i-1]))
		}
		trimmed := strings.TrimRight(text, " ")
		last, _ := utf8.DecodeLastRuneInString(trimmed)
		if last >= 0x80 && textwrap.IsOpening(last) && i+1 < len(lines) && strings.TrimSpace(ansi.Strip(lines[i+1])) != "" {
			t.Errorf("%s@%d: line %d ends with opening punctuation: %q", name, width, i, plain)
		}
	}
	// A link's destination is listed at the end of the post, not where
	// the link stands (links.go): its Han characters are left out here.
	// A drawn flowchart places its labels in two dimensions: they are
	// left out here (package mermaid checks that each is drawn whole).
	want, got := hanOf(linkDestinations.ReplaceAllString(withoutTables(withoutDiagrams(md)), "]()")), hanOf(ansi.Strip(out))
	if at, ok := isSubsequence(want, got); !ok {
		t.Errorf("%s@%d: Han character %d (%q) lost or out of order", name, width, at, string(want[at]))
	}
}

// TestTypographyAllSamples renders every sample post at every width from
// 40 to 200 and checks what a reader relies on: the width, every Han
// character kept in order, and Chinese line-breaking rules.
func TestTypographyAllSamples(t *testing.T) {
	posts := samplePosts(t)
	step := 1
	if testing.Short() || raceEnabled {
		step = 7
	}
	for name, md := range posts {
		name = filepath.Base(filepath.Dir(name)) + "/" + filepath.Base(name)
		for w := 40; w <= 200; w += step {
			out, err := Markdown(md, w, Plain)
			if err != nil {
				t.Fatalf("%s@%d: %v", name, w, err)
			}
			checkTypography(t, name, md, out, w)
		}
	}
}

// galleryPosts returns the hard cases written for this project
// (testdata/typography), by name.
func galleryPosts(t testing.TB) map[string]string {
	t.Helper()
	paths, err := filepath.Glob("testdata/typography/*.md")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no gallery: %v", err)
	}
	posts := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		posts[filepath.Base(p)] = string(b)
	}
	return posts
}

// TestTypographyGallery is TestTypographyAllSamples over the gallery of
// hard cases.
func TestTypographyGallery(t *testing.T) {
	step := 1
	if testing.Short() || raceEnabled {
		step = 7
	}
	for name, md := range galleryPosts(t) {
		for _, style := range []Style{Plain, Dark} {
			for w := 40; w <= 200; w += step {
				out, err := Markdown(md, w, style)
				if err != nil {
					t.Fatalf("%s@%d: %v", name, w, err)
				}
				checkTypography(t, name+"/"+string(style), md, out, w)
			}
		}
	}
}

// TestHanLatinBreaks: a line may break between a Han character and a
// Latin word, so mixed text fills its lines instead of pushing each
// "中文English混排" run down whole.
func TestHanLatinBreaks(t *testing.T) {
	md := strings.Repeat("中文English混排Markdown渲染，terminal里的CJK字符", 4)
	for _, w := range []int{30, 40, 50} {
		out, err := Markdown(md, w, Plain)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out, "\n")
		for i, l := range lines[:len(lines)-1] {
			// The plain style's margin is 2 cells; a line may end up to
			// a word short (the longest here is 8 cells), not more.
			if got := ansi.StringWidth(l); got < w-2-8 {
				t.Errorf("@%d: line %d is %d cells: %q", w, i, got, l)
			}
		}
		checkTypography(t, "mixed", md, out, w)
	}
}
