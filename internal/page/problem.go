package page

import "fmt"

// Problem is a content file that could not be used as it is now, or was
// used with a warning. If an earlier version parsed, that version is still
// served. It lives here, with the page, so that the site and the store can
// both report problems without importing each other.
type Problem struct {
	Path string
	Line int
	Err  string
}

// String is "PATH:LINE: REASON" on one line, safe for a terminal (file
// names can hold escape sequences too).
func (p Problem) String() string {
	if p.Line > 0 {
		return Clean(fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Err))
	}
	return Clean(fmt.Sprintf("%s: %s", p.Path, p.Err))
}
