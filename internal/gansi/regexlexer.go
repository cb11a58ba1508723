package gansi

import (
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2"
	"github.com/dlclark/regexp2/syntax"
)

// Chroma's lexers of regular expressions (chroma.RegexLexer, v2.14.0
// regexp.go) try, at each position of the text, the rules of the state
// they are in, in order, until one matches: each rule's expression is
// anchored there (\G), and regexp2 runs an anchored expression without
// looking first at the character it would have to start with (which it
// does for an expression that is not anchored: see its findFirstChar).
// A keyword rule ran its whole matcher, a runner taken and a match
// object made, at every identifier, number and operator: lexing was
// most of the time of a post of code (16 KB of Go: 27 ms, prose of that
// size 1.5 ms), and a post of many small blocks of Go 17 times prose.
//
// prefiltered lexes as chroma's Iterator does, with the same rules,
// compiled the same way, asking a rule's expression only when the
// character at the position is one it may start with: the set regexp2
// itself works out for the expression (syntax.Code.FcPrefix, which it
// trusts to skip positions when the expression is not anchored), or,
// for an expression that starts with a literal, only when the text at
// the position starts with it (its Boyer-Moore prefix). Rules of a token
// type whose pattern is keywords (wordSet) or a run of classes of
// characters (classRun) are matched without their expression. The
// tokens are chroma's (TestPrefilteredIsChromas, on chroma's own test
// files for each of its lexers; TestKeywordWordsAreChromas).

// Prefiltered returns l lexing as described above when it is a lexer of
// regular expressions of chroma's kind, else l.
func Prefiltered(l chroma.Lexer) chroma.Lexer {
	if p, ok := prefilteredOf(l); ok {
		return p
	}
	return l
}

// prefilteredOf is Prefiltered(l) when that is a prefiltered lexer.
func prefilteredOf(l chroma.Lexer) (prefiltered, bool) {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok || rl.Config() == nil || rl.Config().Name == "Raku" {
		// Raku's mutators change its rules as it lexes: a lexer of
		// its own would not see what chroma's does.
		return prefiltered{}, false
	}
	if c := compiledFor(rl); c != nil {
		return prefiltered{RegexLexer: rl, c: c}, true
	}
	return prefiltered{}, false
}

type prefiltered struct {
	*chroma.RegexLexer
	c *compiledLexer
	// reuse, when not nil, lends its lexing's state (see Lexings).
	reuse *Lexings
}

// Lexings lends one lexing's state to the lexings of a caller's code
// blocks, lexed one after another (each to its end, or given up, before
// the next starts): the state, its text's runes, its map of groups and
// its slices are kept for the next. A post of 570 small code blocks
// made 570 lexings of 400 bytes and more. The zero value is ready.
type Lexings struct {
	l     *lexing
	names recentLexers
	// next is l.next, made once (a method value is an object).
	next chroma.Iterator
	// pf is the lexer Prefiltered last gave, co the state of the
	// iterator Coalesced's lexer last gave, with its method value, and
	// coal that lexer: a lexer and an iterator for each code block, of
	// a post of hundreds of small ones, were made anew for each
	// (interface values, closures, a coalescing): 250 bytes a block.
	pf     prefiltered
	co     coalescing
	coNext chroma.Iterator
	coal   lendingCoalescer
}

// Prefiltered is ls.Reusing(Prefiltered(l)), without making a value
// of the lexer: it is ls's own, until the next call.
func (ls *Lexings) Prefiltered(l chroma.Lexer) chroma.Lexer {
	p, ok := prefilteredOf(l)
	switch {
	case !ok:
		return l
	case ls == nil:
		return p
	}
	p.reuse = ls
	ls.pf = p
	return &ls.pf
}

// Coalesced is Coalesced(l) whose iterator's state is ls's, for one
// block at a time: the lexer and the state are ls's own, until the next
// call.
func (ls *Lexings) Coalesced(l chroma.Lexer) chroma.Lexer {
	if ls == nil || PlainText(l) {
		return Coalesced(l)
	}
	ls.coal = lendingCoalescer{Lexer: Prefiltered(l), ls: ls}
	return &ls.coal
}

// lendingCoalescer is a coalescer whose iterator's state is its
// Lexings' (see Lexings.Coalesced).
type lendingCoalescer struct {
	chroma.Lexer
	ls *Lexings
}

func (c *lendingCoalescer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	it, err := c.Lexer.Tokenise(options, text)
	if err != nil {
		return nil, err //nolint:wrapcheck // as chroma.Coalesce returns it
	}
	ls := c.ls
	ls.co = coalescing{it: it, text: text}
	if ls.coNext == nil {
		ls.coNext = ls.co.next
	}
	return ls.coNext, nil
}

// Lexer is gansi.Lexer(name), remembered for the next blocks lexed in
// ls (see recentLexers); a nil ls remembers nothing.
func (ls *Lexings) Lexer(name string) chroma.Lexer {
	if ls == nil {
		return Lexer(name)
	}
	return ls.names.lexer(name)
}

// Reusing returns l lexing in ls's state when it is a lexer Prefiltered
// gave, else l (and l when ls is nil).
func (ls *Lexings) Reusing(l chroma.Lexer) chroma.Lexer {
	if p, ok := l.(prefiltered); ok && ls != nil {
		p.reuse = ls
		return p
	}
	return l
}

// compiledLexer is a lexer's rules as chroma compiles them (maybeCompile:
// the same patterns, flags, timeout, and its mutators that change the
// rules applied), with the first characters of each rule.
type compiledLexer struct {
	rules chroma.CompiledRules
	// mutators is whether a rule has a mutator.
	mutators bool
	// first has, for each state, the first characters of each of its
	// rules, in order, and the rules each ASCII character may start.
	first map[string]*stateRules
}

// stateRules is the first characters of a state's rules (see
// firstChars), and for each ASCII character, the rules, in order, that
// may match where the text is at it: matchRules asks those alone, where
// it asked each rule of the state whether the character is one of its
// first (Go's root state has 31 rules, and a name or an operator may
// start 3 to 6 of them).
type stateRules struct {
	first []firstChars
	cands [utf8.RuneSelf][]uint16
	all   []uint16 // each rule, for a character that is not ASCII
}

// newStateRules is the stateRules of first.
func newStateRules(first []firstChars) *stateRules {
	sr := &stateRules{first: first, all: make([]uint16, len(first))}
	for i := range first {
		sr.all[i] = uint16(i)
	}
	for c := rune(0); c < utf8.RuneSelf; c++ {
		for i := range first {
			if first[i].may(c) {
				sr.cands[c] = append(sr.cands[c], uint16(i))
			}
		}
	}
	return sr
}

// firstChars is the characters a rule's match may start with: those of
// regexp2's prefix (nil: any), and which ASCII characters they are, read
// from it once (its set is ranges and Unicode categories, searched for
// each character).
type firstChars struct {
	prefix *syntax.Prefix
	ascii  [2]uint64
	// literal, when not nil, is the text every match starts with, for a
	// rule whose expression starts with one (and then has no prefix).
	literal *syntax.BmPrefix
	// words or run, when not nil, matches the rule without its
	// expression (see wordSet, classRun).
	words *wordSet
	run   *classRun
	alts  *literalAlts
	// then, seq and wordsThen, when not nil, tell positions the rule
	// cannot match at (see runThen, seqFilter, wordsThen).
	then      *runThen
	seq       *seqFilter
	wordsThen *wordsThen
	// exact, when not nil, matches the rule without its expression
	// where it can tell the match (see seqMatch).
	exact *seqMatch
	// groups, when byGroups, is the token type of each group of a rule
	// that emits its groups by type (see groupTypesOf).
	groups   []groupType
	byGroups bool
}

// groupType is the token type a ByGroups rule gives a group, if it
// gives it any (a nil emitter gives none), or whether the group is lexed
// again by the lexer itself (UsingSelf).
type groupType struct {
	t    chroma.TokenType
	emit bool
	self bool
}

// groupTypesOf is the type of each group of r when r's emitter is
// chroma's ByGroups of token types, nil emitters and UsingSelf: such a
// rule emits a token of each group's type and value, in order, leaving
// out the group of a nil emitter and a token that is chroma.EOF (an
// iterator of one token each, concatenated: chroma's byGroupsEmitter.Emit
// made five to eight objects a match), and the tokens of a UsingSelf
// group lexed by the lexer, which for an empty group are none (chroma's
// RegexLexer lexing nested text gives no token for no text; Go's rule of
// a function call, "([a-zA-Z_]\w*)(\s*)(\()", lexed the empty space
// before each "(" with a lexing of its own: a tenth of the lexing of
// Go). A match whose UsingSelf group is not empty is emitted by the rule's
// emitter, as is any rule of another emitter (ok false).
func groupTypesOf(r *chroma.CompiledRule) (types []groupType, ok bool) {
	k, isKind := r.Type.(interface{ EmitterKind() string })
	if !isKind || k.EmitterKind() != "bygroups" {
		return nil, false
	}
	v := reflect.ValueOf(r.Type)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	f := v.Elem().FieldByName("Emitters")
	if !f.IsValid() || !f.CanInterface() {
		return nil, false
	}
	ems, isEms := f.Interface().(chroma.Emitters)
	if !isEms {
		return nil, false
	}
	types = make([]groupType, len(ems))
	for i, e := range ems {
		switch t := e.(type) {
		case nil:
		case chroma.TokenType:
			types[i] = groupType{t: t, emit: true}
		case interface{ EmitterKind() string }:
			if t.EmitterKind() != "usingself" {
				return nil, false
			}
			types[i] = groupType{self: true}
		default:
			return nil, false
		}
	}
	return types, true
}

func newFirstChars(p *syntax.Prefix) firstChars {
	f := firstChars{prefix: p}
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if mayStart(p, c) {
			f.ascii[c/64] |= 1 << (c % 64)
		}
	}
	return f
}

// may reports whether a match may start with ch (see mayStart).
func (f *firstChars) may(ch rune) bool {
	if ch < utf8.RuneSelf && ch >= 0 {
		return f.ascii[ch/64]&(1<<(ch%64)) != 0
	}
	return mayStart(f.prefix, ch)
}

// compiled holds the lexers' rules compiled, once per lexer for the
// process: chroma's lexers are made at init and never change, and a
// lexer's rules are compiled once in chroma as well.
var compiled sync.Map // *chroma.RegexLexer -> *compiledLexer (nil: not prefiltered)

func compiledFor(rl *chroma.RegexLexer) *compiledLexer {
	if c, ok := compiled.Load(rl); ok {
		return c.(*compiledLexer)
	}
	c := compileLexer(rl)
	actual, _ := compiled.LoadOrStore(rl, c)
	return actual.(*compiledLexer)
}

// compileLexer compiles rl's rules as chroma's fetchRules and maybeCompile
// do, or returns nil when that fails (chroma reports it).
func compileLexer(rl *chroma.RegexLexer) *compiledLexer {
	raw, err := rl.Rules()
	if err != nil {
		return nil
	}
	cfg := rl.Config()
	flags := ""
	if !cfg.NotMultiline {
		flags += "m"
	}
	if cfg.CaseInsensitive {
		flags += "i"
	}
	if cfg.DotAll {
		flags += "s"
	}
	c := &compiledLexer{rules: chroma.CompiledRules{}, first: map[string]*stateRules{}}
	prefixes := map[*chroma.CompiledRule]*syntax.Prefix{}
	literals := map[*chroma.CompiledRule]*syntax.BmPrefix{}
	for state, rules := range raw {
		c.rules[state] = nil
		for _, rule := range rules {
			pattern := "(?:" + rule.Pattern + ")"
			if flags != "" {
				pattern = "(?" + flags + ")" + pattern
			}
			pattern = `\G` + pattern
			re, err := regexp2.Compile(pattern, 0)
			if err != nil {
				return nil
			}
			re.MatchTimeout = 250 * time.Millisecond
			cr := &chroma.CompiledRule{Rule: rule, Regexp: re}
			c.rules[state] = append(c.rules[state], cr)
			// regexp2 takes a conditional group of one branch,
			// "(?(cond)yes)", to consume input, so its first
			// characters would leave out what follows when the
			// condition fails ("(a)?(?(1)b)c" matches "c"): such a rule
			// is always tried.
			if strings.Contains(pattern, "(?(") {
				continue
			}
			if tree, err := syntax.Parse(pattern, 0); err == nil {
				if code, err := syntax.Write(tree); err == nil && code.FcPrefix != nil {
					prefixes[cr] = code.FcPrefix
				} else if err == nil && code.BmPrefix != nil && !code.RightToLeft {
					// A pattern that starts with a literal has no set of
					// first characters: its literal is asked instead
					// ("\\\n", "//", "0x": such a rule was tried at every
					// position).
					literals[cr] = code.BmPrefix
				}
			}
		}
	}
restart:
	seen := map[chroma.LexerMutator]bool{}
	for state := range c.rules {
		for i := 0; i < len(c.rules[state]); i++ {
			if m, ok := c.rules[state][i].Mutator.(chroma.LexerMutator); ok {
				if seen[m] {
					return nil
				}
				seen[m] = true
				if err := m.MutateLexer(c.rules, state, i); err != nil {
					return nil
				}
				goto restart
			}
		}
	}
	classes := map[string]*charClass{} // the lexer's, by class (see runOf)
	for state, rules := range c.rules {
		first := make([]firstChars, len(rules))
		for i, r := range rules {
			c.mutators = c.mutators || r.Mutator != nil
			first[i] = newFirstChars(prefixes[r])
			first[i].literal = literals[r]
			first[i].groups, first[i].byGroups = groupTypesOf(r)
			if !cfg.CaseInsensitive {
				first[i].words = wordsOf(r)
				first[i].run = runOf(r, flags, classes)
				first[i].alts = altsOf(r, flags, classes)
				first[i].then = runThenOf(r, flags, classes)
				if first[i].words == nil && first[i].run == nil && first[i].alts == nil {
					first[i].seq = seqOf(r.Pattern, flags, classes)
					first[i].wordsThen = wordsThenOf(r.Pattern, flags, classes)
					if first[i].exact = seqMatchOf(r.Pattern, flags, classes); first[i].exact != nil {
						first[i].seq = nil // the match tells it
					}
				}
			}
		}
		if len(first) > math.MaxUint16 {
			return nil
		}
		c.first[state] = newStateRules(first)
	}
	return c
}

// wordSet is a rule of a token type, without a mutator, whose pattern is
// a group of alternative words of ASCII letters, digits and "_" and a
// word boundary after it, "(break|default|func)\b", as chroma's Words
// writes keyword rules: at a position the rule matches the one of its
// words that is the whole run of word characters there (a shorter one
// is followed by a word character, which the boundary refuses; regexp2's
// word characters are the ASCII ones and non-ASCII letters, marks,
// digits, connectors and U+200C, U+200D). That is told by reading the
// run and looking it up, where regexp2 tried each alternative in turn,
// and made a match object of a match (a keyword rule of 40 words, tried
// at every identifier, was most of the time of lexing Go).
type wordSet struct {
	words   map[string]string // each word, to itself
	longest int
	// lengths has, for each first byte, bit n set when a word of n
	// bytes (under 64) starts with it: most runs of word characters
	// (names) are told apart without hashing them.
	lengths [128]uint64
}

// wordsPattern is the form of pattern a wordSet matches for.
var wordsPattern = regexp.MustCompile(`^\(([A-Za-z0-9_]+(?:\|[A-Za-z0-9_]+)*)\)\\b$`)

// maxWord bounds the words of a wordSet (see match).
const maxWord = 64

// wordsOf is the wordSet of rule r, or nil when r is not of that kind.
func wordsOf(r *chroma.CompiledRule) *wordSet {
	if _, ok := r.Type.(chroma.TokenType); !ok || r.Mutator != nil {
		return nil
	}
	m := wordsPattern.FindStringSubmatch(r.Pattern)
	if m == nil {
		return nil
	}
	ws := &wordSet{words: map[string]string{}}
	for _, w := range strings.Split(m[1], "|") {
		if len(w) > maxWord {
			return nil
		}
		ws.add(w)
	}
	return ws
}

// add adds w, a word of ASCII word characters, to ws.
func (ws *wordSet) add(w string) {
	ws.words[w] = w
	ws.longest = max(ws.longest, len(w))
	ws.lengths[w[0]] |= 1 << len(w)
}

// match returns the word of ws that matches at pos in text, if any.
func (ws *wordSet) match(text []rune, pos int) (string, bool) {
	var buf [maxWord]byte
	n := 0
	for pos+n < len(text) && n <= ws.longest {
		c := text[pos+n]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			break
		}
		if n < len(buf) {
			buf[n] = byte(c)
		}
		n++
	}
	if n == 0 || n > ws.longest {
		return "", false
	}
	if n < 64 && ws.lengths[buf[0]]&(1<<n) == 0 {
		return "", false // no word of its first byte and length
	}
	if end := pos + n; end < len(text) && text[end] >= utf8.RuneSelf && syntax.IsWordChar(text[end]) {
		return "", false // no boundary after any word
	}
	w, ok := ws.words[string(buf[:n])]
	return w, ok
}

// wordsThen is a rule whose pattern is alternative words and a word
// boundary, as wordSet's, then more: "(print|len|cap)\b(\()", chroma's
// Words with a suffix, which Go's lexer tries at every name (of 40
// words; a fifth of the rules regexp2 ran in a post of Go). The rule
// can match only where its words match (see wordSet.match), and the
// text after the word starts as the start of the rest of the pattern
// (see seqPrefix), when that has one. Where both may, regexp2 is asked.
type wordsThen struct {
	words *wordSet
	then  *seqFilter // nil: the rest tells nothing
}

// wordsThenPattern is the form of pattern a wordsThen is for.
var wordsThenPattern = regexp.MustCompile(`^\(([A-Za-z0-9_]+(?:\|[A-Za-z0-9_]+)*)\)\\b(.+)$`)

// wordsThenOf is the wordsThen of pattern, compiled with flags, or nil
// when it is not of that kind; classes holds the lexer's classes
// compiled so far.
func wordsThenOf(pattern, flags string, classes map[string]*charClass) *wordsThen {
	if strings.Contains(flags, "i") || topAlternatives(pattern) {
		return nil
	}
	m := wordsThenPattern.FindStringSubmatch(pattern)
	if m == nil {
		return nil
	}
	ws := &wordSet{words: map[string]string{}}
	for _, w := range strings.Split(m[1], "|") {
		if len(w) > maxWord {
			return nil
		}
		ws.add(w)
	}
	return &wordsThen{words: ws, then: seqPrefix(m[2], flags, classes)}
}

// may reports whether the rule may match at pos in text.
func (wt *wordsThen) may(text []rune, pos int) bool {
	w, ok := wt.words.match(text, pos)
	return ok && (wt.then == nil || wt.then.may(text, pos+len(w)))
}

// seqMatch is a rule whose pattern is a sequence of classes, as
// seqFilter's, whole, in groups or not (not nested, not repeated), and
// not lazy: "([a-zA-Z_]\w*)(\s*)(\()", a function's name and its
// parenthesis, "(`)([^`]*)(`)". Where its classes tell the match at
// once, it is matched without regexp2 (whose match object and groups,
// made anew at each match, were a fifth of the memory of a post of Go):
// a repeated or optional class takes each character it holds that no
// class that may come next holds, and stops at one it does not hold;
// that is the one way the sequence can go, so regexp2's backtracking
// finds that match and none other. Where a character is held by both
// (the match may go either way), regexp2 is asked.
type seqMatch struct {
	items []seqItem
	// next has, for each item, the items that may come right after it
	// (up to the next one that is not passed over).
	next [][]int
	// groups has, for each group in order, its items [from, to).
	groups [][2]int
}

// maxSeqGroups bounds the groups of a seqMatch (see groupNames).
const maxSeqGroups = 8

// groupNames are regexp2's names of groups by number.
var groupNames = [maxSeqGroups + 1]string{"0", "1", "2", "3", "4", "5", "6", "7", "8"}

// seqMatchOf is the seqMatch of pattern, compiled with flags, or nil when
// it is not of that kind; classes holds the lexer's classes compiled so
// far.
func seqMatchOf(pattern, flags string, classes map[string]*charClass) *seqMatch {
	if strings.Contains(flags, "i") || strings.ContainsAny(pattern, "|{") {
		return nil
	}
	sm := &seqMatch{}
	group := -1 // the group open, if any
	for p := pattern; p != ""; {
		switch {
		case p[0] == '(':
			if group >= 0 || strings.HasPrefix(p, "(?") || len(sm.groups) == maxSeqGroups {
				return nil
			}
			group, p = len(sm.groups), p[1:]
			sm.groups = append(sm.groups, [2]int{len(sm.items), len(sm.items)})
			continue
		case p[0] == ')':
			if group < 0 {
				return nil
			}
			sm.groups[group][1] = len(sm.items)
			group, p = -1, p[1:]
			if p != "" && strings.IndexByte("*+?", p[0]) >= 0 {
				return nil
			}
			continue
		}
		c, rest, ok := cutClass(p)
		if !ok {
			return nil
		}
		cc := classOf(classes, c, flags)
		if cc == nil {
			return nil
		}
		q := byte(0)
		if rest != "" && strings.IndexByte("*+?", rest[0]) >= 0 {
			q, rest = rest[0], rest[1:]
			if rest != "" && strings.IndexByte("*+?", rest[0]) >= 0 {
				return nil // lazy, or possessive
			}
		}
		switch q {
		case 0:
			sm.items = append(sm.items, seqItem{class: cc})
		case '?':
			sm.items = append(sm.items, seqItem{class: cc, opt: true})
		case '*':
			sm.items = append(sm.items, seqItem{class: cc, star: true})
		case '+':
			sm.items = append(sm.items, seqItem{class: cc}, seqItem{class: cc, star: true})
		}
		p = rest
	}
	if group >= 0 || len(sm.items) == 0 || len(sm.items) > maxSeq {
		return nil
	}
	sm.next = make([][]int, len(sm.items))
	for i := range sm.items {
		for k := i + 1; k < len(sm.items); k++ {
			sm.next[i] = append(sm.next[i], k)
			if !sm.items[k].star && !sm.items[k].opt {
				break
			}
		}
	}
	return sm
}

// match matches sm at pos in text: ok, and the end of the match, when
// sure; each item's end in *bounds. Not sure: a character that the
// item at it and one that may come next both hold.
func (sm *seqMatch) match(text []rune, pos int, bounds *[]int) (end int, ok, sure bool) {
	b := (*bounds)[:0]
	for i := range sm.items {
		it := &sm.items[i]
		if !it.star && !it.opt {
			if pos >= len(text) || !it.class.has(text[pos]) {
				*bounds = b
				return 0, false, true
			}
			pos++
			b = append(b, pos)
			continue
		}
		for pos < len(text) && it.class.has(text[pos]) {
			for _, k := range sm.next[i] {
				if sm.items[k].class.has(text[pos]) {
					*bounds = b
					return 0, false, false
				}
			}
			pos++
			if it.opt {
				break
			}
		}
		b = append(b, pos)
	}
	*bounds = b
	return pos, true, true
}

// defaultTokenise is chroma's default options (lexer.go defaultOptions).
var defaultTokenise = chroma.TokeniseOptions{State: "root", EnsureLF: true}

func (p prefiltered) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options == nil {
		options = &defaultTokenise
	}
	if options.EnsureLF && strings.IndexByte(text, '\r') >= 0 {
		text = ensureLF(text) // a copy, made only when it changes the text
	}
	newlineAdded := false
	if !options.Nested && p.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		newlineAdded = true
	}
	var s *lexing
	var runes []rune
	if p.reuse != nil && p.reuse.l != nil {
		// The runes as []rune(text) makes them, in the last lexing's.
		s, runes = p.reuse.l, p.reuse.l.Text[:0]
		for _, r := range text {
			runes = append(runes, r)
		}
	} else {
		s, runes = &lexing{}, []rune(text)
		if p.reuse != nil {
			p.reuse.l = s
		}
	}
	*s = lexing{
		c:            p.c,
		initial:      options.State,
		newlineAdded: newlineAdded,
		src:          text,
		valid:        utf8.ValidString(text),
		LexerState: chroma.LexerState{
			Registry: lexers.GlobalLexerRegistry,
			Lexer:    p.RegexLexer,
			Text:     runes,
			Rules:    p.c.rules,
		},
		named:         s.named,
		bounds:        s.bounds[:0],
		pending:       s.pending[:0],
		iteratorStack: s.iteratorStack[:0],
	}
	// The stack starts in the lexing's own array, and the mutators'
	// context is made only for a lexer that has mutators (chroma's
	// LexerState.Set and Get read it): a block of a few tokens is lexed
	// with fewer allocations (a post of many small blocks).
	s.Stack = append(s.stack[:0], options.State)
	if p.c.mutators {
		s.MutatorContext = map[any]any{}
	}
	if p.reuse != nil {
		// The lent lexing is the same from one block to the next, and
		// so is its method value.
		if p.reuse.next == nil {
			p.reuse.next = s.next
		}
		return p.reuse.next, nil
	}
	return s.next, nil
}

// lexing is the state of a prefiltered lexer's iterator: chroma's
// LexerState, and what its unexported fields hold.
type lexing struct {
	chroma.LexerState
	c             *compiledLexer
	initial       string
	newlineAdded  bool
	iteratorStack []chroma.Iterator
	// named is the map of the groups of the last match (see matchRules).
	named map[string]string
	// one holds the one group of the last match of a rule that emits a
	// token type, whose token is made from it at once (see matchRules).
	one [1]string
	// stack is where the state stack starts.
	stack [4]string
	// src is the text lexed, and valid whether it is valid UTF-8: then
	// a run of its runes is a slice of it (see cut). runeAt and byteAt
	// are where cut last was: the byte of src that rune is at.
	src            string
	valid          bool
	runeAt, byteAt int
	// bounds is where the items of the last seqMatch ended.
	bounds []int
	// pending holds the tokens of the last match of a ByGroups rule of
	// token types, to give from pendingAt (see groupTypesOf).
	pending   []chroma.Token
	pendingAt int
}

// groupsOwn reports whether the groups of the last match of a rule of
// types are made into tokens here: its UsingSelf groups are empty (and
// there is a lexer to lex them, a RegexLexer, which would give none).
func (l *lexing) groupsOwn(types []groupType) bool {
	for k, g := range types {
		if g.self {
			if l.Lexer == nil || l.Groups[k+1] != "" {
				return false
			}
		}
	}
	return true
}

// nextPending returns the next pending token, if any.
func (l *lexing) nextPending() (chroma.Token, bool) {
	if l.pendingAt < len(l.pending) {
		l.pendingAt++
		return l.pending[l.pendingAt-1], true
	}
	return chroma.Token{}, false
}

// seqGroups returns what matchRule returns for rule i, rule, matched
// by sm to end (see seqMatch), its items' ends in l.bounds: the match
// and its groups, each numbered by its name, as regexp2 gives them.
func (l *lexing) seqGroups(i int, rule *chroma.CompiledRule, sm *seqMatch, end int) (int, *chroma.CompiledRule, []string, map[string]string) {
	whole := l.cut(l.Pos, end)
	if _, ok := rule.Type.(chroma.TokenType); ok && rule.Mutator == nil {
		l.one[0] = whole // as matchRule
		return i, rule, l.one[:], nil
	}
	if l.named == nil {
		l.named = make(map[string]string, len(sm.groups)+1)
	}
	clear(l.named)
	groups := make([]string, 0, len(sm.groups)+1)
	groups = append(groups, whole)
	l.named["0"] = whole
	for g, span := range sm.groups {
		v := "" // a group of no items
		if span[1] > span[0] {
			start := l.Pos
			if span[0] > 0 {
				start = l.bounds[span[0]-1]
			}
			v = l.cut(start, l.bounds[span[1]-1])
		}
		groups = append(groups, v)
		l.named[groupNames[g+1]] = v
	}
	return i, rule, groups, l.named
}

// cut is the runes a to b of the text as a string: a slice of the text
// lexed when it is valid UTF-8, which is what the runes make, else the
// runes made a string. Each token's value was a string made of runes, an
// allocation a token (a line of 16 KB of "x+": 16,000 of them).
func (l *lexing) cut(a, b int) string {
	if !l.valid {
		return string(l.Text[a:b])
	}
	if len(l.src) == len(l.Text) {
		return l.src[a:b] // ASCII: a rune a byte
	}
	start := l.byteOf(a)
	return l.src[start:l.byteOf(b)]
}

// byteOf is the byte of src that rune i of the text starts at, found
// from where cut was last: tokens come in order, so each is walked over
// about once.
func (l *lexing) byteOf(i int) int {
	for l.runeAt < i {
		l.byteAt += utf8.RuneLen(l.Text[l.runeAt])
		l.runeAt++
	}
	for l.runeAt > i {
		l.runeAt--
		l.byteAt -= utf8.RuneLen(l.Text[l.runeAt])
	}
	return l.byteAt
}

// next is chroma's LexerState.Iterator, with matchRules asking only the
// rules that may match at the position (see mayStart).
func (l *lexing) next() chroma.Token {
	end := len(l.Text)
	if l.newlineAdded {
		end--
	}
	for l.Pos < end && len(l.Stack) > 0 {
		if t, ok := l.nextPending(); ok {
			return t // pending only while the stack of iterators is empty
		}
		for len(l.iteratorStack) > 0 {
			n := len(l.iteratorStack) - 1
			t := l.iteratorStack[n]()
			if t == chroma.EOF {
				l.iteratorStack = l.iteratorStack[:n]
				continue
			}
			return t
		}
		l.State = l.Stack[len(l.Stack)-1]
		selected, ok := l.Rules[l.State]
		if !ok {
			panic("unknown state " + l.State)
		}
		sr := l.c.first[l.State]
		ruleIndex, rule, groups, namedGroups := l.matchRules(selected, sr)
		if groups == nil {
			if l.Text[l.Pos] == '\n' && l.State != l.initial {
				l.Stack = []string{l.initial}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: l.cut(l.Pos-1, l.Pos)}
		}
		l.Rule = ruleIndex
		l.Groups = groups
		l.NamedGroups = namedGroups
		l.Pos += utf8.RuneCountInString(groups[0])
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(&l.LexerState); err != nil {
				panic(err)
			}
		}
		if tt, ok := rule.Type.(chroma.TokenType); ok {
			// TokenType.Emit's iterator of one token, given at once:
			// the stack of iterators is empty here (emptied above).
			if tok := (chroma.Token{Type: tt, Value: l.Groups[0]}); tok != chroma.EOF {
				return tok
			}
			continue
		}
		if fc := &sr.first[ruleIndex]; fc.byGroups && len(fc.groups) == len(l.Groups)-1 && l.groupsOwn(fc.groups) {
			// byGroupsEmitter.Emit's tokens, without its iterators.
			l.pending, l.pendingAt = l.pending[:0], 0
			for k, g := range fc.groups {
				if tok := (chroma.Token{Type: g.t, Value: l.Groups[k+1]}); g.emit && tok != chroma.EOF {
					l.pending = append(l.pending, tok)
				}
			}
			continue
		}
		if rule.Type != nil {
			l.iteratorStack = append(l.iteratorStack, rule.Type.Emit(l.Groups, &l.LexerState))
		}
	}
	if t, ok := l.nextPending(); ok {
		return t
	}
	for len(l.iteratorStack) > 0 {
		n := len(l.iteratorStack) - 1
		t := l.iteratorStack[n]()
		if t == chroma.EOF {
			l.iteratorStack = l.iteratorStack[:n]
			continue
		}
		return t
	}
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		value := l.cut(l.Pos, len(l.Text))
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: value}
	}
	return chroma.EOF
}

// matchRules is chroma's matchRules, skipping a rule whose expression
// cannot start with the character at the position.
// sr has the rules' first characters (see compiledLexer).
func (l *lexing) matchRules(rules []*chroma.CompiledRule, sr *stateRules) (int, *chroma.CompiledRule, []string, map[string]string) {
	if sr == nil || len(sr.first) != len(rules) {
		return l.matchAll(rules)
	}
	first := sr.first
	ch := l.Text[l.Pos]
	order := sr.all
	if ch >= 0 && ch < utf8.RuneSelf {
		order = sr.cands[ch]
	}
	for _, k := range order {
		i, rule := int(k), rules[k]
		if !first[i].may(ch) {
			continue
		}
		if first[i].literal != nil && !first[i].literal.IsMatch(l.Text, l.Pos, 0, len(l.Text)) {
			continue
		}
		if first[i].then != nil && !first[i].then.may(l.Text, l.Pos) {
			continue
		}
		if first[i].seq != nil && !first[i].seq.may(l.Text, l.Pos) {
			continue
		}
		if first[i].wordsThen != nil && !first[i].wordsThen.may(l.Text, l.Pos) {
			continue
		}
		if first[i].exact != nil {
			end, ok, sure := first[i].exact.match(l.Text, l.Pos, &l.bounds)
			if sure && !ok {
				continue
			}
			if sure {
				return l.seqGroups(i, rule, first[i].exact, end)
			}
		}
		if first[i].run != nil || first[i].alts != nil {
			var n int
			if first[i].run != nil {
				n = first[i].run.match(l.Text, l.Pos)
			} else {
				n = first[i].alts.match(l.Text, l.Pos)
			}
			if n == 0 {
				continue
			}
			// As below for a rule of a token type (see classRun).
			l.one[0] = l.cut(l.Pos, l.Pos+n)
			return i, rule, l.one[:], nil
		}
		if first[i].words != nil {
			w, ok := first[i].words.match(l.Text, l.Pos)
			if !ok {
				continue
			}
			// As below for a rule of a token type: its groups are the
			// match and the word (the one group), which nothing reads.
			l.one[0] = w
			return i, rule, l.one[:], nil
		}
		if i, rule, groups, named, ok := l.matchRule(i, rule); ok {
			return i, rule, groups, named
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// matchAll is chroma's matchRules, asking each rule's expression.
func (l *lexing) matchAll(rules []*chroma.CompiledRule) (int, *chroma.CompiledRule, []string, map[string]string) {
	for i, rule := range rules {
		if i, rule, groups, named, ok := l.matchRule(i, rule); ok {
			return i, rule, groups, named
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// matchRule asks rule i, rule, whether it matches at the position, with
// its expression.
func (l *lexing) matchRule(i int, rule *chroma.CompiledRule) (int, *chroma.CompiledRule, []string, map[string]string, bool) {
	match, err := rule.Regexp.FindRunesMatchStartingAt(l.Text, l.Pos)
	if match == nil || err != nil || match.Index != l.Pos {
		return 0, nil, nil, nil, false
	}
	if _, ok := rule.Type.(chroma.TokenType); ok && rule.Mutator == nil {
		// A rule of a token type and no mutator makes its token of the
		// match's own group before the next match (see next), and
		// nothing reads its other groups, nor their map by name
		// (LexerState.NamedGroups, for emitters and mutators): the group
		// is kept in one, not in a slice of its own, and the other
		// groups and the map are not made (a slice a token and the
		// groups' strings: a fifth of the allocations of lexing). An
		// emitter may keep its groups for later.
		l.one[0] = l.cut(match.Index, match.Index+match.Length)
		return i, rule, l.one[:], nil, true
	}
	// One map for the matches of a lexing, not one each (a token each):
	// the emitters and mutators that read it do so as the match is
	// emitted, before the next match.
	if l.named == nil {
		l.named = make(map[string]string, match.GroupCount())
	}
	clear(l.named)
	if match.GroupCount() == 1 {
		// Groups would be the match's own group alone, in a slice made
		// for it.
		v := l.cut(match.Index, match.Index+match.Length)
		l.named[match.Name] = v
		return i, rule, []string{v}, l.named, true
	}
	all := match.Groups()
	groups := make([]string, 0, len(all))
	for _, g := range all {
		v := l.cut(g.Index, g.Index+g.Length) // once, not twice
		l.named[g.Name] = v
		groups = append(groups, v)
	}
	return i, rule, groups, l.named, true
}

// mayStart reports whether a match may start with ch, as regexp2's
// findFirstChar tells it from the expression's first characters (nil:
// any), the character lowered for an expression that ignores case.
func mayStart(first *syntax.Prefix, ch rune) bool {
	if first == nil {
		return true
	}
	if first.CaseInsensitive {
		ch = unicode.ToLower(ch)
	}
	return first.PrefixSet.CharIn(ch)
}

// classRun is a rule of a token type, without a mutator, whose pattern
// is a class of characters, or two, the second repeated (`\s+`,
// `[a-zA-Z_]\w*`, `[{}();,]`, `\n`): its match is a character of the
// first class and the longest run after it of the second (none when the
// pattern is one class alone; "+" repeats the one class), which has
// nothing to go back over. It is read off the text where regexp2 ran the
// expression and made a match object (`\s+`, punctuation and names were
// half the time of lexing Go). The classes are regexp2's own, each
// compiled alone with the lexer's flags (see charClass), so a class
// means what it means to regexp2.
type classRun struct {
	first, rest *charClass
	loop        bool // whether rest repeats after first (else the match is first alone)
}

// charClass is a class of characters as regexp2 reads it: the class
// alone compiled with the lexer's flags, asked once for each ASCII
// character and then for each other character met.
type charClass struct {
	re    *regexp2.Regexp
	ascii [2]uint64
	// first, when not nil, is the class instead of re: the characters
	// an expression may start with (see firstClass).
	first *syntax.Prefix
}

// firstClass is the class of the characters a match of group, a group
// of alternatives compiled with flags, may start with, as regexp2 works
// them out (syntax.Code.FcPrefix), or nil when it has none (it may
// match nothing, or starts with a literal).
func firstClass(group, flags string) *charClass {
	pattern := group
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	tree, err := syntax.Parse(pattern, 0)
	if err != nil {
		return nil
	}
	code, err := syntax.Write(tree)
	if err != nil || code.FcPrefix == nil || code.RightToLeft {
		return nil
	}
	c := &charClass{first: code.FcPrefix}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if mayStart(c.first, r) {
			c.ascii[r/64] |= 1 << (r % 64)
		}
	}
	return c
}

// newCharClass compiles class, or returns nil when regexp2 does not, or
// when the class ignores case (its characters would depend on the
// culture regexp2 lowers them in).
// classOf is the class of classes (the lexer's, compiled so far) for
// class with flags, compiled and kept there at its first use (nil, kept
// too, when it cannot be).
func classOf(classes map[string]*charClass, class, flags string) *charClass {
	cc, ok := classes[class]
	if !ok {
		cc = newCharClass(class, flags)
		classes[class] = cc
	}
	return cc
}

func newCharClass(class, flags string) *charClass {
	if strings.Contains(flags, "i") {
		return nil
	}
	pattern := `\A(?:` + class + `)\z`
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := regexp2.Compile(pattern, 0)
	if err != nil {
		return nil
	}
	c := &charClass{re: re}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if ok, err := re.MatchRunes([]rune{r}); err == nil && ok {
			c.ascii[r/64] |= 1 << (r % 64)
		}
	}
	return c
}

// has reports whether r is in the class.
func (c *charClass) has(r rune) bool {
	if r >= 0 && r < utf8.RuneSelf {
		return c.ascii[r/64]&(1<<(r%64)) != 0
	}
	if c.first != nil {
		return mayStart(c.first, r)
	}
	ok, err := c.re.MatchRunes([]rune{r})
	return err == nil && ok
}

// runOf is the classRun of rule r, compiled with flags, or nil when r is
// not of that kind; classes holds the lexer's classes compiled so far.
func runOf(r *chroma.CompiledRule, flags string, classes map[string]*charClass) *classRun {
	class := func(c string) *charClass {
		cc := classOf(classes, c, flags)
		return cc
	}
	if _, ok := r.Type.(chroma.TokenType); !ok || r.Mutator != nil {
		return nil
	}
	p := r.Pattern
	c1, rest, ok := cutClass(p)
	if !ok {
		return nil
	}
	cr := &classRun{}
	var c2 string
	switch {
	case rest == "":
	case rest == "+":
		c2, cr.loop = c1, true
	default:
		var after string
		if c2, after, ok = cutClass(rest); !ok || after != "*" {
			return nil
		}
		cr.loop = true
	}
	if cr.first = class(c1); cr.first == nil {
		return nil
	}
	if cr.loop {
		if cr.rest = class(c2); cr.rest == nil {
			return nil
		}
	}
	return cr
}

// cutClass cuts from the start of p one class of characters: an escape
// of a class (`\s`, `\w`, `\d` and their negations), an escaped
// punctuation character or `\n`, a plain character that is not special,
// or a bracket expression without nested brackets or subtraction; ok is
// false for anything else.
func cutClass(p string) (class, rest string, ok bool) {
	if p == "" {
		return "", "", false
	}
	switch c := p[0]; {
	case c == '\\':
		if len(p) < 2 {
			return "", "", false
		}
		switch e := p[1]; {
		case strings.IndexByte("sSwWdDnt", e) >= 0, strings.IndexByte(`\.*+?()[]{}|^$/-#"'`, e) >= 0:
			return p[:2], p[2:], true
		}
		return "", "", false
	case c == '[':
		i := 1
		if i < len(p) && p[i] == '^' {
			i++
		}
		if i < len(p) && p[i] == ']' {
			return "", "", false // "[]...]": a bracket as the first member
		}
		for ; i < len(p); i++ {
			switch p[i] {
			case '\\':
				i++
			case '[':
				return "", "", false // nested, subtraction, POSIX names
			case ']':
				return p[:i+1], p[i+1:], true
			}
		}
		return "", "", false
	case c < utf8.RuneSelf && strings.IndexByte(`.*+?()[]{}|^$#`, c) < 0 && c > ' ':
		return p[:1], p[1:], true
	}
	return "", "", false
}

// match returns the length of the run's match at pos in text (0: none).
func (c *classRun) match(text []rune, pos int) int {
	if pos >= len(text) || !c.first.has(text[pos]) {
		return 0
	}
	n := 1
	if c.loop {
		for pos+n < len(text) && c.rest.has(text[pos+n]) {
			n++
		}
	}
	return n
}

// literalAlts is a rule of a token type, without a mutator, whose
// pattern is a group of alternatives each a literal text, a class of
// characters, or a class and a repeated class after it (as chroma
// writes operator rules, "(<<=|>>=|<<|:=|[+\-*/%&])", and integers,
// "(0|[1-9][0-9_]*)"): regexp2 takes the first alternative, in order,
// that matches at the position, and nothing after the group can send it
// back to another (nor a repeated class back over its run), so the match
// is the first alternative whose text the position starts with (or
// whose class holds its character, and the run after it).
type literalAlts struct {
	alts []literalAlt
	// byFirst has, for each ASCII character, the alternatives, in
	// order, that may start with it (Go's operators are 24, and "+"
	// starts 3 of them).
	byFirst [utf8.RuneSelf][]uint8
}

// literalAlt is an alternative: its text, or its class when not nil,
// and then the class repeated after it when loop is not nil.
type literalAlt struct {
	text        []rune
	class, loop *charClass
}

// altsOf is the literalAlts of rule r, compiled with flags, or nil when
// r is not of that kind; classes holds the lexer's classes compiled so
// far.
func altsOf(r *chroma.CompiledRule, flags string, classes map[string]*charClass) *literalAlts {
	if _, ok := r.Type.(chroma.TokenType); !ok || r.Mutator != nil || strings.Contains(flags, "i") {
		return nil
	}
	p := r.Pattern
	if len(p) < 3 || p[0] != '(' || p[1] == '?' || p[len(p)-1] != ')' {
		return nil
	}
	p = p[1 : len(p)-1]
	la := &literalAlts{}
	for {
		var alt literalAlt
		if strings.HasPrefix(p, "[") {
			class, rest, ok := cutClass(p)
			if !ok {
				return nil
			}
			cc := classOf(classes, class, flags)
			if cc == nil {
				return nil
			}
			alt.class, p = cc, rest
			// A class and a repeated class after it ("[1-9][0-9_]*"):
			// the longest run, as in classRun.
			if strings.HasPrefix(p, "[") || strings.HasPrefix(p, `\`) {
				loop, after, ok := cutClass(p)
				if !ok || !strings.HasPrefix(after, "*") {
					return nil
				}
				lc := classOf(classes, loop, flags)
				if lc == nil {
					return nil
				}
				alt.loop, p = lc, after[1:]
			}
		} else {
			for p != "" && p[0] != '|' {
				c, size := utf8.DecodeRuneInString(p)
				switch {
				case c == '\\' && len(p) > 1 && p[1] == 'n':
					c, size = '\n', 2
				case c == '\\' && len(p) > 1 && p[1] == 't':
					c, size = '\t', 2
				case c == '\\' && len(p) > 1 && strings.IndexByte(`\.*+?()[]{}|^$/-#"'&~!<>=:;,%@`, p[1]) >= 0:
					c, size = rune(p[1]), 2
				case c == '\\' || c == utf8.RuneError || strings.ContainsRune(`.*+?()[]{}^$#`, c) || c <= ' ':
					return nil
				}
				alt.text = append(alt.text, c)
				p = p[size:]
			}
			if len(alt.text) == 0 {
				return nil
			}
		}
		la.alts = append(la.alts, alt)
		if p == "" {
			break
		}
		if p[0] != '|' {
			return nil
		}
		p = p[1:]
	}
	if len(la.alts) < 2 {
		return nil // a literal alone: its prefix, or a class run, tells it
	}
	if len(la.alts) > math.MaxUint8 {
		return nil
	}
	for c := rune(0); c < utf8.RuneSelf; c++ {
		for i, a := range la.alts {
			if a.class != nil && a.class.has(c) || a.class == nil && a.text[0] == c {
				la.byFirst[c] = append(la.byFirst[c], uint8(i))
			}
		}
	}
	return la
}

// match returns the length of the match at pos in text (0: none).
func (la *literalAlts) match(text []rune, pos int) int {
	if pos < len(text) && text[pos] >= 0 && text[pos] < utf8.RuneSelf {
		for _, i := range la.byFirst[text[pos]] {
			if n := la.alts[i].match(text, pos); n > 0 {
				return n
			}
		}
		return 0
	}
	for _, a := range la.alts {
		if n := a.match(text, pos); n > 0 {
			return n
		}
	}
	return 0
}

// match returns the length of a's match at pos in text (0: none).
func (a *literalAlt) match(text []rune, pos int) int {
	if a.class != nil {
		if pos < len(text) && a.class.has(text[pos]) {
			n := 1
			for a.loop != nil && pos+n < len(text) && a.loop.has(text[pos+n]) {
				n++
			}
			return n
		}
		return 0
	}
	if len(text)-pos >= len(a.text) && slices.Equal(text[pos:pos+len(a.text)], a.text) {
		return len(a.text)
	}
	return 0
}

// runThen is a rule whose pattern starts with a repeated class C and
// then a class D of ASCII characters none of which C holds ("\\d+i",
// "\\d+[Ee][-+]\\d+i", "\\d+\\.\\d*": chroma's rules of numbers, tried in
// turn at every number, and failing at most): a match's run of C is the
// whole run of C at the position (a shorter one is followed by a
// character of C, which D does not hold), so the character after that
// run must be of D. Where it is not, the rule cannot match and is not
// asked; where it is, regexp2 is.
type runThen struct {
	run, then *charClass
}

// runThenOf is the runThen of rule r, compiled with flags, or nil when r
// is not of that kind; classes holds the lexer's classes compiled so far.
func runThenOf(r *chroma.CompiledRule, flags string, classes map[string]*charClass) *runThen {
	// No alternative at the top (nor anywhere: a pattern with "|" is
	// left alone), and D not made optional or repeatable from zero.
	if strings.Contains(flags, "i") || strings.ContainsAny(r.Pattern, "|") {
		return nil
	}
	c1, rest, ok := cutClass(r.Pattern)
	if !ok || !strings.HasPrefix(rest, "+") {
		return nil
	}
	c2, after, ok := cutClass(rest[1:])
	if !ok || !asciiClass(c2) || after != "" && strings.IndexByte("?*{", after[0]) >= 0 {
		return nil
	}
	class := func(c string) *charClass {
		cc := classOf(classes, c, flags)
		return cc
	}
	rt := &runThen{run: class(c1), then: class(c2)}
	if rt.run == nil || rt.then == nil {
		return nil
	}
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if rt.then.has(c) && rt.run.has(c) {
			return nil
		}
	}
	return rt
}

// asciiClass reports whether class, as cutClass cuts it, holds ASCII
// characters only: a plain or escaped punctuation character, or a
// bracket expression, not negated, of plain ASCII characters, ranges and
// escaped punctuation.
func asciiClass(class string) bool {
	if class[0] != '[' {
		return class[0] != '\\' || strings.IndexByte(`\.*+?()[]{}|^$/-#"'`, class[1]) >= 0
	}
	body := class[1 : len(class)-1]
	if body == "" || body[0] == '^' {
		return false
	}
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c == '\\':
			if i+1 >= len(body) || strings.IndexByte(`\.*+?()[]{}|^$/-#"'`, body[i+1]) < 0 {
				return false
			}
			i++
		case c >= utf8.RuneSelf:
			return false
		}
	}
	return true
}

// may reports whether the rule may match at pos in text.
func (rt *runThen) may(text []rune, pos int) bool {
	n := 0
	for pos+n < len(text) && rt.run.has(text[pos+n]) {
		n++
	}
	return n > 0 && pos+n < len(text) && rt.then.has(text[pos+n])
}

// seqFilter is the start of a rule's pattern that is a sequence of
// classes of characters, each once, optional ("?"), repeated ("+") or
// repeated from none ("*"), lazily or not, in groups or not: every match
// of the pattern starts with a match of it. "([a-zA-Z_]\w*)(\s*)(\()", a
// function's name and its parenthesis, which chroma's lexers of C-like
// languages try at every name (in Go the one rule regexp2 ran at a name:
// a line of 16 KB of "x+" ran it 8,000 times), is all such a sequence;
// "\.\d+([Ee][-+]\d+)?i" starts with one, "\.\d+". Whether the
// sequence matches at a position is told by following the text through
// its classes (an automaton: the set of classes the text may be at, one
// character at a time) until it passes the last class, or no class is
// left; regexp2, whose backtracking tries every way a pattern may go,
// finds no match where it cannot. Where the rule cannot match it is not
// asked; where it can, regexp2 is, for the match and its groups.
type seqFilter struct {
	items []seqItem
}

// seqItem is a class of a seqFilter's sequence: once, or repeated from
// none (star), or optional.
type seqItem struct {
	class     *charClass
	star, opt bool
}

// maxSeq bounds the classes of a seqFilter (its sets are bits of a
// word).
const maxSeq = 62

// seqOf is the seqFilter of a rule's pattern, compiled with flags, or
// nil when its pattern does not start with a sequence of classes that
// tells more than its first character does (a class, then classes that
// may all be passed over); classes holds the lexer's classes compiled so
// far.
func seqOf(pattern, flags string, classes map[string]*charClass) *seqFilter {
	sf := seqPrefix(pattern, flags, classes)
	if sf == nil {
		return nil
	}
	for _, it := range sf.items[1:] {
		if !it.star && !it.opt {
			return sf
		}
	}
	return nil
}

// seqPrefix is the longest start of pattern, compiled with flags, that
// is a sequence of classes every match of pattern starts with a match of
// (see seqFilter), or nil when there is none: read up to what it does
// not know (an alternative, a class repeated by count, an anchor, a
// look-around...), leaving out the groups still open there (which may
// be alternatives, or repeated), and the last group closed when it is
// repeated or optional. A pattern that is alternatives at its top has
// none. A pattern that ignores case has none (its classes would depend
// on the culture regexp2 lowers characters in).
func seqPrefix(pattern, flags string, classes map[string]*charClass) *seqFilter {
	if strings.Contains(flags, "i") || topAlternatives(pattern) {
		return nil
	}
	class := func(c string) *charClass {
		cc := classOf(classes, c, flags)
		return cc
	}
	var items []seqItem
	var open []int // the items before each group still open
	p := pattern
read:
	for p != "" {
		if p[0] == '(' && !strings.HasPrefix(p, "(?") || strings.HasPrefix(p, "(?:") {
			// A group of alternatives, once or more: its first
			// character is one a match of it may start with, and
			// nothing after it is read.
			if end := groupEnd(p); end > 0 {
				body := p[1:end]
				if strings.HasPrefix(p, "(?:") {
					body = p[3:end]
				}
				after := p[end+1:]
				if topAlternatives(body) {
					if after != "" && strings.IndexByte("*?{", after[0]) >= 0 {
						break read // may be passed over
					}
					if fc := firstClass("(?:"+body+")", flags); fc != nil {
						items = append(items, seqItem{class: fc})
					}
					break read
				}
			}
		}
		switch {
		case strings.HasPrefix(p, "(?:"):
			open, p = append(open, len(items)), p[3:]
			continue
		case strings.HasPrefix(p, "(?"):
			break read // named, look-around, options, conditions
		case p[0] == '(':
			open, p = append(open, len(items)), p[1:]
			continue
		case p[0] == ')':
			if len(open) == 0 {
				break read
			}
			start := open[len(open)-1]
			open, p = open[:len(open)-1], p[1:]
			if p != "" && strings.IndexByte("*+?{", p[0]) >= 0 {
				items = items[:start] // a group repeated or optional
				break read
			}
			continue
		}
		c, rest, ok := cutClass(p)
		if !ok {
			break
		}
		cc := class(c)
		if cc == nil {
			break
		}
		q := byte(0)
		if rest != "" && strings.IndexByte("*+?", rest[0]) >= 0 {
			q, rest = rest[0], rest[1:]
			if strings.HasPrefix(rest, "?") {
				rest = rest[1:] // lazy: the same matches, tried in another order
			}
		}
		if strings.HasPrefix(rest, "{") {
			break
		}
		switch q {
		case 0:
			items = append(items, seqItem{class: cc})
		case '?':
			items = append(items, seqItem{class: cc, opt: true})
		case '*':
			items = append(items, seqItem{class: cc, star: true})
		case '+':
			items = append(items, seqItem{class: cc}, seqItem{class: cc, star: true})
		}
		p = rest
	}
	if len(open) > 0 {
		items = items[:open[0]]
	}
	if len(items) == 0 || len(items) > maxSeq {
		return nil
	}
	return &seqFilter{items: items}
}

// groupEnd is where the group p starts with ends: the index of its ")",
// or -1 when it is not found, or a class in it is not read (see
// topAlternatives).
func groupEnd(p string) int {
	depth := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '[':
			j := classEnd(p, i)
			if j < 0 {
				return -1
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// classEnd is the index of the "]" that ends the class p[i:] starts
// with, or -1 when it is not found or holds a "[" (subtraction, POSIX
// names, nested classes).
func classEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for ; j < len(p) && p[j] != ']'; j++ {
		switch p[j] {
		case '\\':
			j++
		case '[':
			return -1
		}
	}
	if j >= len(p) {
		return -1
	}
	return j
}

// topAlternatives reports whether pattern has an alternative outside
// any group ("a|b"), or a class that is not read here (one holding "[",
// not closed): then no part of it need start a match.
func topAlternatives(pattern string) bool {
	depth := 0
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '\\':
			i++
		case '[':
			j := classEnd(pattern, i)
			if j < 0 {
				return true
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth <= 0 {
				return true
			}
		}
	}
	return false
}

// closure adds to set, a set of the sequence's classes, those after a
// class of it that may be passed over (repeated from none, optional);
// the bit after the last class is the end of the sequence.
func (sf *seqFilter) closure(set uint64) uint64 {
	for j, it := range sf.items {
		if set&(1<<j) != 0 && (it.star || it.opt) {
			set |= 1 << (j + 1)
		}
	}
	return set
}

// maxSeqRead bounds what a seqFilter reads: past it, the rule may match
// (a run of a class that goes on, "(`)([^`]*)(`)" at a quote not closed,
// is read by regexp2 again: read first, it would cost that twice).
const maxSeqRead = 128

// may reports whether the sequence may match at pos in text: false when
// it does not, read to at most maxSeqRead characters.
func (sf *seqFilter) may(text []rune, pos int) bool {
	end := uint64(1) << len(sf.items)
	set := sf.closure(1)
	for stop := pos + maxSeqRead; set != 0; pos++ {
		if set&end != 0 || pos == stop {
			return true
		}
		if pos >= len(text) {
			return false
		}
		ch := text[pos]
		next := uint64(0)
		for j, it := range sf.items {
			if set&(1<<j) == 0 || !it.class.has(ch) {
				continue
			}
			if it.star {
				next |= 1 << j
			} else {
				next |= 1 << (j + 1)
			}
		}
		set = sf.closure(next)
	}
	return false
}
