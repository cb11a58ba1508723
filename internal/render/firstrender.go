package render

import "strings"

// renderFirst is render for a doc fresh from prepareDocBase, which has no
// items' texts yet: it returns d with them too. prepareDocWith takes them
// from a render of their own, unwrapped, of a second parse of the piece
// (see itemTexts): a tenth of a long post's cold render. When the piece
// prepared at width is the piece prepared for the items' texts (no fenced
// code line wrapped, no diagram drawn at width) and no line of indented
// code is wrapped at width either, the items' tree would be this render's
// tree, node for node: it is laid out once at width, then, reduced to the
// blocks with items, without wrapping (layout does not change the tree).
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
			out, err := d.layoutKeeping(tree, b, width, style, &kept)
			if err != nil {
				return nil, d, err
			}
			if items, ok := oneLineItems(out); ok {
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
