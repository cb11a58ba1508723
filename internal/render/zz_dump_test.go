package render

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	xansi "github.com/charmbracelet/x/ansi"
)

func TestZZDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	w, _ := strconv.Atoi(os.Getenv("W"))
	out, err := Markdown(string(b), w, Style(os.Getenv("S")))
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("STRIP") != "" {
		out = xansi.Strip(out)
	}
	fmt.Println(out)
}
