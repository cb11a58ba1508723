// Package gansi is a fork of glamour's ansi package (charm.land/glamour/v2
// v2.0.1, ansi/, MIT licence: see LICENSE in this directory), the goldmark
// renderer that lays markdown out for the terminal.
//
// Why a fork: a 2 MB post took over 2 s of CPU to render, two thirds of it
// in this renderer: in its line writers (Margin, Indent and Padding
// writers, each over a lipgloss.WrapWriter), which took their input a rune
// at a time and fed every byte to an ANSI parser at every nesting level,
// and in wrapping passes over text that already fitted. The output of this
// package is upstream's byte for byte (internal/render's
// TestForkWritesUpstreamBytes renders the CommonMark and GFM examples, the
// sample posts, the galleries and a real blog's post through both and
// compares them; this package's tests compare each changed piece with the
// upstream one on random texts). What changed is how it is computed:
//
//   - The style types and Options are aliases of upstream's, so glamour's
//     styles package and configs written for upstream work unchanged.
//   - penWriter (pen.go) replaces lipgloss.WrapWriter: it hands the ANSI
//     parser only what can change its state, skipping printable text, and
//     reads glamour's plain SGR sequences itself.
//   - The Indent and Padding writers (margin.go) write whole lines, pad
//     and indent with a styled cell rendered once, and measure a line's
//     width without the grapheme segmenter for ASCII and CJK text
//     (width.go).
//   - The margin writer folds its chain into one pass per line
//     (fold.go): a line of the plain form glamour writes is scanned once,
//     its sequences applied to both pens, and written once; any other
//     line goes through the Indent and Padding writers.
//   - Block, paragraph and heading wrapping (wrap.go) skips ansi.Wrap when
//     every line already fits and the writer pass when the pen is unset
//     at each newline; ansiWrap.go is x/ansi's Wrap (MIT) with the same
//     faster measure.
//   - Blocks reach the margin writer without being copied.
//   - Code is highlighted as quick.Highlight does, with the escape
//     sequences of chroma's indexed terminal formatters worked out once
//     per render instead of once per code block (highlight.go).
//   - The internal autolink package is copied into autolink/.
//
// One change of output, a fix: upstream registers the chroma style of the
// first code block it draws in chroma's process-wide registry as "charm"
// and colours every later code block with it, whatever the style asked
// for; here each render makes its code style from its own configuration
// (codeblock.go), so light and dark readers of one server each get their
// own code colours. The comparison test gives upstream a style registered
// per configuration to compare like with like.
package gansi
