package gansi

import "github.com/charmbracelet/x/ansi"

// stringWidth is ansi.StringWidth of b, counted without it for a line of
// printable ASCII only (the width is then its length).
func stringWidth(b []byte) int {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(string(b))
		}
	}
	return len(b)
}
