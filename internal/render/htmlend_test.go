package render

import "testing"

// TestHTMLBlockEndRefusesAsLowering compares htmlBlockEnd, which refuses
// a line by its first two bytes before lowering it, with what lowering
// every line finds (loweredBlockEnd), on every second byte and the
// openings in both cases.
func TestHTMLBlockEndRefusesAsLowering(t *testing.T) {
	lines := []string{"", "<", "<\n", "<details>", "<summary>a</summary>", "<SCRIPT>", "<Script>x</script>",
		"<PRE", "<pre>a</PRE>", "<STYLE>", "<TextArea>", "<!-- a", "<!-- a -->", "<?x", "<?x?>", "<![CDATA[x",
		"<![cdata[x]]>", "<!DOCTYPE html", "<!x>", "<ſcript>", "<\u212aa>", "<İ"}
	for c := 0; c < 256; c++ {
		lines = append(lines, "<"+string(rune(c))+"cript>", "<"+string([]byte{byte(c)})+"re", "<"+string([]byte{byte(c)}))
	}
	for _, l := range lines {
		if got, want := htmlBlockEnd(l), loweredBlockEnd(l); got != want {
			t.Errorf("%q: %q, want %q", l, got, want)
		}
	}
}
