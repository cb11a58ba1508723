package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
)

// relatedCount is how many related posts a post lists, as Stack shows.
const relatedCount = 5

// termItem is one row of a terms screen: a term of a taxonomy with its
// number of posts, or (on a post's own screen) a related post.
type termItem struct {
	taxonomy, name string
	count          int
	post           *page.Page
}

// termsView lists the terms of a taxonomy (tags, categories) with their
// post counts, most used first or by name; or, for one post, its tags,
// its categories and its related posts.
type termsView struct {
	taxonomy string     // "tags", "categories"; empty for a post's terms
	post     *page.Page // whose terms, when taxonomy is empty
	byName   bool
	// terms are a taxonomy's, the snapshot's own slice (read only: a
	// copy of 100,000 terms at each opening cost 5 MB); items are a
	// post's.
	terms []site.Term
	items []termItem
	menu  menu
	width int
}

func newTerms(snap *site.Snapshot, taxonomy string) termsView {
	t := termsView{taxonomy: taxonomy}
	t.refresh(snap)
	return t
}

func newPostTerms(snap *site.Snapshot, p *page.Page) termsView {
	t := termsView{post: p}
	t.refresh(snap)
	return t
}

// refresh lists the items from snap, keeping the cursor on the same one.
func (t *termsView) refresh(snap *site.Snapshot) {
	sel, _ := t.selected()
	t.items, t.terms = t.items[:0], nil
	if t.taxonomy != "" {
		t.terms = snap.Terms(t.taxonomy)
		if t.byName {
			t.terms = snap.TermsByName(t.taxonomy)
		}
	} else if t.post != nil {
		if now, ok := snap.ByPath(t.post.Path); ok {
			t.post = now
		}
		for _, tax := range []string{"tags", "categories"} {
			for _, name := range t.post.Taxonomies[tax] {
				t.items = append(t.items, termItem{taxonomy: tax, name: name, count: len(snap.TermPosts(tax, name))})
			}
		}
		for _, r := range snap.Related(t.post, relatedCount) {
			t.items = append(t.items, termItem{post: r})
		}
	}
	t.menu.n = t.len()
	t.menu.cursor = 0
	for i, term := range t.terms {
		if sel.taxonomy == t.taxonomy && sel.post == nil && term.Name == sel.name {
			t.menu.cursor = i
		}
	}
	for i, it := range t.items {
		if it.taxonomy == sel.taxonomy && it.name == sel.name && (it.post == nil) == (sel.post == nil) && (it.post == nil || it.post.Path == sel.post.Path) {
			t.menu.cursor = i
		}
	}
	t.menu.clamp()
}

// len is the number of rows.
func (t *termsView) len() int { return len(t.terms) + len(t.items) }

// item is the i-th row.
func (t *termsView) item(i int) termItem {
	if t.terms != nil {
		return termItem{taxonomy: t.taxonomy, name: t.terms[i].Name, count: t.terms[i].Count}
	}
	return t.items[i]
}

func (t *termsView) setSize(width, height int) {
	t.width = width
	t.menu.setHeight(height)
}

func (t *termsView) toggleSort(snap *site.Snapshot) {
	if t.taxonomy == "" {
		return
	}
	t.byName = !t.byName
	t.refresh(snap)
}

func (t *termsView) selected() (termItem, bool) {
	if t.menu.cursor >= t.len() {
		return termItem{}, false
	}
	return t.item(t.menu.cursor), true
}

// heading names the screen and its order.
func (t *termsView) heading(s Strings) string {
	if t.taxonomy == "" {
		return s.labeled(s.PostTerms, t.post.Title)
	}
	order := s.ByCount
	if t.byName {
		order = s.ByName
	}
	return s.Taxonomy(t.taxonomy) + " · " + order + " (s)"
}

func (t *termsView) view(st styles, s Strings) string {
	if t.len() == 0 {
		return st.Description.Render(s.NoTerms)
	}
	return t.menu.draw(st, max(1, t.width), func(i int, style lipgloss.Style) (string, string, lipgloss.Style) {
		it := t.item(i)
		switch {
		case it.post != nil:
			right := ""
			if !it.post.Date.IsZero() {
				right = s.Date(it.post.Date)
			}
			return s.labeled(s.Related, it.post.Title), right, style
		case it.taxonomy == "tags":
			return "#" + it.name, fmt.Sprint(it.count), style
		case it.taxonomy == t.taxonomy:
			// A screen of one taxonomy: its heading names it already.
			return it.name, fmt.Sprint(it.count), style
		default:
			return s.labeled(s.Taxonomy(it.taxonomy), it.name), fmt.Sprint(it.count), style
		}
	})
}

// row is a label on the left and a number or date on the right, cut to w.
func row(label, right string, base, dim interface{ Render(...string) string }, w int) string {
	rw := ansi.StringWidth(right)
	if rw+3 > w {
		return base.Render(cut(label, w))
	}
	label = cut(label, w-rw-2)
	gap := strings.Repeat(" ", max(1, w-rw-ansi.StringWidth(label)))
	return base.Render(label) + gap + dim.Render(right)
}
