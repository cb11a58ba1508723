package gansi

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestLexerIsChromas: the remembered lookup gives the lexer chroma's own
// gives, for names it knows, file names, names it does not know and no
// name, the first time and after; a name longer than MaxLexerName names
// none, even one that ends like a file name.
func TestLexerIsChromas(t *testing.T) {
	for _, n := range []string{"go", "Go", "GO", "python3", "js", "", "text", "console", "no-such-language", "Makefile", "x.py", "CMakeLists.txt", "Dockerfile", "mermaid", "中文"} {
		want := lexers.Get(n)
		for range 2 {
			if got := Lexer(n); got != want {
				t.Errorf("Lexer(%q) = %v, chroma's %v", n, lexerName(got), lexerName(want))
			}
		}
	}
	long := strings.Repeat("a", MaxLexerName) + ".go"
	if lexers.Get(long) == nil {
		t.Fatalf("chroma finds no lexer for %q: the test needs another name", long)
	}
	if l := Lexer(long); l != nil {
		t.Errorf("Lexer of a %d-byte name = %v, want none", len(long), lexerName(l))
	}
}

func lexerName(l interface{ Config() *chroma.Config }) string {
	if l == nil {
		return "none"
	}
	return l.Config().Name
}
