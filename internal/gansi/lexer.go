package gansi

import (
	"path/filepath"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// MaxLexerName is the longest language name looked up. No lexer's name,
// alias or file name pattern is near it; a fence's info of 16 KB ("~~"
// repeated around a word opens a fence whose language is the rest of the
// line) names none.
const MaxLexerName = 128

// Lexer is what chroma's lexers.Get(name) returns, found without its
// cost: for a name it knows by neither name nor alias (every untagged
// code block, every unknown language, "yml" or "conf"), Get matches the
// name, and "filename." and the name, against every file name pattern of
// every lexer with and without each of 13 ignored suffixes (registry.go:
// Match), about 6,500 filepath.Match calls and as many string
// concatenations: 5-7 ms, twice for each such code block in every
// render. A post of a few hundred of them, each named differently, took
// seconds. Lexer asks filepath.Match only about patterns whose literal
// start and end the name has, and otherwise does what Get does, in the
// same order, so it picks the same lexer (TestLexerIsChromas). A name
// longer than MaxLexerName names no lexer.
func Lexer(name string) chroma.Lexer {
	if len(name) > MaxLexerName {
		return nil
	}
	ix := chromaIndex()
	if l := ix.byName[name]; l != nil {
		return l
	}
	if l := ix.byAlias[name]; l != nil {
		return l
	}
	lower := strings.ToLower(name)
	if l := ix.byName[lower]; l != nil {
		return l
	}
	if l := ix.byAlias[lower]; l != nil {
		return l
	}
	var candidates chroma.PrioritisedLexers
	if l := ix.match("filename." + name); l != nil {
		candidates = append(candidates, l)
	}
	if l := ix.match(name); l != nil {
		candidates = append(candidates, l)
	}
	if len(candidates) == 0 {
		return nil
	}
	sort.Sort(candidates)
	return candidates[0]
}

// ignoredSuffixes is chroma's list (registry.go, v2.14.0) of backup and
// template suffixes a file name pattern matches with (it is unexported
// there). TestLexerIsChromas checks a name with each, and with other
// suffixes of the kind, so a chroma that drops one or adds one of those
// fails it.
var ignoredSuffixes = [...]string{
	"~", ".bak", ".old", ".orig",
	".dpkg-dist", ".dpkg-old", ".ucf-dist", ".ucf-new", ".ucf-old",
	".rpmnew", ".rpmorig", ".rpmsave",
	".in",
}

// lexerIndex is chroma's registry read once: its name and alias maps as
// Register fills them, and its file name patterns in its order, each
// with its literal start and end.
type lexerIndex struct {
	byName, byAlias map[string]chroma.Lexer
	filenames       patternSet // every lexer's Filenames, in order
	aliasFilenames  patternSet // and AliasFilenames
}

// patternSet is file name patterns in chroma's order, with the positions
// of those whose literal end is not empty listed by its last byte (and
// of those that end with a class of characters by each byte of the
// class), and of the others (a pattern that ends in "*") in any: a name
// can only match a pattern whose literal end it ends with, so it is
// matched against those of its last byte (or the last byte before an
// ignored suffix) and any, in chroma's order, instead of all 542. A name
// chroma knows by no name nor alias was matched against them all, twice:
// 15-17 µs, for each code block of a post of code blocks each in a
// language of its own.
type patternSet struct {
	all    []namePattern
	byLast [256][]int
	any    []int
}

func (s *patternSet) add(p namePattern) {
	i := len(s.all)
	s.all = append(s.all, p)
	if p.tail != "" {
		last := p.tail[len(p.tail)-1]
		s.byLast[last] = append(s.byLast[last], i)
		return
	}
	if set, ok := lastClass(p.glob); ok {
		for b := range set {
			if set[b] {
				s.byLast[b] = append(s.byLast[b], i)
			}
		}
		return
	}
	s.any = append(s.any, i)
}

// lastClass is the set of bytes that a name matching glob can end with
// when glob ends with a character class of ASCII characters and ranges
// ("*.[1-9]", "*.php[345]"), whose match is then that last byte; ok is
// false for any other glob (a negated class, an escape, a wildcard at
// the end), which any name may match as far as its last byte tells.
func lastClass(glob string) (set [256]bool, ok bool) {
	if !strings.HasSuffix(glob, "]") {
		return set, false
	}
	open := strings.LastIndexByte(glob, '[')
	if open < 0 {
		return set, false
	}
	class := glob[open+1 : len(glob)-1]
	if class == "" || class[0] == '^' || strings.ContainsAny(class, `[]\`) {
		return set, false
	}
	for i := 0; i < len(class); i++ {
		lo, hi := class[i], class[i]
		if i+2 < len(class) && class[i+1] == '-' {
			hi = class[i+2]
			i += 2
		}
		if lo >= utf8.RuneSelf || hi >= utf8.RuneSelf || lo > hi {
			return set, false
		}
		for b := int(lo); b <= int(hi); b++ {
			set[b] = true
		}
	}
	return set, true
}

type namePattern struct {
	lexer      chroma.Lexer
	glob       string
	head, tail string // the glob's literal text before its first and after its last wildcard
}

// chromaIndex reads the registry the first time it is asked for: chroma
// registers its lexers at init and never changes them after, so what is
// read is never stale.
var chromaIndex = sync.OnceValue(func() *lexerIndex {
	ix := &lexerIndex{byName: map[string]chroma.Lexer{}, byAlias: map[string]chroma.Lexer{}}
	pattern := func(l chroma.Lexer, glob string) namePattern {
		p := namePattern{lexer: l, glob: glob, head: glob, tail: glob}
		if i := strings.IndexAny(glob, `*?[\`); i >= 0 {
			p.head = glob[:i]
			p.tail = glob[strings.LastIndexAny(glob, `*?]\`)+1:]
		}
		return p
	}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		ix.byName[c.Name] = l
		ix.byName[strings.ToLower(c.Name)] = l
		for _, a := range c.Aliases {
			ix.byAlias[a] = l
			ix.byAlias[strings.ToLower(a)] = l
		}
		for _, g := range c.Filenames {
			ix.filenames.add(pattern(l, g))
		}
		for _, g := range c.AliasFilenames {
			ix.aliasFilenames.add(pattern(l, g))
		}
	}
	return ix
})

// match is the registry's Match: the lexers whose file name patterns
// match the file name's base, else those whose alias patterns do, the
// first by priority.
func (ix *lexerIndex) match(filename string) chroma.Lexer {
	filename = filepath.Base(filename)
	// The ignored suffixes the name ends with: a pattern may match it
	// with one of those only.
	var sufs []string
	for _, suf := range ignoredSuffixes {
		if strings.HasSuffix(filename, suf) {
			sufs = append(sufs, suf)
		}
	}
	// The last bytes a literal end may have, once each.
	var ends [1 + len(ignoredSuffixes)]byte
	ends[0] = filename[len(filename)-1]
	nEnds := 1
	for _, suf := range sufs {
		if rest := filename[:len(filename)-len(suf)]; rest != "" {
			if e := rest[len(rest)-1]; !slices.Contains(ends[:nEnds], e) {
				ends[nEnds] = e
				nEnds++
			}
		}
	}
	var hits []int
	for _, set := range [...]*patternSet{&ix.filenames, &ix.aliasFilenames} {
		hits = hits[:0]
		try := func(list []int) {
			for _, i := range list {
				if set.all[i].matches(filename, sufs) {
					hits = append(hits, i)
				}
			}
		}
		try(set.any)
		for _, e := range ends[:nEnds] {
			try(set.byLast[e])
		}
		if len(hits) == 0 {
			continue
		}
		// In chroma's order, once each (a pattern ending in a class is
		// listed under each of its bytes): sort.Sort of the matches is
		// not stable, so their order picks among lexers of one priority.
		slices.Sort(hits)
		hits = slices.Compact(hits)
		matched := make(chroma.PrioritisedLexers, len(hits))
		for k, i := range hits {
			matched[k] = set.all[i].lexer
		}
		sort.Sort(matched)
		return matched[0]
	}
	return nil
}

// matches reports whether the pattern matches name as is or with one of
// sufs after it, as Match tries them; it asks filepath.Match only when
// the name starts with the pattern's literal start and ends with its
// literal end (or that and a suffix), which any match does.
func (p *namePattern) matches(name string, sufs []string) bool {
	if !strings.HasPrefix(name, p.head) {
		return false
	}
	if strings.HasSuffix(name, p.tail) {
		if ok, err := filepath.Match(p.glob, name); err == nil && ok {
			return true
		}
	}
	for _, suf := range sufs {
		if strings.HasSuffix(name, p.tail+suf) {
			if ok, err := filepath.Match(p.glob+suf, name); err == nil && ok {
				return true
			}
		}
	}
	return false
}

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
	for _, a := range chromaAnalysers() {
		if !a.may(text) {
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

func (a analyser) may(text string) bool {
	if a.needs == nil {
		return true
	}
	for _, s := range a.needs {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// chromaAnalysers reads the registry's analysers once, in its order
// (chroma registers its lexers at init and never changes them after).
var chromaAnalysers = sync.OnceValue(func() []analyser {
	var out []analyser
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		a, ok := l.(chroma.Analyser)
		if !ok {
			continue
		}
		out = append(out, analyser{Analyser: a, lexer: l, needs: analyserNeeds(l.Config())})
	}
	return out
})

// goAnalyserNeeds are the literals that the analysers chroma writes in Go
// (lexers/*.go, v2.14.0; their expressions are not in the lexer's
// configuration) need, for those that read the whole text with an
// expression: dns's is `(?m)^@\s+IN\s+SOA\s+`.
var goAnalyserNeeds = map[string][]string{"dns": {"SOA"}}

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
