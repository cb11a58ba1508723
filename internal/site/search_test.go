package site

import (
	"cmp"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/sitegen"
)

// corpus builds a snapshot of a generated blog (half Chinese) with a few
// posts planted whose answers are known.
func corpus(t *testing.T) *Snapshot {
	t.Helper()
	dir := t.TempDir()
	c := sitegen.Corpus{Posts: 240, HanPerPost: 300, WordsPerPost: 120, Seed: 3}
	if _, err := c.Generate(dir); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"posts/planted-title.md": "---\ntitle: 关于调解工作室\ndate: 2001-01-01\n---\n一些别的话。\n",
		"posts/planted-tag.md":   "---\ntitle: 标签里的\ndate: 2001-01-03\ntags: [调解工作室]\n---\n一些别的话。\n",
		"posts/planted-old.md":   "---\ntitle: 正文里的旧文\ndate: 2001-01-02\n---\n去年我们成立了调解工作室。\n",
		"posts/planted-new.md":   "---\ntitle: 正文里的新文\ndate: 2001-01-04\n---\n今年调解工作室搬家了。\n",
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "posts", "*.md"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files["posts/"+filepath.Base(p)] = string(b)
	}
	return build(t, Config{}, page.Options{HasCJKLanguage: true}, files)
}

func isCJKRune(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// words are the lower-cased words of s that are not CJK.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return isCJKRune(r) || !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// typoPrefix reports whether some prefix of t is at most one edit
// (optimal string alignment distance) from w: the textbook dynamic
// programme, as an oracle for the search package's linear check.
func typoPrefix(w, t string) bool {
	a, b := []rune(w), []rune(t)
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range b {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return slices.Min(d[len(a)]) <= 1
}

// oracle scores pages for one-part queries as the search should: where
// a page matches best (title 6, tags and categories 4, summary and text
// 2), one less for a typo, 0 for no match.
type oracle struct {
	fields map[*page.Page][3]string   // the three fields' text
	words  map[*page.Page][3][]string // and their words
	vocab  map[string]bool
}

var fieldScores = [3]int{6, 4, 2}

func newOracle(ps []*page.Page) *oracle {
	o := &oracle{fields: map[*page.Page][3]string{}, words: map[*page.Page][3][]string{}, vocab: map[string]bool{}}
	for _, p := range ps {
		f := [3]string{p.Title, strings.Join(append(append([]string{}, p.Tags...), p.Categories...), "\x00"), p.Summary + "\n" + p.Plain()}
		o.fields[p] = f
		var ws [3][]string
		for i := range f {
			ws[i] = words(f[i])
			for _, w := range ws[i] {
				o.vocab[w] = true
			}
		}
		o.words[p] = ws
	}
	return o
}

// scorer returns the scoring function of query q.
func (o *oracle) scorer(q string) func(*page.Page) int {
	q = strings.ToLower(q)
	if isCJKRune([]rune(q)[0]) {
		return func(p *page.Page) int {
			for i, f := range o.fields[p] {
				if strings.Contains(f, q) {
					return fieldScores[i]
				}
			}
			return 0
		}
	}
	typo := map[string]bool{}
	if len(q) >= 5 {
		for w := range o.vocab {
			typo[w] = typoPrefix(q, w)
		}
	}
	return func(p *page.Page) int {
		best := 0
		for i, ws := range o.words[p] {
			for _, w := range ws {
				switch {
				case strings.HasPrefix(w, q):
					best = max(best, fieldScores[i])
				case typo[w]:
					best = max(best, fieldScores[i]-1)
				}
			}
		}
		return best
	}
}

// queries are parts of the corpus a reader might look for: Chinese
// substrings of one to five characters, word prefixes, words with a typo.
func queries(s *Snapshot) []string {
	rng := rand.New(rand.NewPCG(7, 7))
	qs := []string{"调解工作室", "调解", "工作室调解", "terminal", "termnial", "Reading", "serach"}
	for len(qs) < 120 {
		p := s.Posts[rng.IntN(len(s.Posts))]
		text := []rune(p.Plain())
		switch rng.IntN(3) {
		case 0: // a Chinese substring
			i := rng.IntN(len(text))
			n := 1 + rng.IntN(5)
			if i+n <= len(text) && !slices.ContainsFunc(text[i:i+n], func(r rune) bool { return !isCJKRune(r) }) {
				qs = append(qs, string(text[i:i+n]))
			}
		case 1: // a word prefix
			if ws := words(p.Plain()); len(ws) > 0 {
				w := ws[rng.IntN(len(ws))]
				qs = append(qs, w[:1+rng.IntN(len(w))])
			}
		case 2: // a word with two letters swapped
			if ws := words(p.Plain()); len(ws) > 0 {
				if w := []rune(ws[rng.IntN(len(ws))]); len(w) >= 6 {
					i := 1 + rng.IntN(len(w)-2)
					w[i], w[i+1] = w[i+1], w[i]
					qs = append(qs, string(w))
				}
			}
		}
	}
	return qs
}

// Every result, and only those, match; in the order of the oracle's
// scores, newest first on ties.
func TestSearchKnownAnswers(t *testing.T) {
	s := corpus(t)
	all := append(append([]*page.Page{}, s.Posts...), s.Pages...)
	o := newOracle(all)
	for _, q := range queries(s) {
		var want []*page.Page
		score := map[*page.Page]int{}
		scoreOf := o.scorer(q)
		for _, p := range all {
			if n := scoreOf(p); n > 0 {
				want = append(want, p)
				score[p] = n
			}
		}
		slices.SortStableFunc(want, func(a, b *page.Page) int {
			if c := cmp.Compare(score[b], score[a]); c != 0 {
				return c
			}
			return b.Date.Compare(a.Date)
		})
		got := s.Search(q).Pages()
		if len(got) != len(want) {
			t.Errorf("Search(%q): %d results, want %d", q, len(got), len(want))
			continue
		}
		for i := range got {
			// Equal scores and dates may come in either order.
			if got[i] != want[i] && (score[got[i]] != score[want[i]] || !got[i].Date.Equal(want[i].Date)) {
				t.Errorf("Search(%q): result %d is %s (score %d), want %s (score %d)", q, i, got[i].Path, score[got[i]], want[i].Path, score[want[i]])
				break
			}
		}
	}
	// The planted posts: title, then tag, then the text, newer first.
	if got := titles(s.Search("调解工作室").Pages()); got != "关于调解工作室,标签里的,正文里的新文,正文里的旧文" {
		t.Errorf("planted posts ranked %s", got)
	}
}

// A hit says where the post opens: the first match in its markdown.
func TestSearchHitOffsets(t *testing.T) {
	s := build(t, Config{}, page.Options{}, map[string]string{
		"posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n# Heading\n\nSome **bold** text about the terminal.\n\nMore terminal.\n",
		"posts/b.md": "---\ntitle: Terminal\ndate: 2024-01-02\n---\nNothing.\n",
	})
	r := s.Search("terminal")
	if r.Len() != 2 {
		t.Fatalf("%d results", r.Len())
	}
	b, a := r.Hit(0), r.Hit(1)
	if b.Page.Title != "Terminal" || b.BodyOffset != -1 || b.Field != 0 {
		t.Errorf("title hit: %+v", b)
	}
	if want := strings.Index(a.Page.Body(), "terminal"); a.BodyOffset != want || want < 0 {
		t.Errorf("body offset %d, want %d", a.BodyOffset, want)
	}
	if a.Snippet != "Some bold text about the terminal." {
		t.Errorf("snippet %q: want the plain text, no markup", a.Snippet)
	}
}

// A new snapshot re-indexes only the pages that changed.
func TestSearchReusesEntries(t *testing.T) {
	parse := func(rel, src string) *page.Page {
		p, err := page.Parse(rel, []byte(src), page.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := parse("posts/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nalpha\n")
	b := parse("posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\nbeta\n")
	now := time.Now()
	s1 := New(Input{Files: []*page.Page{a, b}, Now: now})
	b2 := parse("posts/b.md", "---\ntitle: B\ndate: 2024-01-02\n---\ngamma\n")
	s2 := New(Input{Files: []*page.Page{a, b2}, Now: now, Prev: s1})
	if s2.prevEntry(a) != s1.prevEntry(a) {
		t.Error("the unchanged page was indexed again")
	}
	if s2.Search("beta").Len() != 0 || s2.Search("gamma").Len() != 1 || s2.Search("alpha").Len() != 1 {
		t.Error("the new snapshot does not search what the pages say now")
	}
	if s1.Search("beta").Len() != 1 {
		t.Error("the old snapshot changed")
	}
}

// A result's snippet is taken from a bounded part of its post: the text
// is made again from the body for each result shown, on every query, and
// a post of megabytes made each keystroke of a search cost seconds of
// parsing. The post is still found by a word further in.
func TestSnippetReadsABoundedPart(t *testing.T) {
	long := strings.Repeat("Plain words of a long post.\n\n", 150_000) // 4.3 MB
	s := build(t, Config{}, page.Options{}, map[string]string{
		"posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nThe terminal is here.\n\n" + long + "A zebra at the end.\n",
	})
	hit := func(q string) (Hit, uint64) {
		r := s.Search(q)
		if r.Len() != 1 {
			t.Fatalf("%q: %d results, want the post", q, r.Len())
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		h := r.Hit(0)
		runtime.ReadMemStats(&after)
		return h, after.TotalAlloc - before.TotalAlloc
	}
	h, n := hit("terminal")
	if h.Snippet != "The terminal is here." {
		t.Errorf("snippet %q", h.Snippet)
	}
	if n > 8<<20 {
		t.Errorf("one result's snippet allocated %d MB for a %d MB post", n>>20, len(long)>>20)
	}
	if _, n := hit("zebra"); n > 8<<20 {
		t.Errorf("a match past the scanned part allocated %d MB", n>>20)
	}
}
