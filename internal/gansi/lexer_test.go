package gansi

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestLexerIsChromas: Lexer gives the lexer chroma's lexers.Get gives for
// every lexer's names and aliases (as written, in lower and upper case),
// for a file name made from each of its file name patterns, with each of
// chroma's ignored suffixes, with a folder before it, and for names no
// lexer has; a name longer than MaxLexerName names none, even one that
// ends like a file name.
func TestLexerIsChromas(t *testing.T) {
	names := []string{"", "text", "console", "no-such-language", "mermaid", "中文", "yml", "conf",
		"CMakeLists.txt", "x.py", "a/b/x.go", "x.go~", "Makefile.orig", "x.tmpl.in", ".bashrc", "filename.", "*", "[", `\`,
		"lang-5.go", "a.go/b", "x.go/", "/.go", "/", ".go", "go", "x.go.bak~", "x.py.orig.in"}
	wild := regexp.MustCompile(`\*|\?|\[[^\]]*\]`)
	class := regexp.MustCompile(`\[[^\]^!]+\]`)
	patterns := 0
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		names = append(names, c.Name, strings.ToLower(c.Name), strings.ToUpper(c.Name))
		for _, a := range c.Aliases {
			names = append(names, a, strings.ToUpper(a))
		}
		for _, g := range append(append([]string{}, c.Filenames...), c.AliasFilenames...) {
			// chroma takes 5-7 ms for each name it does not know by
			// name or alias: one name a pattern, and every
			// fortieth pattern with each suffix and a folder.
			f := wild.ReplaceAllString(g, "x")
			names = append(names, f)
			if class.MatchString(g) {
				// A class as a character of it, first and last, and
				// with a suffix: such patterns are found by the
				// bytes their class holds.
				for _, pick := range []func(string) string{
					func(c string) string { return c[1:2] },
					func(c string) string { return c[len(c)-2 : len(c)-1] },
				} {
					m := class.ReplaceAllStringFunc(g, pick)
					m = wild.ReplaceAllString(m, "x")
					names = append(names, m, m+"~", m+".bak", "dir/"+m)
				}
			}
			if patterns++; patterns%40 == 0 {
				names = append(names, "dir/"+f, strings.TrimPrefix(f, "x."), wild.ReplaceAllString(g, ""))
				for _, suf := range ignoredSuffixes {
					names = append(names, f+suf)
				}
			}
		}
	}
	// Our copy of chroma's suffixes, and others of the kind it might add.
	others := []string{".dist", ".new", ".save", ".swp", ".tmp", ".sample", ".example", ".j2", ".tmpl", ".template", ".default", ".backup", ".rej", ".dpkg-new", ".dpkg-bak", ".rpmold", "#"}
	for _, suf := range append(ignoredSuffixes[:], others...) {
		names = append(names, "main.go"+suf, "Makefile"+suf)
	}
	checked := map[string]bool{}
	for _, n := range names {
		if checked[n] {
			continue
		}
		checked[n] = true
		if got, want := Lexer(n), lexers.Get(n); got != want {
			t.Errorf("Lexer(%q) = %s, chroma's %s", n, lexerName(got), lexerName(want))
		}
	}
	if len(checked) < 1500 {
		t.Fatalf("only %d names checked", len(checked))
	}
	long := strings.Repeat("a", MaxLexerName) + ".go"
	if lexers.Get(long) == nil {
		t.Fatalf("chroma finds no lexer for %q: the test needs another name", long)
	}
	if l := Lexer(long); l != nil {
		t.Errorf("Lexer of a %d-byte name = %s, want none", len(long), lexerName(l))
	}
}

func lexerName(l chroma.Lexer) string {
	if l == nil {
		return "none"
	}
	return l.Config().Name
}

// BenchmarkLexer looks up a name chroma knows, one it knows by its file
// name patterns only, and one it does not know.
func BenchmarkLexer(b *testing.B) {
	for _, name := range []string{"go", "yml", "no-such-language", ""} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Lexer(name)
			}
		})
	}
}

// TestLexerUnnamed: the lexer kept for the empty name is the one the
// look-up from the start finds, and chroma's.
func TestLexerUnnamed(t *testing.T) {
	if got, want := Lexer(""), chromaIndex().lexer(""); got != want {
		t.Errorf("Lexer(\"\") = %v, the look-up finds %v", got, want)
	}
	if got, want := Lexer(""), lexers.Get(""); got != want {
		t.Errorf("Lexer(\"\") = %v, chroma's %v", got, want)
	}
}

// TestRecentLexersAreLexer: the lexers remembered for names asked again
// and again, among more names than are kept, are Lexer's.
func TestRecentLexersAreLexer(t *testing.T) {
	names := []string{"go", "mermaid", "", "lang-1.go", "GO", "yml", "x.py", "mermaid", "none", "Makefile", "c++", "dot"}
	var r recentLexers
	rng := rand.New(rand.NewPCG(4, 11))
	for range 2000 {
		name := names[rng.IntN(len(names))]
		if got, want := r.lexer(name), Lexer(name); got != want {
			t.Fatalf("%q: remembered %v, Lexer %v", name, got, want)
		}
	}
	var ls *Lexings
	if ls.Lexer("go") != Lexer("go") {
		t.Fatal("a nil Lexings does not give Lexer's")
	}
}
