package content

import (
	"fmt"
	"strconv"
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
	case nil:
		return ""
	case string:
		return clean(v)
	case time.Time:
		return v.Format(time.RFC3339)
	default:
		return clean(fmt.Sprint(v))
	}
}

// clean makes a front matter string safe and single-line.
func clean(s string) string {
	return strings.Join(strings.Fields(sanitize.Text(s)), " ")
}

func boolean(m map[string]any, key string) bool {
	switch v := m[key].(type) {
	case bool:
		return v
	case string:
		b, _ := strconv.ParseBool(strings.TrimSpace(v))
		return b
	case int, int64, float64:
		return fmt.Sprint(v) != "0"
	}
	return false
}

func integer(m map[string]any, key string) int {
	switch v := m[key].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	case string:
		n, _ := strconv.Atoi(strings.TrimSpace(v))
		return n
	}
	return 0
}

func list(m map[string]any, key string) []string {
	var out []string
	add := func(s string) {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	switch v := m[key].(type) {
	case string:
		add(v)
	case []any:
		for _, e := range v {
			add(fmt.Sprint(e))
		}
	case []string:
		for _, e := range v {
			add(e)
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
