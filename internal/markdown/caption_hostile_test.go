package markdown

import (
	"runtime"
	"strings"
	"testing"
)

// TestLongFigcaptionLinear: a <figcaption> of many text pieces (text
// between empty tags, 160 KB here, 10 MB in a hostile post) is read in
// linear work. The caption was grown by string concatenation, copying it
// whole at each piece: 200 MB of copies for this one, hundreds of
// gigabytes (minutes of a worker, not stopped by the render budget, which
// is checked between pieces) for 10 MB. Measured in bytes allocated, not
// time, so a loaded machine cannot fail it.
func TestLongFigcaptionLinear(t *testing.T) {
	s := "<figure><img src=a.png><figcaption>" + strings.Repeat("a<b></b>", 20000) + "</figcaption></figure>"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	media := htmlMedia(s)
	runtime.ReadMemStats(&after)
	if len(media) != 1 || media[0].Caption != strings.Repeat("a", 20000) {
		t.Fatalf("media %d, caption of %d bytes", len(media), len(media[0].Caption))
	}
	if got, bound := after.TotalAlloc-before.TotalAlloc, uint64(100*len(s)); got > bound {
		t.Errorf("reading a %d KB caption allocated %d MB (bound %d MB)", len(s)>>10, got>>20, bound>>20)
	}
}
