// Package gansi is a fork of glamour's ansi package (charm.land/glamour/v2
// v2.0.1, ansi/, MIT licence: see LICENSE in this directory), the goldmark
// renderer that lays markdown out for the terminal.
//
// Why a fork: a 2 MB post took over 2 s of CPU to render, two thirds of it
// in glamour's line writers (Margin, Indent and Padding writers, and
// lipgloss's WrapWriter under each), which took their input a rune at a
// time and fed every byte to an ANSI parser at every nesting level, and in
// wrapping passes over text that already fitted. The output of this
// package is byte for byte upstream's (internal/render's tests compare
// both on the CommonMark and GFM examples, the sample posts and a real
// blog's post); what changed is how it is computed:
//
//   - The style types are aliases of upstream's, so glamour's styles
//     package and configs written for upstream work unchanged.
//   - The internal autolink package is copied into autolink/.
package gansi
