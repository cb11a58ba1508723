package gansi

import (
	"reflect"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// TestStyleZeroIsIsZero checks styleZero against uv.Style.IsZero on the
// styles the pens read from glamour's sequences, and the zero style.
func TestStyleZeroIsIsZero(t *testing.T) {
	for _, params := range [][]ansi.Param{{}, {0}, {1}, {3}, {4}, {9}, {38, 5, 252}, {48, 5, 1}, {58, 5, 3}, {1, 0}, {22}, {39}} {
		var s uv.Style
		uv.ReadStyle(params, &s)
		if styleZero(&s) != s.IsZero() {
			t.Errorf("params %v: styleZero %v, IsZero %v", params, styleZero(&s), s.IsZero())
		}
	}
	if !styleZero(&uv.Style{}) {
		t.Error("the zero style is not zero")
	}
	// styleZero reads the fields uv.Style has: a field added to it must be
	// added there.
	if n := reflect.TypeFor[uv.Style]().NumField(); n != 5 {
		t.Errorf("uv.Style has %d fields, styleZero reads 5", n)
	}
}

// TestOpenPenIsTheChecks checks OpenPen, the one "is a style or a link
// left open after this sequence" check of penIdle, fitsIdle and render's
// fitsAsIs and neutralCut, against the checks each made: an SGR sequence
// sets a style unless it is ESC[m or ESC[0m; a link is open after an OSC 8
// sequence unless it is the empty one, which, for the links osc8Len reads,
// is its "sets a link".
func TestOpenPenIsTheChecks(t *testing.T) {
	sgrs := []string{"\x1b[m", "\x1b[0m", "\x1b[00m", "\x1b[1m", "\x1b[38;5;252m", "\x1b[;m", "\x1b[0;1m", "\x1b[39m"}
	links := []string{"\x1b]8;;\x07", "\x1b]8;;\x1b\\", "\x1b]8;;https://a.example/\x07", "\x1b]8;id=1;\x07", "\x1b]8;id=1;x\x1b\\", "\x1b]8;;;\x07", "\x1b]8;x\x07"}
	for _, before := range []OpenPen{{}, {Style: true}, {Link: true}, {true, true}} {
		for _, seq := range sgrs {
			pen := before
			pen.See(seq)
			if want := (OpenPen{seq != "\x1b[m" && seq != "\x1b[0m", before.Link}); pen != want || SGRLen(seq) != len(seq) {
				t.Errorf("%+v, then %q: %+v, want %+v", before, seq, pen, want)
			}
		}
		for _, seq := range links {
			pen := before
			pen.See(seq)
			want := OpenPen{before.Style, seq != "\x1b]8;;\x07" && seq != "\x1b]8;;\x1b\\"}
			if pen != want {
				t.Errorf("%+v, then %q: %+v, want %+v", before, seq, pen, want)
			}
			if n, set := osc8Len(seq); n == len(seq) && set != pen.Link {
				t.Errorf("%q: osc8Len says it sets a link: %v, OpenPen: %v", seq, set, pen.Link)
			}
			if pen.Open() != (pen.Style || pen.Link) {
				t.Errorf("%+v: Open says %v", pen, pen.Open())
			}
		}
	}
}
