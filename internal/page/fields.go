package page

import (
	"fmt"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/sanitize"
)

// Front matter values arrive as whatever the YAML, TOML or JSON decoder
// produced; these helpers coerce them the way Hugo does (a bare scalar where
// a list is expected is a one-element list, "true" is a boolean, ...).

// Strings are sanitised after decoding, not only before: YAML and JSON
// escapes ("\e", "\u001b") can produce control characters from clean bytes.
func str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case time.Time:
		return v.Format(time.RFC3339)
	default:
		s, err := ToString(v)
		if err != nil {
			s = fmt.Sprint(v)
		}
		return Clean(s)
	}
}

// Clean makes a string from a file (front matter, file names, site
// settings) safe for a terminal and single-line.
func Clean(s string) string {
	return strings.Join(strings.Fields(sanitize.Text(s)), " ")
}

func boolean(m map[string]any, key string) bool {
	if f, ok := m[key].(float64); ok {
		return f != 0 // as spf13/cast: 0.5 is true
	}
	b, _ := ToBool(m[key])
	return b
}

func integer(m map[string]any, key string) int {
	if f, ok := m[key].(float64); ok {
		return int(f) // as spf13/cast: 1.5 is 1
	}
	if _, ok := m[key].(bool); ok {
		return 0
	}
	n, _ := ToInt(m[key])
	return n
}

func list(m map[string]any, key string) []string {
	switch m[key].(type) {
	case nil, map[string]any, []map[string]any:
		return nil
	}
	var out []string
	for _, s := range ToStrings(m[key]) {
		if s = Clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// distinct drops the repeats of a list, keeping its order: a post listed
// twice under a term would count twice in the related posts and show twice
// in the term's list (`tags: [go, go]`, or ten thousand of them).
func distinct(l []string) []string {
	seen := make(map[string]bool, len(l))
	out := l[:0]
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// dateLayouts are the forms Hugo accepts for front matter dates (a subset of
// spf13/cast's list that covers what static site generators write).
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05", // no zone: site time zone
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05-0700",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"02 Jan 2006",
	"January 2, 2006",
	"Jan 2, 2006",
}

// date reads a date field. An empty value means "no date" (zero time).
// Dates without a zone are read in loc.
func date(m map[string]any, key string, loc *time.Location) (time.Time, error) {
	switch v := m[key].(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return v, nil
	case string:
		return parseDate(v, loc)
	default:
		// TOML local dates and times have their own types with a
		// String method in one of the layouts above.
		return parseDate(fmt.Sprint(v), loc)
	}
}

func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}
