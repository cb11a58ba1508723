package render

import (
	"strings"
	"testing"
)

// htmlBlockEndLowering is htmlBlockEnd as it was, lowering every line
// that starts with "<": the reference for its quick refusal.
func htmlBlockEndLowering(line string) string {
	if !strings.HasPrefix(line, "<") {
		return ""
	}
	lower := strings.ToLower(line)
	for _, k := range [...]struct{ open, end string }{
		{"<!--", "-->"}, {"<?", "?>"}, {"<![cdata[", "]]>"}, {"<!", ">"},
		{"<script", "</script>"}, {"<pre", "</pre>"}, {"<style", "</style>"}, {"<textarea", "</textarea>"},
	} {
		if strings.HasPrefix(lower, k.open) {
			if strings.Contains(lower[len(k.open):], k.end) {
				return ""
			}
			return k.end
		}
	}
	return ""
}

// TestHTMLBlockEndRefusesAsLowering compares htmlBlockEnd, which refuses
// a line by its second byte before lowering it, with the lowering one,
// on every second byte and the openings in both cases.
func TestHTMLBlockEndRefusesAsLowering(t *testing.T) {
	lines := []string{"", "<", "<\n", "<details>", "<summary>a</summary>", "<SCRIPT>", "<Script>x</script>",
		"<PRE", "<pre>a</PRE>", "<STYLE>", "<TextArea>", "<!-- a", "<!-- a -->", "<?x", "<?x?>", "<![CDATA[x",
		"<![cdata[x]]>", "<!DOCTYPE html", "<!x>", "<ſcript>", "<\u212aa>", "<İ"}
	for c := 0; c < 256; c++ {
		lines = append(lines, "<"+string(rune(c))+"cript>", "<"+string([]byte{byte(c)})+"re", "<"+string([]byte{byte(c)}))
	}
	for _, l := range lines {
		if got, want := htmlBlockEnd(l), htmlBlockEndLowering(l); got != want {
			t.Errorf("%q: %q, want %q", l, got, want)
		}
	}
}
