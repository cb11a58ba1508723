package gansi

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// chromaTestdata returns chroma's own lexer test files (lexers/testdata
// in its module: the inputs, *.actual), found from where its code was
// compiled, by the lexer each is for; nil when they are not there.
func chromaTestdata(t *testing.T) map[string]string {
	t.Helper()
	fn := runtime.FuncForPC(reflect.ValueOf(chroma.Coalesce).Pointer())
	if fn == nil {
		return nil
	}
	file, _ := fn.FileLine(fn.Entry())
	dir := filepath.Join(filepath.Dir(file), "lexers", "testdata")
	files := map[string]string{}
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".actual") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil {
			files[path] = string(b)
		}
		return nil
	})
	return files
}

// lexerOf is the lexer a test file of chroma's is for: by the file's
// name, else its folder's.
func lexerOf(path string) chroma.Lexer {
	name := strings.TrimSuffix(filepath.Base(path), ".actual")
	if l := lexers.Get(name); l != nil && l != lexers.Fallback {
		return l
	}
	if l := lexers.Get(filepath.Base(filepath.Dir(path))); l != nil && l != lexers.Fallback {
		return l
	}
	return nil
}

// tokensOf lexes text with l, as the caller gives them.
func tokensOf(t *testing.T, l chroma.Lexer, text string) []chroma.Token {
	t.Helper()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	return it.Tokens()
}

// TestPrefilteredIsChromas: a prefiltered lexer (see Prefiltered) gives
// the tokens chroma's gives, for chroma's own test file of each lexer
// that has one, whole and cut short at a few places (a string, a
// comment left open). (Chroma's lexers run on text of another language
// may take seconds, or never end: chroma's own lexer then as well.)
func TestPrefilteredIsChromas(t *testing.T) {
	files := chromaTestdata(t)
	if len(files) < 100 {
		t.Skipf("chroma's test files not found (%d)", len(files))
	}
	same := func(l chroma.Lexer, text string) bool {
		// chroma's rules time out after 250 ms, lexing the rest of a
		// line as an error (regexp.go): on a loaded machine either side
		// may; a difference that stays over three tries is the lexer's.
		for range 3 {
			if slices.Equal(tokensOf(t, l, text), tokensOf(t, Prefiltered(l), text)) {
				return true
			}
		}
		return false
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	checked := map[string]bool{}
	for _, p := range paths {
		text := files[p]
		l := lexerOf(p)
		if l == nil {
			continue
		}
		if _, ok := Prefiltered(l).(prefiltered); !ok {
			continue
		}
		checked[l.Config().Name] = true
		for _, n := range []int{len(text), len(text) / 3, len(text) * 2 / 3, 17} {
			if n > len(text) {
				continue
			}
			if !same(l, text[:n]) {
				t.Errorf("%s (%d bytes of it): the tokens of %s differ", p, n, l.Config().Name)
			}
		}
	}
	if len(checked) < 100 {
		t.Fatalf("%d lexers checked: the test checks too little", len(checked))
	}
}
