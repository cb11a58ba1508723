package markdown

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bareTokens calls f with each token of raw, as x/net/html's tokenizer
// makes it, when raw is text and bare tags only ("<b>", "</b>", "<br/>":
// names of ASCII letters and digits, no attributes, comments, character
// references, carriage returns or NULs, and no tag whose content the
// tokenizer reads as raw text), and reports whether it did; it calls
// nothing otherwise. The tokenizer allocates a 4 KB buffer for every
// HTML block it reads: 2.2 MB of a 16 KB post of 512 small blocks
// ("<details>\n<summary>a</summary>"), three times prose's whole render.
// TestBareTokensAsTokenizer holds the two to the same tokens.
func bareTokens(raw []byte, f func(html.TokenType, html.Token)) bool {
	// First the whole text is checked, so that nothing is called for a
	// block the tokenizer must read.
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '&', '\r', 0:
			return false
		case '<':
			_, _, end, ok := bareTag(raw, i)
			if !ok {
				return false
			}
			i = end - 1
		}
	}
	text := 0 // where the text since the last tag starts
	for i := 0; i < len(raw); i++ {
		if raw[i] != '<' {
			continue
		}
		name, typ, end, _ := bareTag(raw, i)
		if i > text {
			f(html.TextToken, html.Token{Type: html.TextToken, Data: string(raw[text:i])})
		}
		var buf [32]byte
		lower := lowerASCII(buf[:0], name)
		tok := html.Token{Type: typ, DataAtom: atom.Lookup(lower)}
		if tok.DataAtom != 0 {
			tok.Data = tok.DataAtom.String()
		} else {
			tok.Data = string(lower)
		}
		f(typ, tok)
		i, text = end-1, end
	}
	if text < len(raw) {
		f(html.TextToken, html.Token{Type: html.TextToken, Data: string(raw[text:])})
	}
	return true
}

// bareTag reads the bare tag at raw[i] ("<name>", "</name>", "<name/>"),
// returning its name, its token type and where it ends; false if it is
// anything else, or a tag whose content the tokenizer reads raw.
func bareTag(raw []byte, i int) (name []byte, typ html.TokenType, end int, ok bool) {
	j := i + 1
	typ = html.StartTagToken
	if j < len(raw) && raw[j] == '/' {
		typ = html.EndTagToken
		j++
	}
	start := j
	if j >= len(raw) || !isASCIILetter(raw[j]) {
		return nil, 0, 0, false
	}
	for j < len(raw) && (isASCIILetter(raw[j]) || isDigit(raw[j])) {
		j++
	}
	name = raw[start:j]
	if typ == html.StartTagToken && j+1 < len(raw) && raw[j] == '/' && raw[j+1] == '>' {
		typ = html.SelfClosingTagToken
		j++
	}
	if j >= len(raw) || raw[j] != '>' {
		return nil, 0, 0, false
	}
	if typ != html.EndTagToken && rawTextTag(name) {
		return nil, 0, 0, false
	}
	return name, typ, j + 1, true
}

// rawTextTag reports the tags after which the tokenizer reads text raw,
// up to their closing tag.
func rawTextTag(name []byte) bool {
	var buf [16]byte
	switch string(lowerASCII(buf[:0], name)) {
	case "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp":
		return true
	}
	return false
}

// lowerASCII returns name with its ASCII letters in lower case, as
// bytes.ToLower returns a name of ASCII letters, digits and hyphens (a tag
// name as bareTag and blockTagLine read it): name itself when it has no
// upper-case letter, else a copy in buf's storage when it fits. ToLower
// copied every name, a tag at a time: 16 KB of small HTML blocks
// ("<details>\n<summary>a</summary>") allocated 40 KB so.
func lowerASCII(buf, name []byte) []byte {
	upper := false
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			upper = true
			break
		}
	}
	if !upper {
		return name
	}
	b := append(buf[:0], name...)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}
