package gansi

import "testing"

// TestFormatsParsedOnceWriteTheSame: a style format parsed once per
// render writes, for every text and every use, what it writes parsed
// anew (as upstream parses it for each element).
func TestFormatsParsedOnceWriteTheSame(t *testing.T) {
	f := formats{}
	for range 2 {
		for _, format := range []string{"\n--------\n", "Image: {{.text}} →", "{{.text}}", "[{{.text}}]", "{{ .text | Upper }}", "{{ .text | ToUpper }}"} {
			for _, text := range []string{"", "a", "some text", "{{.text}}"} {
				got, err := f.format(format, text)
				want, err2 := formats(nil).format(format, text)
				if got != want || (err == nil) != (err2 == nil) {
					t.Errorf("format %q of %q: %q (%v), parsed anew %q (%v)", format, text, got, err, want, err2)
				}
			}
		}
	}
	if len(f) == 0 {
		t.Error("no format kept")
	}
}
