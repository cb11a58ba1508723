package hugoconfig

import (
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
)

// passthrough reads Hugo's passthrough extension
// (markup.goldmark.extensions.passthrough): when enabled, its
// delimiters.block pairs are displayed math and its delimiters.inline
// pairs inline math, as the site's KaTeX or MathJax reads them. A pair
// that is not two strings is skipped (Hugo refuses the configuration;
// sshblog serves the site), and so is one the parser cannot read
// (MathDelimiter.Usable); the first markdown.MaxMathDelimiters are kept:
// each render request's cache key spells them out. Nil when disabled.
func passthrough(cfg map[string]any) []markdown.MathDelimiter {
	pt := mapAt(cfg, "markup", "goldmark", "extensions", "passthrough")
	if on, err := page.ToBool(pt["enable"]); err != nil || !on {
		return nil
	}
	delims, _ := pt["delimiters"].(map[string]any)
	var out []markdown.MathDelimiter
	for _, kind := range []string{"block", "inline"} {
		for _, pair := range listOf(delims[kind]) {
			p := page.ToStrings(pair)
			if len(p) != 2 {
				continue
			}
			d := markdown.MathDelimiter{Open: p[0], Close: p[1], Display: kind == "block"}
			if !d.Usable() {
				continue
			}
			if len(out) == markdown.MaxMathDelimiters {
				return out
			}
			out = append(out, d)
		}
	}
	return out
}

// mapAt follows keys down nested maps; nil where one is missing.
func mapAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

// listOf returns v as a list of values, whatever list type the decoder
// made.
func listOf(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case [][]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	case [][]string:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	}
	return nil
}
