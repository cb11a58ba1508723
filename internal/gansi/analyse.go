package gansi

import (
	"reflect"
	"regexp/syntax"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Analyse is chroma's lexers.Analyse(text): the first lexer, in the
// registry's order, whose analyser scores text highest above 0, or nil.
// Chroma asks every analyser, and those of C, C++, Bash, GDScript and
// dns read the whole text with a regular expression tried at every byte:
// 1.1-1.6 ms for 16 KB of untagged code, most of the time prose of that
// size takes to render. An analyser that cannot score (none of the
// literals its expressions need is in text: see analyserNeeds) is not
// asked: it would score 0, which picks nothing. The pick is chroma's
// (TestAnalyseIsChromas).
func Analyse(text string) chroma.Lexer {
	var picked chroma.Lexer
	highest := float32(0)
	var pairs *textPairs
	if len(text) <= maxPairedText {
		pairs = &textPairs{}
		pairs.fill(text)
	}
	for _, a := range chromaAnalysers() {
		if !a.may(text, pairs) {
			continue
		}
		if w := a.AnalyseText(text); w > highest {
			picked, highest = a.lexer, w
		}
	}
	return picked
}

// analyser is a lexer of the registry that analyses text, with the
// literals one of which text must hold for it to score (nil: unknown).
type analyser struct {
	chroma.Analyser
	lexer chroma.Lexer
	needs []string
}

func (a analyser) may(text string, pairs *textPairs) bool {
	if a.needs == nil {
		return true
	}
	for _, s := range a.needs {
		if pairs.may(s) && strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// chromaAnalysers reads the registry's analysers once, in its order
// (chroma registers its lexers at init and never changes them after),
// leaving out the lexers that have none (see neverScores).
var chromaAnalysers = sync.OnceValue(func() []analyser {
	var out []analyser
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		a, ok := l.(chroma.Analyser)
		if !ok || neverScores(l) {
			continue
		}
		out = append(out, analyser{Analyser: a, lexer: l, needs: analyserNeeds(l.Config())})
	}
	return out
})

// neverScores tells whether l is a chroma.RegexLexer without an
// analyser function: its AnalyseText is 0 for every text, which picks
// nothing. 239 of the 255 lexers of chroma v2 are such, and asking each
// of them about every untagged code block cost a fenced block of one
// line in a list more than the rest of its lexing (a fifth of the
// render of 16 KB of them). The function is chroma's unexported field,
// read once; a lexer of another kind, or a RegexLexer whose field is not
// found as a function, is kept.
//
// A lexer that wraps another and asks it (chroma's remapping lexers,
// Common Lisp and EmacsLisp; its delegating lexers, which ask their
// root, markdown, PHTML, Svelte, Go HTML Template; HTTP's content typer,
// which embeds its lexer) scores as the one it wraps (wrappedLexer): six
// more analysers asked about every block for nothing.
func neverScores(l chroma.Lexer) bool {
	v := reflect.ValueOf(l)
	for range 4 { // wrapped a few times at most
		if r, ok := l.(*chroma.RegexLexer); ok && r != nil {
			f := reflect.ValueOf(r).Elem().FieldByName("analyser")
			return f.IsValid() && f.Kind() == reflect.Func && f.IsNil()
		}
		inner, ok := wrappedLexer(v)
		if !ok {
			return false
		}
		v = inner
		if !v.CanInterface() {
			// An unexported field's value: its type is read, not the
			// value as an interface.
			v = reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem()
		}
		in, ok := v.Interface().(chroma.Lexer)
		if !ok || in == nil {
			return false
		}
		l, v = in, reflect.ValueOf(in)
	}
	return false
}

// wrapperFields names, for chroma's lexer types that wrap another and
// answer AnalyseText by asking it (chroma v2.14.0: remap.go, delegate.go,
// lexers/http.go), the field that holds it.
var wrapperFields = map[string]string{
	"chroma.remappingLexer":       "lexer",
	"chroma.delegatingLexer":      "root",
	"lexers.httpBodyContentTyper": "Lexer",
}

// wrappedLexer is the field of v, a pointer to a lexer of wrapperFields,
// that holds the lexer it wraps.
func wrappedLexer(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	name, ok := wrapperFields[v.Elem().Type().String()]
	if !ok {
		return reflect.Value{}, false
	}
	f := v.Elem().FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Interface || f.IsNil() {
		return reflect.Value{}, false
	}
	return f, true
}

// goAnalyserNeeds are the literals that the analysers chroma writes in Go
// (lexers/*.go, v2.14.0; their expressions are not in the lexer's
// configuration) need to score: dns's is `(?m)^@\s+IN\s+SOA\s+`; MySQL
// counts names in backticks and brackets with two expressions over the
// whole text; Go's scores "package ", Zed's three words.
var goAnalyserNeeds = map[string][]string{
	"dns":   {"SOA"},
	"MySQL": {"`", "["},
	"Go":    {"package "},
	"Zed":   {"definition ", "relation ", "permission "},
}

// analyserNeeds is the literals one of which a text must hold for the
// analyser of the lexer configured by c to score it: for an analyser of
// expressions (a lexer's XML <analyse>, whose score is the sum, or the
// first, of the scores of those that match), one of the literals each
// expression needs; nil when any expression needs none that is known.
func analyserNeeds(c *chroma.Config) []string {
	if c == nil {
		return nil
	}
	if n, ok := goAnalyserNeeds[c.Name]; ok && c.Analyse == nil {
		return n
	}
	if c.Analyse == nil || len(c.Analyse.Regexes) == 0 {
		return nil
	}
	var needs []string
	for _, r := range c.Analyse.Regexes {
		re, err := syntax.Parse(r.Pattern, syntax.Perl)
		if err != nil {
			return nil
		}
		n := literalsNeeded(re)
		if n == nil {
			return nil
		}
		needs = append(needs, n...)
	}
	return needs
}

// literalsNeeded is a set of literals one of which every match of re
// holds, or nil when none is known. Only what regexp2 reads as Go's
// regexp/syntax does is used: literal text (not folded for case),
// groups, concatenation, alternation and repetitions of at least one.
func literalsNeeded(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return literalsNeeded(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsNeeded(re.Sub[0])
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			n := literalsNeeded(sub)
			if n == nil {
				return nil
			}
			all = append(all, n...)
		}
		return all
	case syntax.OpConcat:
		// Every part is needed: the one whose shortest literal is the
		// longest.
		var best []string
		shortest := func(n []string) int {
			m := len(n[0])
			for _, s := range n[1:] {
				m = min(m, len(s))
			}
			return m
		}
		for _, sub := range re.Sub {
			if n := literalsNeeded(sub); n != nil && (best == nil || shortest(n) > shortest(best)) {
				best = n
			}
		}
		return best
	}
	return nil
}

// maxPairedText is the longest text whose pairs Analyse records (see
// textPairs): past it, most pairs are there, and the literals are looked
// for at once.
const maxPairedText = 4 << 10

// textPairs records the bytes of a text and its pairs of bytes (hashed
// into 4,096 bits), for the analysers' literals (see analyser.needs) to be
// looked for only where all of theirs are there: each was looked for
// with strings.Contains, some 25 for a small chart shown as its source,
// most of the 1.3 us its analysis took at prepare and again at render.
type textPairs struct {
	one [4]uint64
	two [64]uint64
}

// pairOf is the bit of the pair of bytes a, b.
func pairOf(a, b byte) uint { return (uint(a)<<4 ^ uint(b)) & 4095 }

// fill records text's bytes and pairs.
func (p *textPairs) fill(text string) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		p.one[c>>6] |= 1 << (c & 63)
		if i+1 < len(text) {
			h := pairOf(c, text[i+1])
			p.two[h>>6] |= 1 << (h & 63)
		}
	}
}

// may reports whether s may be in the text recorded: false only when
// one of its bytes, or of its pairs of bytes, is not there. A nil p
// records nothing: s may be anywhere.
func (p *textPairs) may(s string) bool {
	if p == nil {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if p.one[c>>6]&(1<<(c&63)) == 0 {
			return false
		}
		if i+1 < len(s) {
			if h := pairOf(c, s[i+1]); p.two[h>>6]&(1<<(h&63)) == 0 {
				return false
			}
		}
	}
	return true
}
