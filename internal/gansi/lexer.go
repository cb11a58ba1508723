package gansi

import (
	"path/filepath"
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
// longer than MaxLexerName names no lexer. A fence without a language
// (every block of a tutorial's list of commands, often) asks for "": the
// lexer the index found for it once.
func Lexer(name string) chroma.Lexer {
	if len(name) > MaxLexerName {
		return nil
	}
	ix := chromaIndex()
	if name == "" {
		return ix.unnamed
	}
	return ix.lexer(name)
}

// lexer is Lexer's look-up of name in ix, from the start.
func (ix *lexerIndex) lexer(name string) chroma.Lexer {
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
	var found [2]chroma.Lexer
	candidates := chroma.PrioritisedLexers(found[:0])
	if l := ix.match("filename." + name); l != nil {
		candidates = append(candidates, l)
	}
	if l := ix.match(name); l != nil {
		candidates = append(candidates, l)
	}
	switch len(candidates) {
	case 0:
		return nil
	case 1:
		return candidates[0] // sorted
	}
	// sort.Sort of two is an insertion sort: they swap when the second
	// is less (without making the slice an interface).
	if candidates.Less(1, 0) {
		return candidates[1]
	}
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

// ignoredEnds has the last byte of each of ignoredSuffixes: a name that
// ends otherwise ends with none of them.
var ignoredEnds = func() (ends [256]bool) {
	for _, suf := range ignoredSuffixes {
		ends[suf[len(suf)-1]] = true
	}
	return ends
}()

// lexerIndex is chroma's registry read once: its name and alias maps as
// Register fills them, and its file name patterns in its order, each
// with its literal start and end.
type lexerIndex struct {
	byName, byAlias map[string]chroma.Lexer
	filenames       patternSet // every lexer's Filenames, in order
	aliasFilenames  patternSet // and AliasFilenames
	// unnamed is the lexer for the empty name (none, in chroma v2):
	// looking it up asked both maps twice and the patterns twice, a
	// tenth of the lexing of a one-line untagged fence.
	unnamed chroma.Lexer
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
//
// Most patterns (469 of 542) are "*" and a literal tail ("*.go"): those
// are found by the name's end in tails instead, a byte at a time from
// the last, as far as some tail goes: a name matched 26 patterns ending
// in "d" one by one ("mermaid", twice: 1.2 µs), for a post of hundreds of
// charts shown as source.
type patternSet struct {
	all    []namePattern
	byLast [256][]int
	any    []int
	tails  tailTrie
}

func (s *patternSet) add(p namePattern) {
	i := len(s.all)
	s.all = append(s.all, p)
	if p.star {
		s.tails.add(p.tail, i)
		return
	}
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
	// star is whether the glob is "*" and its tail, most of them
	// ("*.go"), which a name matches when it ends with the tail and
	// the rest has no separator: told without filepath.Match.
	star bool
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
		p.star = strings.HasPrefix(glob, "*") && !strings.ContainsAny(glob[1:], `*?[]\`)
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
	ix.unnamed = ix.lexer("")
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
	if ignoredEnds[filename[len(filename)-1]] {
		for _, suf := range ignoredSuffixes {
			if strings.HasSuffix(filename, suf) {
				sufs = append(sufs, suf)
			}
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
	var hitsBuf [8]int
	hits := hitsBuf[:0]
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
		set.tails.each(filename, try)
		for _, suf := range sufs {
			set.tails.each(filename[:len(filename)-len(suf)], try)
		}
		if len(hits) == 0 {
			continue
		}
		// In chroma's order, once each (a pattern ending in a class is
		// listed under each of its bytes): sort.Sort of the matches is
		// not stable, so their order picks among lexers of one priority.
		if len(hits) == 1 {
			return set.all[hits[0]].lexer // sorted
		}
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
	if p.star {
		if starMatch(name, p.tail) {
			return true
		}
		for _, suf := range sufs {
			if rest, ok := strings.CutSuffix(name, suf); ok && starMatch(rest, p.tail) {
				return true
			}
		}
		return false
	}
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

// starMatch is filepath.Match("*"+tail, name) for a tail without
// wildcards, classes or escapes: "*" matches any run of bytes but the
// separator.
func starMatch(name, tail string) bool {
	rest, ok := strings.CutSuffix(name, tail)
	return ok && !strings.ContainsRune(rest, filepath.Separator)
}

// tailTrie holds the literal tails of file name patterns by their bytes
// from the last: each node is a tail's end, and lists the patterns of
// the tail that ends there (the root: those of the empty tail).
type tailTrie struct {
	root  [256]int32 // the node after the root for a last byte, 0 for none
	nodes []tailNode // nodes[0] is the root
}

type tailNode struct {
	next []tailEdge // the nodes for the byte before, after the root's
	pats []int
}

type tailEdge struct {
	b  byte
	to int32
}

// child is the node after n for the byte b before, 0 for none.
func (t *tailTrie) child(n int32, b byte) int32 {
	if n == 0 {
		return t.root[b]
	}
	for _, e := range t.nodes[n].next {
		if e.b == b {
			return e.to
		}
	}
	return 0
}

// add lists pattern i under tail.
func (t *tailTrie) add(tail string, i int) {
	if t.nodes == nil {
		t.nodes = []tailNode{{}}
	}
	n := int32(0)
	for k := len(tail) - 1; k >= 0; k-- {
		next := t.child(n, tail[k])
		if next == 0 {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, tailNode{})
			if n == 0 {
				t.root[tail[k]] = next
			} else {
				t.nodes[n].next = append(t.nodes[n].next, tailEdge{tail[k], next})
			}
		}
		n = next
	}
	t.nodes[n].pats = append(t.nodes[n].pats, i)
}

// each calls f with the patterns listed under each tail that name ends
// with.
func (t *tailTrie) each(name string, f func([]int)) {
	if t.nodes == nil {
		return
	}
	for n, k := int32(0), len(name); ; k-- {
		if pats := t.nodes[n].pats; len(pats) > 0 {
			f(pats)
		}
		if k == 0 {
			return
		}
		if n = t.child(n, name[k-1]); n == 0 {
			return
		}
	}
}

// recentLexers remembers Lexer's answers for the last few names asked in
// one render, or one piece's lexings: a post of many blocks of one
// language chroma knows by no name (charts labelled "mermaid", shown as
// source) looked the name up from the start for every block, twice.
// Few are kept, in a fixed array: a post of blocks each named otherwise
// (code-names) keeps nothing it would not use.
type recentLexers struct {
	names [4]string
	found [4]chroma.Lexer
	n     int // names kept
	next  int // the place the next name takes
}

// lexer is Lexer(name).
func (r *recentLexers) lexer(name string) chroma.Lexer {
	for i := range r.n {
		if r.names[i] == name {
			return r.found[i]
		}
	}
	l := Lexer(name)
	r.names[r.next], r.found[r.next] = name, l
	r.next = (r.next + 1) % len(r.names)
	if r.n < len(r.names) {
		r.n++
	}
	return l
}
