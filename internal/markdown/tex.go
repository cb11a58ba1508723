package markdown

import (
	"strings"
	"unicode/utf8"
)

// TeXToUnicode writes common TeX math as Unicode text: Greek letters,
// operators and relations, super- and subscripts, \frac, \sqrt, \sum,
// \int, \infty, \mathbb... ("\frac{1}{n^2} \le \infty" is "1/n² ≤ ∞").
// It reports false when the formula uses anything it does not know
// (environments, matrices, unknown commands): such math is best shown as
// its source. There is no library for this in Go (the TeX renderers are
// JavaScript), so it is written here, for the common cases only.
func TeXToUnicode(tex string) (string, bool) {
	if len(tex) > MaxMath {
		return "", false
	}
	c := texConv{src: tex}
	out, ok := c.seq(0, false)
	if !ok || c.pos < len(c.src) {
		return "", false
	}
	return strings.Join(htmlFields(out), " "), true
}

// maxTeXDepth bounds the nesting of groups the conversion recurses into.
const maxTeXDepth = 32

type texConv struct {
	src string
	pos int
}

// seq converts atoms up to the end, or up to the "}" closing a group.
func (c *texConv) seq(depth int, inGroup bool) (string, bool) {
	if depth > maxTeXDepth {
		return "", false
	}
	var b strings.Builder
	for c.pos < len(c.src) {
		if c.src[c.pos] == '}' {
			if !inGroup {
				return "", false
			}
			return b.String(), true
		}
		s, ok := c.atom(depth)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	if inGroup {
		return "", false // unclosed group
	}
	return b.String(), true
}

// group converts the argument of a command or script: a {group} or one
// atom.
func (c *texConv) group(depth int) (string, bool) {
	c.skipSpace()
	if c.pos >= len(c.src) {
		return "", false
	}
	if c.src[c.pos] == '{' {
		c.pos++
		s, ok := c.seq(depth+1, true)
		if !ok {
			return "", false
		}
		c.pos++ // "}"
		return s, true
	}
	return c.atom(depth + 1)
}

func (c *texConv) skipSpace() {
	for c.pos < len(c.src) && (c.src[c.pos] == ' ' || c.src[c.pos] == '\n' || c.src[c.pos] == '\t') {
		c.pos++
	}
}

func (c *texConv) atom(depth int) (string, bool) {
	ch := c.src[c.pos]
	switch ch {
	case '{':
		return c.group(depth)
	case '^', '_':
		c.pos++
		arg, ok := c.group(depth)
		if !ok {
			return "", false
		}
		return script(arg, ch == '^'), true
	case '\\':
		return c.command(depth)
	case '&', '#', '%':
		return "", false // alignment, parameters, comments: not for us
	case '-':
		c.pos++
		return "−", true
	case '*':
		c.pos++
		return "∗", true
	case '\'':
		c.pos++
		return "′", true
	case '~':
		c.pos++
		return " ", true
	}
	r, size := utf8.DecodeRuneInString(c.src[c.pos:])
	c.pos += size
	return string(r), true
}

func (c *texConv) command(depth int) (string, bool) {
	c.pos++ // "\"
	if c.pos >= len(c.src) {
		return "", false
	}
	start := c.pos
	for c.pos < len(c.src) && (c.src[c.pos] >= 'a' && c.src[c.pos] <= 'z' || c.src[c.pos] >= 'A' && c.src[c.pos] <= 'Z') {
		c.pos++
	}
	if c.pos == start {
		// A one-character command: "\{", "\,", "\\"...
		c.pos++
		switch s := c.src[start:c.pos]; s {
		case "{", "}", "_", "%", "$", "#", "&", "|":
			if s == "|" {
				return "‖", true
			}
			return s, true
		case ",", ":", ";", " ", ">":
			return " ", true
		case "!":
			return "", true
		}
		return "", false
	}
	name := c.src[start:c.pos]
	if s, ok := texSymbols[name]; ok {
		return s, true
	}
	if s, ok := texWords[name]; ok {
		return s, true
	}
	switch name {
	case "frac", "dfrac", "tfrac", "cfrac":
		num, ok := c.group(depth)
		if !ok {
			return "", false
		}
		den, ok := c.group(depth)
		if !ok {
			return "", false
		}
		return paren(num) + "/" + paren(den), true
	case "sqrt":
		c.skipSpace()
		index := ""
		if c.pos < len(c.src) && c.src[c.pos] == '[' {
			end := strings.IndexByte(c.src[c.pos:], ']')
			if end < 0 {
				return "", false
			}
			idx, ok := TeXToUnicode(c.src[c.pos+1 : c.pos+end])
			if !ok {
				return "", false
			}
			c.pos += end + 1
			index = script(idx, true)
		}
		arg, ok := c.group(depth)
		if !ok {
			return "", false
		}
		return index + "√" + paren(arg), true
	case "text", "textrm", "textit", "textbf", "mathrm", "mathit", "mathbf", "mathsf", "mathtt",
		"operatorname", "boldsymbol", "bm", "mbox", "rm", "displaystyle", "textstyle":
		if name == "rm" || name == "displaystyle" || name == "textstyle" {
			return "", true // a switch, not a command with an argument
		}
		arg, ok := c.group(depth)
		return arg, ok
	case "mathbb", "mathcal", "mathfrak", "mathscr":
		arg, ok := c.group(depth)
		if !ok {
			return "", false
		}
		return letters(arg, name), true
	case "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr":
		c.skipSpace()
		if c.pos < len(c.src) && c.src[c.pos] == '.' {
			c.pos++ // "\left." draws nothing
			return "", true
		}
		return "", true // the delimiter that follows is drawn as itself
	case "hat", "bar", "overline", "vec", "tilde", "dot", "ddot", "widehat", "widetilde":
		arg, ok := c.group(depth)
		if !ok {
			return "", false
		}
		return accent(arg, name), true
	}
	return "", false
}

// paren puts a fraction's part in parentheses unless it is one term.
func paren(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= 1 || !strings.ContainsAny(s, " +−-/=<>±·×") {
		return s
	}
	return "(" + s + ")"
}

// script writes s raised or lowered: in Unicode super- or subscript
// characters where each has one, else as ^(s) or _(s).
func script(s string, up bool) string {
	s = strings.TrimSpace(s)
	table := subscripts
	mark := "_"
	if up {
		table, mark = superscripts, "^"
	}
	if out, ok := mapRunes(s, table); ok {
		return out
	}
	if utf8.RuneCountInString(s) == 1 {
		return mark + s
	}
	return mark + "(" + s + ")"
}

// Superscript and Subscript write text raised or lowered as Unicode
// characters, if each of its characters has one.
func Superscript(s string) (string, bool) { return mapRunes(s, superscripts) }

// Subscript is Superscript's lowered counterpart.
func Subscript(s string) (string, bool) { return mapRunes(s, subscripts) }

func mapRunes(s string, table map[rune]rune) (string, bool) {
	if s == "" {
		return "", false
	}
	var b strings.Builder
	for _, r := range s {
		m, ok := table[r]
		if !ok {
			return "", false
		}
		b.WriteRune(m)
	}
	return b.String(), true
}

func letters(s, font string) string {
	if font != "mathbb" {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if m, ok := doubleStruck[r]; ok {
			b.WriteRune(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func accent(s, name string) string {
	mark := map[string]string{
		"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
		"vec": "\u20d7", "tilde": "\u0303", "widetilde": "\u0303", "dot": "\u0307", "ddot": "\u0308",
	}[name]
	if utf8.RuneCountInString(s) == 1 {
		return s + mark
	}
	return s
}

func runeMap(from, to string) map[rune]rune {
	m := map[rune]rune{}
	t := []rune(to)
	for i, r := range []rune(from) {
		m[r] = t[i]
	}
	return m
}

var (
	superscripts = runeMap("0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ ",
		"⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡ ")
	subscripts = runeMap("0123456789+-−=()aehijklmnoprstuvxβγρφχ ",
		"₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ ")
	doubleStruck = runeMap("NZQRCPHE1", "ℕℤℚℝℂℙℍ𝔼𝟙")
)

// texSymbols are commands that stand for one symbol.
var texSymbols = map[string]string{
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
	"zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
	"lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
	"varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
	"varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
	"Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
	"equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪", "gg": "≫",
	"leqslant": "⩽", "geqslant": "⩾", "prec": "≺", "succ": "≻", "doteq": "≐",
	"times": "×", "div": "÷", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮",
	"ddots": "⋱", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "•",
	"oplus": "⊕", "otimes": "⊗", "odot": "⊙", "setminus": "∖",
	"infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃", "nexists": "∄",
	"neg": "¬", "lnot": "¬", "land": "∧", "wedge": "∧", "lor": "∨", "vee": "∨",
	"in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
	"supseteq": "⊇", "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅",
	"bigcup": "⋃", "bigcap": "⋂",
	"to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
	"Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⇒", "iff": "⇔",
	"mapsto": "↦", "longrightarrow": "⟶", "longleftarrow": "⟵", "Longrightarrow": "⟹",
	"uparrow": "↑", "downarrow": "↓",
	"sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
	"angle": "∠", "perp": "⊥", "parallel": "∥", "mid": "∣", "nmid": "∤", "vert": "|", "Vert": "‖",
	"langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
	"lbrace": "{", "rbrace": "}", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
	"hbar": "ℏ", "ell": "ℓ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "prime": "′", "degree": "°",
	"therefore": "∴", "because": "∵", "top": "⊤", "bot": "⊥", "triangle": "△", "square": "□",
	"quad": "  ", "qquad": "    ", "colon": ":", "backslash": "\\",
	"displaystyle": "", "limits": "", "nolimits": "",
}

// texWords are the operator names TeX sets upright, written as words.
var texWords = map[string]string{
	"lim": "lim", "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
	"arcsin": "arcsin", "arccos": "arccos", "arctan": "arctan", "sinh": "sinh", "cosh": "cosh",
	"tanh": "tanh", "log": "log", "ln": "ln", "lg": "lg", "exp": "exp", "max": "max", "min": "min",
	"sup": "sup", "inf": "inf", "det": "det", "gcd": "gcd", "deg": "deg", "dim": "dim",
	"ker": "ker", "arg": "arg", "Pr": "Pr", "mod": " mod ", "bmod": " mod ", "limsup": "lim sup",
	"liminf": "lim inf", "argmax": "argmax", "argmin": "argmin",
}
