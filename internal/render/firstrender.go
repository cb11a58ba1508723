package render

import "strings"

// listTexts collects the texts of the lists a layout lays out at the
// document's level and wraps, those with an item tag, as each list holds
// them before it lays them out (see gansi's SetListTexts): the items'
// lines unwrapped, as the layout without wrapping has them, but for the
// list's indentation and margins, which itemTexts cuts from the lines of
// both (an item's continuation lines start at its list's margin). When
// every list is at the document's level and every tagged item is in
// them, the items' texts are those of the layout without wrapping (see
// itemTexts): renderFirst needs that layout for none of a post's items
// that wrap (a list of sentences), where oneLineItems says no. A post
// whose items fit, where oneLineItems says yes, has nothing copied.
// TestListTextsAreItemTexts compares the two.
type listTexts struct {
	b strings.Builder
	// seen says the layout gave its lists' texts; nested that a list
	// was laid out elsewhere than at the document's level (in a list, a
	// quote...): its items' lines, wrapped by the block around them, are
	// not in the texts.
	seen, nested bool
	// kept has the texts of the lists in blocks, with no list in them,
	// whose lines the layout kept (see gansi's SetKeptListTexts).
	kept strings.Builder
}

// addKept keeps text, a list's (see kept), when it has a tagged item.
func (l *listTexts) addKept(text string) { keepTagged(&l.kept, text) }

// keepTagged writes text and a line end to b when text has a tagged item.
func keepTagged(b *strings.Builder, text string) {
	if strings.ContainsRune(text, itemMark) {
		b.WriteString(text)
		b.WriteByte('\n')
	}
}

// keptItems returns the texts of the tagged items from the lists' kept
// texts when they have them all (tags of them), each on a line of its
// list: as oneLineItems takes them from a layout's lines, for they are
// the lines the layout without wrapping writes, at every level around
// them, as they are (see oneLineItems). An item nested in lists that
// wraps (lists' 16 KB "- - - ...") had the document laid out again for
// its text. TestKeptListTextsAreItemTexts compares the two.
//
// The texts are cut from the kept texts themselves, not copied, when
// they are three quarters or more of the bytes the kept texts hold (a
// copy of lists' 16 KB item was a twentieth of what its render
// allocated); the doc keeps them for its renders at other widths, so
// kept texts mostly of other lines' bytes are copied, as oneLineItems
// copies a layout's.
func (l *listTexts) keptItems(tags int) ([]string, bool) {
	if l.kept.Len() == 0 {
		return nil, false
	}
	kept := l.kept.String()
	size, n := 0, 0
	if !eachItemLine(kept, func(text string) { size, n = size+len(text), n+1 }) || n != tags {
		return nil, false
	}
	if 4*size < 3*l.kept.Cap() {
		return oneLineItems(kept)
	}
	items := make([]string, 0, n)
	eachItemLine(kept, func(text string) { items = append(items, dropEmptyStyles(text)) })
	return items, true
}

// add keeps text, a list's, when it has a tagged item.
func (l *listTexts) add(text string) { keepTagged(&l.b, text) }

// items returns the texts of the tagged items of the lists, when the
// layout gave them all: tags of them, every list at the document's
// level (a list of tagged items that was not wrapped is not given: its
// items are then fewer than tags).
func (l *listTexts) items(tags int) ([]string, bool) {
	if !l.seen || l.nested {
		return nil, false
	}
	items := itemTexts(l.b.String())
	if len(items) != tags {
		return nil, false
	}
	return items, true
}

// renderFirst is render for a doc fresh from prepareDocBase, which has no
// items' texts yet: it returns d with them too. prepareDocWith takes them
// from a render of their own, unwrapped, of a second parse of the piece
// (see itemTexts): a tenth of a long post's cold render. When the piece
// prepared at width is the piece prepared for the items' texts (no fenced
// code line wrapped, no diagram drawn at width) and no line of indented
// code is wrapped at width either, the items' tree would be this render's
// tree, node for node: it is laid out once at width, its items' texts
// taken from that layout's lines when each is on one (oneLineItems) or
// from its lists' texts (listTexts); else, reduced to the blocks with
// items, laid out again without wrapping (layout does not change the
// tree).
// Else the items' texts come from their own render, as in prepareDocWith.
// Links get the same numbers either way: every pass numbers the piece's
// links in document order, and a number, once given, stays.
func (d doc) renderFirst(width int, style Style, links *linkTable) ([]string, doc, error) {
	if !strings.ContainsRune(d.annotated, itemMark) {
		lines, err := d.render(width, style, links)
		return lines, d, err
	}
	width = max(MinWidth, min(width, MaxWidth))
	amb := style.ambiguous()
	src := prepareWith(d.annotated, width, amb, d.prose)
	if src == prepareWith(d.annotated, MaxWidth, amb, d.prose) {
		tree, b, wrapped := d.lowered(src, width, style, links)
		if !wrapped {
			// The nested blocks wrap an item's lines, which hangItems
			// lays out again, only as keptItemLine says: its first
			// line, once.
			kept := 0
			lists := &listTexts{}
			dl := d
			dl.lists = lists
			out, err := dl.layoutKeeping(tree, b, width, style, &kept)
			if err != nil {
				return nil, d, err
			}
			items, ok := oneLineItems(out)
			if !ok && !d.media {
				// Items that wrap: their texts as their lists held
				// them (see listTexts).
				tags := strings.Count(d.annotated, string(itemMark))
				if items, ok = lists.items(tags); !ok {
					items, ok = lists.keptItems(tags)
				}
			}
			if ok {
				d.items = items
				if kept > 0 && !hangsAll(out, width, items) {
					// An item keeps glamour's layout: wrapped.
					if out, err = d.layout(tree, b, width, style); err != nil {
						return nil, d, err
					}
				}
				return d.fit(out, width, style), d, nil
			}
			keepItemBlocks(tree, b)
			flat, err := d.layout(tree, b, 0, style)
			if err != nil {
				return nil, d, err
			}
			d.items = itemTexts(flat)
			if kept > 0 && !hangsAll(out, width, d.items) {
				// An item keeps glamour's layout: laid out again
				// (the tree lost its other blocks), wrapped.
				lines, err := d.render(width, style, links)
				return lines, d, err
			}
			return d.fit(out, width, style), d, nil
		}
	}
	items, err := d.itemTexts(style, links, true)
	if err != nil {
		return nil, d, err
	}
	d.items = items
	lines, err := d.render(width, style, links)
	return lines, d, err
}
