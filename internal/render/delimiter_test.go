package render

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// tableDelimiterRE is the table delimiter row as a regular expression,
// which isTableDelimiter reads byte by byte.
var tableDelimiterRE = regexp.MustCompile(`^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)

// TestTableDelimiterAsExpression: isTableDelimiter answers as the regular
// expression does, for every line of up to 6 bytes of " |-:\tx" and for
// random longer ones: a table is cut into pieces by it (its header
// repeated after a cut).
func TestTableDelimiterAsExpression(t *testing.T) {
	const alphabet = " |-:\tx"
	check := func(line string) {
		if got, want := isTableDelimiter(line), tableDelimiterRE.MatchString(line); got != want {
			t.Errorf("isTableDelimiter(%q) = %v, the expression %v", line, got, want)
		}
	}
	everyString(alphabet, 6, check)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, 7+r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet)-1)] // mostly rows that may match
		}
		check(string(b))
	}
	for _, l := range []string{"|---|:--:|", "   | --- | :-: |  ", "----", "|-|-|-", "    |---|", ":-:|"} {
		check(l)
	}
}

// everyString calls check with every string of up to n bytes of alphabet.
func everyString(alphabet string, n int, check func(string)) {
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for i := range len(alphabet) {
			all(prefix+alphabet[i:i+1], n-1)
		}
	}
	all("", n)
}
