package gansi

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// quoteElement is the BlockElement of a blockquote (and so of an alert),
// and of the document, laid out in one pass where its lines allow (see
// finishLines): a quote nested in n others had its text wrapped again
// and written through a margin writer at every level, each pass reading
// every escape sequence of every line (the bar of each level, the text's
// colour around each word), which made a paragraph six quotes deep cost
// five times prose of its size; and the document read every line of the
// post so again, the quotes' lines too.
type quoteElement struct {
	BlockElement
}

// Render renders the quote (or the document) as BlockElement.Render, and
// opens the log of the lines its nested quotes lay out into its buffer
// (see quoteLogs).
func (e *quoteElement) Render(w io.Writer, ctx RenderContext) error {
	if err := e.BlockElement.Render(w, ctx); err != nil {
		return err
	}
	ctx.writers.openLog(ctx.blockStack.Current().Block)
	return nil
}

// Finish finishes the quote as BlockElement.Finish does, with the same
// bytes: through finishLines when every line of its text is of the clean
// form it lays out itself, else through BlockElement.Finish.
func (e *quoteElement) Finish(w io.Writer, ctx RenderContext) error {
	bs := ctx.blockStack
	block := bs.Current().Block
	log := ctx.writers.takeLog(block)
	if !e.Margin || e.Newline || !e.finishLines(w, ctx, block.Bytes(), log) {
		ctx.writers.dropLog(log)
		return e.BlockElement.Finish(w, ctx)
	}
	ctx.writers.dropLog(log)
	ctx.sgr.renderText(w, bs.Current().Style.StylePrimitive, e.Style.Suffix)
	ctx.sgr.renderText(w, bs.Parent().Style.StylePrimitive, e.Style.BlockSuffix)
	ctx.writers.keepBlock(block)
	bs.Pop()
	return nil
}

// finishLines lays out s, the quote's text, as BlockElement.Finish does
// when every line of s is clean (see cleanLine) and fits the quote's
// width: wrap leaves such a text as it is (it fits, and the pen is unset
// at each newline), and a fresh margin writer writes each such line as
// its indentation, the line, its padding and the newline, its pens unset
// again after the line, as they were before it. It writes those bytes
// itself, reading each line once (a line its nested quote wrote, whose
// width that quote logged, not at all), and logs the lines it writes for
// a quote around it. It returns false, having written nothing, for any
// other text.
func (e *quoteElement) finishLines(w io.Writer, ctx RenderContext, s []byte, log *lineLog) bool {
	bs := ctx.blockStack
	// A quote writes to its parent's buffer, the document (at the
	// bottom of the block stack) to the render's output: out is nil
	// for the document, whatever its writer.
	var out *bytes.Buffer
	if bs.Len() > 1 {
		var ok bool
		if out, ok = w.(*bytes.Buffer); !ok {
			return false
		}
	}
	limit := int(bs.Width(ctx))
	// tail is the text's last line when no newline ends it (a rule's
	// reset, see ruleElement; a code block's last line, see
	// CodeBlockElement): written as the margin writer writes it,
	// indented and neither padded nor ended. A quote of code blocks was
	// so laid out through the margin writer, every line padded: 16 KB of
	// them in a quote, each line of the quote read four times over.
	var tail []byte
	if len(s) > 0 && s[len(s)-1] != '\n' {
		nl := bytes.LastIndexByte(s, '\n')
		if nl < 0 {
			return false
		}
		if width, ok := cleanLine(s[nl+1:]); !ok || width > limit {
			return false
		}
		s, tail = s[:nl+1], s[nl+1:]
	}
	if limit < 1 {
		return false
	}
	p := ctx.writers
	widths := p.quoteWidths()[:0]
	if n := bytes.Count(s, newlineByte); cap(widths) < n {
		// Sized once: grown by doubling, the document's was twice its
		// lines (8 bytes each), for a post of tiny blocks a tenth of
		// its layout's memory.
		widths = make([]int, 0, n)
	}
	var entries []lineEntry
	if log != nil {
		entries = log.entries
	}
	k := 0
	for start := 0; start < len(s); {
		end := start + bytes.IndexByte(s[start:], '\n')
		for k < len(entries) && entries[k].start < start {
			k++
		}
		var (
			width int
			ok    bool
		)
		if k < len(entries) && entries[k].start == start && entries[k].end == end {
			width = entries[k].width
			k++
		} else if width, ok = cleanLine(s[start:end]); !ok {
			p.keepWidths(widths)
			return false
		}
		if width > limit {
			p.keepWidths(widths)
			return false
		}
		widths = append(widths, width)
		start = end + 1
	}
	p.keepWidths(widths)

	rules := bs.Current().Style
	var indentation, margin uint
	if rules.Indent != nil {
		indentation = *rules.Indent
	}
	if rules.Margin != nil {
		margin = *rules.Margin
	}
	indent := int(indentation + margin)
	ic := " "
	if rules.IndentToken != nil {
		ic = *rules.IndentToken
	}
	// The cells NewMarginWriter pads and indents with.
	pad := cells{w: w, cellRun: p.cellRun(ctx.sgr, rules.StylePrimitive, " ")}
	ind := cells{w: w, cellRun: p.cellRun(ctx.sgr, bs.Parent().Style.StylePrimitive, ic)}
	padCell, indCell := pad.infoOf(), ind.infoOf()

	// The document leaves out padding its caller trims, as its margin
	// writer does (see SetTrimmedPadding).
	trim := out == nil && ctx.padTrimmed(pad.cellRun)
	// A quote leaves out padding that every block around it leaves at
	// the line's end, to be trimmed by the caller (see trimmedAround).
	parent := p.logOf(out)
	keepPads := parent == nil || !ctx.trimmedAround(pad.cellRun)
	// Each line of s, its newline, its indentation and its padding:
	// counted from the widths, without reading the lines again.
	size := len(s) + len(widths)*indent*len(ind.cell)
	if !trim && keepPads {
		for _, width := range widths {
			size += max(0, limit-width) * len(pad.cell)
		}
	}
	if out == nil {
		// The document, written whole to the output.
		if g, ok := w.(grower); ok {
			g.Grow(size + indent*len(ind.cell) + len(tail))
		}
		write := func(w io.Writer, line []byte) { _, _ = w.Write(line) }
		if ctx.lineWriter != nil {
			write = ctx.lineWriter
		}
		// A line of no text, its padding left out, is its indentation
		// alone, which the caller trims too when it trims its cells:
		// left out as well, a post's lines are the output's as they
		// are (16 KB of headings, a blank line after each, was copied
		// whole again to trim them). Not before the first line of text
		// or after the last, which would then be newlines the caller
		// trims from the output's ends (see render's fit), where it
		// keeps blank lines.
		blankBare := trim && ctx.trimmedCell(ind.cellRun)
		firstText, lastText := len(s), len(s)
		if blankBare {
			firstText = len(s) - len(bytes.TrimLeft(s, "\n"))
			if len(tail) == 0 {
				lastText = len(bytes.TrimRight(s, "\n"))
			}
		}
		for i, start := 0, 0; start < len(s); i++ {
			end := start + bytes.IndexByte(s[start:], '\n')
			line := s[start:end]
			if blankBare && !ctx.indentBlanks && end > start && start > firstText && end < lastText && onlyCell(line, ind.cell) {
				// A line of indentation alone (a blank line in a
				// list at the document's level, indented by the
				// list): trimmed whole by the caller, as a line of no
				// text, and written as one. Not the first line of text
				// or the last (end < lastText: text follows it), which
				// would then be newlines the caller trims from the
				// output's ends. 16 KB of definitions nested in
				// definitions had 12 such bytes in each 150 drawn:
				// trimmed, the output was copied whole again (see
				// render's fit).
				line = line[:0]
			} else if end > start || !blankBare || start <= firstText || start >= lastText {
				ind.write(indent)
			}
			write(w, line)
			if !trim {
				pad.write(max(0, limit-widths[i]))
			}
			_, _ = w.Write(newlineByte)
			start = end + 1
		}
		if len(tail) > 0 {
			ind.write(indent)
			write(w, tail)
		}
		return true
	}
	// Nested in a quote (not the document, at the bottom of the stack).
	size += indent*len(ind.cell) + len(tail)
	p.makeRoom(out, size, parent != nil && bs.Len() > 2, size-len(s)-len(tail))
	if parent != nil {
		// Room for an entry a line, made once: grown by doubling,
		// the document's log of a quote of 2,000 lines (a list of
		// code blocks) was twice what it came to.
		parent.entries = slices.Grow(parent.entries, len(widths))
	}
	for i, start := 0, 0; start < len(s); i++ {
		end := start + bytes.IndexByte(s[start:], '\n')
		line := s[start:end]
		at := out.Len()
		ind.write(indent)
		out.Write(line)
		pads := 0
		if keepPads {
			pads = max(0, limit-widths[i])
		}
		pad.write(pads)
		if parent != nil {
			parent.add(at, out.Len(), indent, line, pads, widths[i], indCell, padCell)
		}
		out.WriteByte('\n')
		start = end + 1
	}
	if len(tail) > 0 {
		// Not logged: the parent's line goes on after it.
		ind.write(indent)
		out.Write(tail)
	}
	return true
}

// trimmedAround reports whether the padding of the quote being finished,
// of cells of pad, would end up trimmed from the end of its lines by the
// caller (see SetTrimmedPadding): pad is trimmed, and so are the padding
// cells of every block around the quote, each a quote or the document
// (whose buffers have a log: see quoteLogs). Each writes a line of the
// quote's as its indentation, the line and its padding, laid out by
// finishLines or, where that declines, by BlockElement.Finish's margin
// writer, which pads a line that fits as finishLines does: the quote's
// padding is followed by padding only, to the end of the line, and the
// caller trims it all. Not written, it is not copied into each level
// around it either: an e-mail thread quoted three deep wrote a line's
// padding three times over, 15 bytes a cell, for the caller to trim.
// TestQuotePaddingLeftOut compares the output with and without.
func (ctx RenderContext) trimmedAround(pad *cellRun) bool {
	p := ctx.writers
	if ctx.trimmed == nil || p == nil || !ctx.trimmedCell(pad) {
		return false
	}
	bs := *ctx.blockStack
	for i := len(bs) - 2; i >= 0; i-- {
		if p.logOf(bs[i].Block) == nil || !ctx.trimmedCell(p.cellRun(ctx.sgr, bs[i].Style.StylePrimitive, " ")) {
			return false
		}
	}
	return true
}

// quotedTextTrimmed reports whether the block of text being finished (a
// paragraph: the current block), padded with cells of pad, in a quote,
// may leave its lines unpadded: its padding cells are trimmed by the
// caller, and so are those of every block around it, each a quote or the
// document (see trimmedAround), and every line of s, its text laid out,
// is clean and fits in width (see cleanLines). Each block around it
// writes such a line as its indentation, the line and its own padding
// (finishLines, or BlockElement.Finish's margin writer, which pads a
// clean line that fits as finishLines does), so the paragraph's padding
// is followed by padding only, to the end of the line, and trimmed with
// it. A paragraph at the document's level leaves its padding out through
// padTrimmed. A quoted e-mail thread padded every line of its paragraphs
// to the window, a styled space per cell (about 1.1 KB a line at 80
// columns), which each quote around it and the document copied, and the
// caller read again to trim: two thirds of what it allocated.
func (ctx RenderContext) quotedTextTrimmed(pad *cellRun, s string, width int) bool {
	if ctx.padQuotedText || ctx.blockStack.Len() < 3 || width <= 0 || pad == nil {
		return false
	}
	return ctx.trimmedAround(pad) && cleanLines(s, width)
}

// cleanLine reports whether line (without its newline) is of the clean
// form finishLines lays out, and its width: valid UTF-8 of printable
// characters and SGR sequences of the form the pens read (readSGR), no
// link, the last sequence (if any) a reset ("ESC[m" or "ESC[0m"), no
// space that a following mark joins (which wrap would break), and no
// printable ASCII character that a following character joins. Such a line
// is what fold writes itself (see plainWidth, whose width this is), read
// from unset pens it leaves them unset, and fitsIdle finds it idle at its
// end. TestCleanLineIsPlainWidth compares the two.
func cleanLine(line []byte) (int, bool) {
	width := 0
	reset := true
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c >= 0x20 && c < 0x7f && (i+1 == len(line) || line[i+1] < utf8.RuneSelf):
			width++
			i++
		case c >= utf8.RuneSelf:
			r, size := decodeRune(line[i:])
			if r == utf8.RuneError && size <= 1 {
				return 0, false
			}
			if cw, ok := knownWidth(r); ok && (i+size == len(line) || line[i+size] < utf8.RuneSelf || knownAtBytes(line[i+size:])) {
				// A cluster of its own (see firstCluster), read
				// without asking firstCluster to decode it again.
				width += cw
				i += size
				continue
			}
			n, cw := firstCluster(line[i:])
			if n != size && (!utf8.Valid(line[i:i+n]) || unicode.IsSpace(r) && r != nbsp) {
				return 0, false
			}
			width += cw
			i += n
		case c >= 0x20 && c != 0x7f:
			// Printable ASCII followed by a character of more bytes:
			// clean only when that starts a cluster of its own.
			n, cw := firstCluster(line[i:])
			if n != 1 {
				return 0, false
			}
			width += cw
			i++
		case c == 0x1b:
			n := sgrLen(line[i:])
			if n == 0 {
				return 0, false
			}
			reset = n == 3 || n == 4 && line[i+2] == '0'
			i += n
		default:
			return 0, false
		}
	}
	return width, reset
}

// sgrLen is the length of the sequence readSGR reads at the start of p,
// or 0, without reading its parameters: cleanLine asks it about every
// sequence of every line of the document (two around each styled run),
// and made each a slice of parameters it did not read, a twelfth of the
// render of a post of rules. TestSGRLenIsReadSGR compares the two.
func sgrLen(p []byte) int {
	if len(p) < 3 || p[0] != 0x1b || p[1] != '[' {
		return 0
	}
	// params counts the parameters ended by a semicolon, digits the
	// digits of the one being read.
	params, digits := 0, 0
	for i := 2; i < len(p); i++ {
		switch c := p[i]; {
		case c >= '0' && c <= '9':
			if digits++; digits > maxSGRDigits {
				return 0
			}
		case c == ';':
			if params == maxSGRParams-1 {
				return 0
			}
			params++
			digits = 0
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

// cellInfo is what finishLines needs of a cell to log the lines it pads
// or indents with it: whether it is clean (see cleanLine) and its width.
type cellInfo struct {
	cell  string
	width int
	clean bool
}

func cellOf(cell string) cellInfo {
	w, ok := cleanLine(unsafe.Slice(unsafe.StringData(cell), len(cell)))
	return cellInfo{cell, w, ok}
}

// infoOf is cellOf(c.cell), worked out once for the cell: finishLines
// asks it about the cells of every quote it lays out.
func (c *cellRun) infoOf() cellInfo {
	if c.info == nil {
		i := cellOf(c.cell)
		c.info = &i
	}
	return *c.info
}

// apart reports whether the grapheme clusters of a and b, both not empty,
// end where one meets the other, so that the width of a followed by b is
// the sum of their widths: b starts with an escape sequence, a ends with
// one, or b starts with printable ASCII (which joins nothing before it)
// after printable ASCII or a character of knownWidth (which no following
// ASCII joins).
func apart(a, b string) bool {
	first := b[0]
	if first == 0x1b {
		return true
	}
	if j := strings.LastIndexByte(a, 0x1b); j >= 0 && SGRLen(a[j:]) == len(a)-j {
		return true
	}
	if first < 0x20 || first >= 0x7f {
		return false
	}
	if last := a[len(a)-1]; last >= 0x20 && last < 0x7f {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(a)
	return isKnown(r)
}

// lineLog holds the lines a quote laid out into its parent's buffer
// (see quoteLogs), in the order it wrote them.
type lineLog struct {
	entries []lineEntry
}

// lineEntry is a clean line (see cleanLine) at buf[start:end], its
// newline at end, and its width.
type lineEntry struct {
	start, end, width int
}

// add logs the line a quote wrote at [start, end): indent cells of ind,
// line (of width w), pads cells of pad. It is clean, of the sum of their
// widths, when the cells are and when what meets is apart.
func (l *lineLog) add(start, end, indent int, line []byte, pads, w int, ind, pad cellInfo) {
	var parts [5]string
	n := 0
	part := func(s string, times int) bool {
		for range min(times, 2) {
			if n > 0 && !apart(parts[n-1], s) {
				return false
			}
			parts[n] = s
			n++
		}
		return true
	}
	width := w
	if indent > 0 && ind.cell != "" {
		if !ind.clean || !part(ind.cell, indent) {
			return
		}
		width += indent * ind.width
	}
	if len(line) > 0 && !part(unsafe.String(&line[0], len(line)), 1) {
		return
	}
	if pads > 0 && pad.cell != "" {
		if !pad.clean || !part(pad.cell, pads) {
			return
		}
		width += pads * pad.width
	}
	l.entries = append(l.entries, lineEntry{start, end, width})
}

// quoteLogs keeps, for one render, the logs of the quotes being laid out:
// the buffer of each quote that is open, with the clean lines its nested
// quotes wrote into it (see finishLines), so that it lays those out
// without reading them again. A log is taken when its quote finishes,
// before its buffer is recycled.
type quoteLogs struct {
	open map[*bytes.Buffer]*lineLog
	free []*lineLog
	// widths is finishLines' room for its lines' widths.
	widths []int
	// spare is the buffer of a quote that finished, too large for the
	// pool to keep (see keepBlock, makeRoom).
	spare *bytes.Buffer
}

// makeRoom makes room in out for the n bytes finishLines writes, of
// which it adds grow to its text, nested in a quote when nested. Quotes
// nested n deep around a text held n copies of it, the buffer of each
// level made anew as the level below wrote its lines into it: a nested
// quote's buffer takes the storage of the quote that finished before it
// (spare, whose lines were read and written out) when that is large
// enough, and is made otherwise with room for four more levels that grow
// as this one, so that the levels around it take turns with two
// buffers. The bytes out holds are copied over; the buffer itself (the
// quote's, and the key of its log) stays. Buffers the pool keeps (see
// recycle) are made to measure.
func (p *writerPool) makeRoom(out *bytes.Buffer, n int, nested bool, grow int) {
	if out.Cap()-out.Len() >= n {
		return
	}
	if p == nil || !nested {
		out.Grow(n)
		return
	}
	if n+4*grow <= maxPooledBuffer {
		// Buffers this small go back to the pool for the next, and
		// the pool has the buffer of the quote two levels down, read
		// and written out: its storage when it is large enough (a
		// hundred quotes nested around a line made a buffer for
		// every level, a tenth of what they allocated).
		if b := p.roomy(out.Len() + n); b != nil && out.Len() <= n {
			b.Write(out.Bytes())
			*out, *b = *b, *out
			p.recycle(b)
			return
		}
		// With room for four more levels that grow as this one,
		// as a large one: made to measure, each level's buffer was
		// too small for the level above, which made its own (16 KB of
		// lines six quotes deep: a third of what they allocated).
		out.Grow(n + 4*grow)
		return
	}
	if sp := p.quotes.spare; sp != nil && sp.Cap() >= out.Len()+n && out.Len() <= n {
		sp.Reset()
		sp.Write(out.Bytes())
		*out, *sp = *sp, *out
		p.quotes.spare = nil
		p.recycle(sp)
		return
	}
	out.Grow(n + 4*grow)
}

// roomy takes from the pool the smallest buffer of n bytes' capacity at
// least, empty, or returns nil.
func (p *writerPool) roomy(n int) *bytes.Buffer {
	best := -1
	for i, b := range p.bufs {
		if b.Cap() >= n && (best < 0 || b.Cap() < p.bufs[best].Cap()) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	b := p.bufs[best]
	p.bufs = append(p.bufs[:best], p.bufs[best+1:]...)
	return b
}

// keepBlock gives back the buffer of a quote that finished: to the pool,
// or as the spare (see makeRoom) when the pool would drop it for its size
// and it is larger than the spare.
func (p *writerPool) keepBlock(b *bytes.Buffer) {
	if p != nil && b.Cap() > maxPooledBuffer {
		if sp := p.quotes.spare; sp == nil || sp.Cap() < b.Cap() {
			b.Reset()
			p.quotes.spare = b
		}
		return
	}
	p.recycle(b)
}

// openLog opens the log of quote buffer b (a nil pool keeps none).
func (p *writerPool) openLog(b *bytes.Buffer) {
	if p == nil {
		return
	}
	q := &p.quotes
	if q.open == nil {
		q.open = map[*bytes.Buffer]*lineLog{}
	}
	var l *lineLog
	if n := len(q.free); n > 0 {
		l, q.free = q.free[n-1], q.free[:n-1]
	} else {
		l = &lineLog{}
	}
	q.open[b] = l
}

// logOf is the open log of quote buffer b, or nil.
func (p *writerPool) logOf(b *bytes.Buffer) *lineLog {
	if p == nil {
		return nil
	}
	return p.quotes.open[b]
}

// takeLog closes the log of quote buffer b and returns it (nil if none).
func (p *writerPool) takeLog(b *bytes.Buffer) *lineLog {
	l := p.logOf(b)
	if l != nil {
		delete(p.quotes.open, b)
	}
	return l
}

// dropLog gives a log taken back for another quote.
func (p *writerPool) dropLog(l *lineLog) {
	if p == nil || l == nil {
		return
	}
	l.entries = l.entries[:0]
	p.quotes.free = append(p.quotes.free, l)
}

// quoteWidths is room for finishLines' widths, which it gives back with
// keepWidths.
func (p *writerPool) quoteWidths() []int {
	if p == nil {
		return nil
	}
	return p.quotes.widths
}

func (p *writerPool) keepWidths(w []int) {
	if p != nil {
		p.quotes.widths = w
	}
}

// onlyCell reports whether line is cell repeated, once or more: a
// line of indentation alone. It reads line once.
func onlyCell(line []byte, cell string) bool {
	if cell == "" || len(line)%len(cell) != 0 {
		return false
	}
	for i := 0; i < len(line); i += len(cell) {
		if string(line[i:i+len(cell)]) != cell {
			return false
		}
	}
	return true
}
