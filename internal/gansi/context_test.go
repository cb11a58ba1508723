package gansi

import (
	"strings"
	"sync"
	"testing"
)

// TestSharedPolicySanitizesConcurrently: the HTML policy every render
// shares (strictPolicy) strips tags from many goroutines at once as it
// does from one (run with -race, it also finds a write to the policy).
func TestSharedPolicySanitizesConcurrently(t *testing.T) {
	inputs := []string{"<b>bold</b> &amp; <i>it</i>", "<details><summary>a</summary>", "<script>x()</script>text", "<a href=\"https://a.example\">l</a>", "plain"}
	ctx := NewRenderContext(Options{})
	want := make([]string, len(inputs))
	for i, in := range inputs {
		want[i] = ctx.SanitizeHTML(in, true)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := NewRenderContext(Options{})
			for n := range 200 {
				i := (g + n) % len(inputs)
				if got := c.SanitizeHTML(inputs[i], true); got != want[i] {
					t.Errorf("%q: got %q, want %q", inputs[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	if strings.Contains(want[0], "<") {
		t.Fatalf("not stripped: %q", want[0])
	}
}
