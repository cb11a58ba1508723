package gansi

import (
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2"
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

// TestKeywordWordsAreChromas: keyword rules matched by looking the word
// up (wordSet) lex as chroma does at the edges of a word: followed by
// ASCII and non-ASCII word characters, joiners, marks, digits,
// punctuation, a line end, the end of the text; words that are a prefix
// of others, of different case, longer than any keyword. So do rules of
// class runs (classRun) and of literal alternatives (literalAlts), on
// the same words and on runs of operators, and rules of numbers asked
// only where the run of digits is followed by what they need (runThen).
func TestKeywordWordsAreChromas(t *testing.T) {
	words := []string{"if", "iff", "return", "returned", "uint8", "uint", "nil", "True", "true", "_", "x", "interface", "func", "and", "not", "in", "is",
		strings.Repeat("a", 70)}
	after := []string{"", " ", "\n", "(", "é", "\u200d", "\u200c", "\u0301", "٣", "_", "1", "x", ".", "‿", "中", "\u00a0", "ǅ"}
	var b strings.Builder
	for _, w := range words {
		for _, a := range after {
			b.WriteString(w + a + " " + a + w + "\n")
		}
	}
	b.WriteString("a<<=b>>=c<<d>>e<=f>=g&^=h&^i+=j-=k*=l/=m%=n&=o|=p&&q||r<-s++t--u==v!=w:=x...y+z-a*b/c%d&e|f^g<h>i=j!k~l(m)[n]{o}.p,q;r:s\n")
	b.WriteString("<<=>>=&^= ..... :== !== <-- +++ /* a */ // b\n")
	b.WriteString("len(x) len (x) cap\n(x) lens(x) len_(x) len\u00e9(x) new(\n")
	b.WriteString("f(x) f (x) f\t(x) f\n(x) f \n (x) f\\\n(x) f+(x) f.g(x) `raw` `open\n" + strings.Repeat("n", 200) + "(x)\n")
	b.WriteString("1i 12i 1.5 1.5e3 1e+3i 1e3 0x1F 0b101 017 1_000 5 55 0 00 ٣٣ ٣i 1é 1.e 12L 3l 1.5f .5 9. 1..2\n")
	text := b.String()
	for _, name := range []string{"go", "python", "rust", "javascript", "c", "bash", "ruby", "java", "sql", "haskell"} {
		l := lexers.Get(name)
		if l == nil {
			t.Fatalf("no lexer %q", name)
		}
		p, ok := Prefiltered(l).(prefiltered)
		if !ok {
			continue
		}
		fast, runs, alts, thens, seqs, wordsThens := 0, 0, 0, 0, 0, 0
		for _, first := range p.c.first {
			for _, f := range first.first {
				if f.words != nil {
					fast++
				}
				if f.run != nil {
					runs++
				}
				if f.alts != nil {
					alts++
				}
				if f.then != nil {
					thens++
				}
				if f.seq != nil {
					seqs++
				}
				if f.wordsThen != nil {
					wordsThens++
				}
			}
		}
		if name == "go" && (fast < 4 || runs < 4 || alts < 2 || thens < 3 || seqs < 1 || wordsThens < 1) {
			t.Fatalf("Go: %d keyword rules matched by their words, %d rules by their classes, %d by their alternatives, %d told by the run of a class and what follows, %d by their sequence of classes, %d by their words and what follows", fast, runs, alts, thens, seqs, wordsThens)
		}
		// chroma's rules time out after 250 ms, lexing a character as
		// an error (regexp.go): on a loaded machine either side may (a
		// rust rule on the line of 200 "n"); a difference that stays
		// over three tries is the lexer's.
		want, got := tokensOf(t, l, text), tokensOf(t, p, text)
		for try := 1; try < 3 && !slices.Equal(want, got); try++ {
			want, got = tokensOf(t, l, text), tokensOf(t, p, text)
		}
		if !slices.Equal(want, got) {
			for i := range min(len(want), len(got)) {
				if want[i] != got[i] {
					t.Fatalf("%s: token %d is %v, chroma's %v", name, i, got[i], want[i])
				}
			}
			t.Fatalf("%s: %d tokens, chroma's %d", name, len(got), len(want))
		}
	}
}

// TestCutClass: the classes classRun reads off a pattern, and what it
// leaves alone.
func TestCutClass(t *testing.T) {
	for _, c := range []struct{ p, class, rest string }{
		{`\s+`, `\s`, "+"},
		{`[a-zA-Z_]\w*`, `[a-zA-Z_]`, `\w*`},
		{`[|^<>=!()\[\]{}.,;:~]`, `[|^<>=!()\[\]{}.,;:~]`, ""},
		{`[^\W\d]\w*`, `[^\W\d]`, `\w*`},
		{`\n`, `\n`, ""},
		{`\.`, `\.`, ""},
		{"a+", "a", "+"},
		{`-`, `-`, ""},
	} {
		class, rest, ok := cutClass(c.p)
		if !ok || class != c.class || rest != c.rest {
			t.Errorf("cutClass(%q) = %q, %q, %v", c.p, class, rest, ok)
		}
	}
	for _, p := range []string{"", ".", "(a)", `[]a]`, `[a-z-[aeiou]]`, `[[:alpha:]]`, `\b`, `\p{L}`, "[a", `\`, "*", "^", "$"} {
		if class, _, ok := cutClass(p); ok {
			t.Errorf("cutClass(%q) cut %q", p, class)
		}
	}
}

// TestSeqFilterIsRegexp2: a rule of a sequence of classes (seqFilter) is
// passed over only where regexp2 finds no match of it, compiled as the
// lexer compiles it, on text of the characters its classes hold and
// others (names, spaces, line ends, parentheses, letters of other
// scripts, a run longer than the filter reads); and it is passed over at
// most places a name is not followed by its parenthesis.
func TestSeqFilterIsRegexp2(t *testing.T) {
	patterns := []string{
		`([a-zA-Z_]\w*)(\s*)(\()`,
		`([a-z_$][\w.]*)(\s*)(\()`,
		`(\s+)(\\)`,
		`(scope)(\s*)([A-Za-z]\w*)(\s*)(\{)`,
		`(?:[a-z]+?)(-?)(\d+)`,
		"(`)([^`]*)(`)",
		`\d+[Ee][-+]\d+i`,
		`(\?)(\s*)([^}\s]+)(\s*)(:)`,
		`\.\d+([Ee][-+]\d+)?i`,
		`ab(c|d)`,
		`(xy)(e|E)+`,
		`x\d+(?=a)`,
		`\d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)`,
		`x(a|b\d)+c`,
		`x(?:a|\s)`,
	}
	alphabet := []string{"a", "x", "Z", "_", "1", " ", "\t", "\n", "(", "{", "-", "e", "E", "+", "`", "\\", "?", ":", "é", "中", "scope", "$", "."}
	rng := rand.New(rand.NewPCG(1, 2))
	var texts []string
	for range 400 {
		var b strings.Builder
		for range 1 + rng.IntN(30) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, strings.Repeat("a", 300)+"(", strings.Repeat("x+", 100), "f (x)", "f\n\n(x)", "`a\nb`", "`"+strings.Repeat("a", 200))
	for _, pattern := range patterns {
		sf := seqOf(pattern, "m", map[string]*charClass{})
		if sf == nil {
			t.Fatalf("%q: not read as starting with a sequence", pattern)
		}
		re := regexp2.MustCompile(`\G(?m)(?:`+pattern+`)`, 0)
		skipped := 0
		for _, text := range texts {
			runes := []rune(text)
			for pos := range runes {
				m, err := re.FindRunesMatchStartingAt(runes, pos)
				matches := err == nil && m != nil && m.Index == pos
				may := sf.may(runes, pos)
				if matches && !may {
					t.Fatalf("%q at %d of %q: regexp2 matches, the filter passes it over", pattern, pos, text)
				}
				if !may {
					skipped++
				}
			}
		}
		if skipped == 0 {
			t.Errorf("%q: never passed over", pattern)
		}
	}
	for _, p := range []string{`(a|b)c`, `x(a|)y`, `x(a|b)?y`, `x(a|b)*`, `x(a|b){2}`, `xy|ab`, `(xy)|(ab)`, `[|]ab|c`, `(ab)+c`, `a{2}b`, `(?=a)b`, `a\bb`, `(?<n>a)b`, `a.b`, `\w+`, `[a-z]\w*`, `(a)?(?(1)b)c`} {
		if sf := seqOf(p, "m", map[string]*charClass{}); sf != nil {
			t.Errorf("%q read as a sequence of %d classes", p, len(sf.items))
		}
	}
	if seqOf(`([a-z]\w*)(\()`, "mi", map[string]*charClass{}) != nil {
		t.Error("a rule that ignores case read as a sequence")
	}
	// Words and what follows them (wordsThen), as regexp2 matches them.
	words := []string{`(len|cap|x)\b(\()`, `(len|cap)\b(\s*)(\()`, `(len|cap)\b`, `(scope|a1)\b(\s+)(\w+)`}
	texts = append(texts, "len(", "len (", "lens(", "cap\n(", "len\u00e9(", "x(", "a1 scope", "scope \t x")
	for _, pattern := range words {
		wt := wordsThenOf(pattern, "m", map[string]*charClass{})
		if wt == nil {
			if pattern == `(len|cap)\b` {
				continue // wordSet's
			}
			t.Fatalf("%q: not read as words and what follows", pattern)
		}
		re := regexp2.MustCompile(`\G(?m)(?:`+pattern+`)`, 0)
		skipped := 0
		for _, text := range texts {
			runes := []rune(text)
			for pos := range runes {
				m, err := re.FindRunesMatchStartingAt(runes, pos)
				matches := err == nil && m != nil && m.Index == pos
				may := wt.may(runes, pos)
				if matches && !may {
					t.Fatalf("%q at %d of %q: regexp2 matches, the filter passes it over", pattern, pos, text)
				}
				if !may {
					skipped++
				}
			}
		}
		if skipped == 0 {
			t.Errorf("%q: never passed over", pattern)
		}
	}
	for _, p := range []string{`(len|cap)\b(\()|x`, `(len|cap)\b(\()`} {
		if wt := wordsThenOf(p, "mi", map[string]*charClass{}); wt != nil {
			t.Errorf("%q ignoring case read as words", p)
		}
	}
	if wordsThenOf(`(len|cap)\b(\()|x`, "m", map[string]*charClass{}) != nil {
		t.Error("alternatives read as words and what follows")
	}
}

// TestSeqMatchIsRegexp2: a rule of a sequence of classes matched without
// its expression (seqMatch) matches where regexp2 does, to the same end,
// with the same groups, wherever it is sure; it is sure at most places
// of code-like text; and what it does not read is left to regexp2.
func TestSeqMatchIsRegexp2(t *testing.T) {
	patterns := []string{
		`([a-zA-Z_]\w*)(\s*)(\()`,
		"(`)([^`]*)(`)",
		`(\s+)(\\)`,
		`\w+\s*x`,
		`(a*)(a)`,
		`a?b`,
		`(\d+)(\.?)(\d*)`,
		`()x`,
		`x(\s*)(\w+)`,
		`[a-z]+`,
	}
	alphabet := []string{"a", "x", "Z", "_", "1", " ", "\t", "\n", "(", "`", "\\", ".", "é", "中", "\u00a0", "٣"}
	rng := rand.New(rand.NewPCG(7, 8))
	var texts []string
	for range 600 {
		var b strings.Builder
		for range 1 + rng.IntN(24) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, "print (x)", "f\n\n(", "`raw\nstring`", "aaa", "12.5", "x")
	for _, pattern := range patterns {
		sm := seqMatchOf(pattern, "m", map[string]*charClass{})
		if sm == nil {
			t.Fatalf("%q: not read as a sequence to match", pattern)
		}
		re := regexp2.MustCompile(`\G(?m)(?:`+pattern+`)`, 0)
		sure, unsure := 0, 0
		for _, text := range texts {
			runes := []rune(text)
			for pos := range runes {
				m, err := re.FindRunesMatchStartingAt(runes, pos)
				matches := err == nil && m != nil && m.Index == pos
				var bounds []int
				end, ok, isSure := sm.match(runes, pos, &bounds)
				if !isSure {
					unsure++
					continue
				}
				sure++
				if ok != matches {
					t.Fatalf("%q at %d of %q: matches %v, regexp2 %v", pattern, pos, text, ok, matches)
				}
				if !ok {
					continue
				}
				if end != pos+m.Length {
					t.Fatalf("%q at %d of %q: ends at %d, regexp2 at %d", pattern, pos, text, end, pos+m.Length)
				}
				l := &lexing{LexerState: chroma.LexerState{Text: runes, Pos: pos}, src: text, valid: utf8.ValidString(text), bounds: bounds}
				rule := &chroma.CompiledRule{Rule: chroma.Rule{Type: chroma.ByGroups()}}
				_, _, groups, named := l.seqGroups(0, rule, sm, end)
				want := []string{}
				wantNamed := map[string]string{}
				for _, g := range m.Groups() {
					want = append(want, g.String())
					wantNamed[g.Name] = g.String()
				}
				if !slices.Equal(groups, want) || !maps.Equal(named, wantNamed) {
					t.Fatalf("%q at %d of %q: groups %q %v, regexp2 %q %v", pattern, pos, text, groups, named, want, wantNamed)
				}
			}
		}
		if sure < 10*unsure {
			t.Errorf("%q: sure at %d places, not at %d", pattern, sure, unsure)
		}
	}
	for _, p := range []string{`(a|b)c`, `a{2}`, `(ab)+`, `a+?b`, `((a)b)`, `(?=a)b`, `a.b`, `(a`, `a)`, `(?<n>a)`} {
		if sm := seqMatchOf(p, "m", map[string]*charClass{}); sm != nil {
			t.Errorf("%q read as a sequence to match", p)
		}
	}
}

// TestGroupTypesAreRead: Go's rules of ByGroups of token types and
// UsingSelf (builtins, function calls) are read as such, so that their
// tokens are made without chroma's emitter (TestPrefilteredIsChromas
// holds the tokens to chroma's), and a ByGroups with another emitter is
// not.
func TestGroupTypesAreRead(t *testing.T) {
	c := compiledFor(lexers.Get("go").(*chroma.RegexLexer))
	n := 0
	for _, sr := range c.first {
		for _, f := range sr.first {
			if f.byGroups {
				n++
			}
		}
	}
	if n < 2 {
		t.Errorf("%d of Go's rules read as groups of token types", n)
	}
	r := &chroma.CompiledRule{Rule: chroma.Rule{Type: chroma.ByGroups(chroma.Keyword, nil, chroma.Using("go"))}}
	if _, ok := groupTypesOf(r); ok {
		t.Error("a ByGroups with a Using emitter read as token types")
	}
	r = &chroma.CompiledRule{Rule: chroma.Rule{Type: chroma.ByGroups(chroma.Keyword, chroma.UsingSelf("root"))}}
	if types, ok := groupTypesOf(r); !ok || !types[1].self {
		t.Errorf("ByGroups(Keyword, UsingSelf) read as %v, %v", types, ok)
	}
	r = &chroma.CompiledRule{Rule: chroma.Rule{Type: chroma.ByGroups(chroma.Keyword, nil, chroma.Text)}}
	if types, ok := groupTypesOf(r); !ok || len(types) != 3 || types[1].emit || types[2] != (groupType{t: chroma.Text, emit: true}) {
		t.Errorf("ByGroups(Keyword, nil, Text) read as %v, %v", types, ok)
	}
}
