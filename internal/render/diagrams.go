package render

import (
	"strings"

	"github.com/sshblog/sshblog/internal/mermaid"
	"github.com/sshblog/sshblog/internal/textwrap"
)

// drawnDiagram draws the mermaid fence that opens at lines[i] (a line
// prepare found opening a fence) for a window width cells wide: the
// fence keeps its opening and closing lines, so Lower still labels it
// "mermaid diagram", and holds the drawing instead of the source. It
// reports false for any other fence, one left open, and a chart that
// package mermaid does not draw or that does not fit: prepare then
// shows the source as before. next is the index of the closing line.
//
// The closing line is looked for as prepare looks for it (the first line
// starting with the fence's three characters), so that the lines
// scanned here are the ones prepare would have taken as code: a post of
// many fences is still read once.
func drawnDiagram(lines []string, i, width int, amb textwrap.Ambiguous) (out []string, next int, ok bool) {
	l := lines[i]
	trimmed := strings.TrimLeft(l, " >")
	prefix := l[:len(l)-len(trimmed)]
	run := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
	if info := strings.Fields(trimmed[run:]); len(info) == 0 || !strings.EqualFold(info[0], "mermaid") {
		return nil, 0, false
	}
	j := i + 1
	for ; j < len(lines); j++ {
		if strings.HasPrefix(strings.TrimLeft(lines[j], " >"), trimmed[:3]) {
			break
		}
	}
	if j == len(lines) {
		return nil, 0, false
	}
	end := strings.TrimRight(strings.TrimLeft(lines[j], " >"), " ")
	if len(end) < run || strings.Trim(end, trimmed[:1]) != "" {
		return nil, 0, false // not a closing fence: leave it to glamour
	}
	src := make([]string, 0, j-i-1)
	for _, s := range lines[i+1 : j] {
		src = append(src, strings.TrimLeft(s, " >"))
	}
	// A list or quote indents the block further: twice its prefix is a
	// margin glamour's indentation stays within.
	w := width - codeMargins - 2*textwrap.StringWidth(prefix, amb)
	drawn, ok := mermaid.Render(strings.Join(src, "\n"), mermaid.Options{Width: w, Ambiguous: amb})
	if !ok {
		return nil, 0, false
	}
	out = make([]string, 0, len(drawn)+2)
	out = append(out, l)
	for _, d := range drawn {
		out = append(out, prefix+d)
	}
	return append(out, lines[j]), j, true
}
