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
