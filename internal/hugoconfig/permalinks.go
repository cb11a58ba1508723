package hugoconfig

import (
	"maps"
	"slices"
	"strings"
)

// permalinks reads Hugo's permalinks setting for regular pages: the
// patterns by section of [permalinks] (the form before Hugo 0.112, which
// still applies to pages) and of [permalinks.page], which wins. Keys are
// section names or paths, lower case, without slashes around them;
// patterns of other kinds (section, taxonomy, term) are not read: those
// pages have no URL shown.
func permalinks(cfg map[string]any) map[string]string {
	raw, _ := cfg["permalinks"].(map[string]any)
	out := map[string]string{}
	add := func(m map[string]any) {
		// Keys that name one section ("posts", "/posts/") are taken in
		// an order of their own, not the map's, the one written without
		// slashes last: it wins at every load.
		keys := slices.Collect(maps.Keys(m))
		slices.SortFunc(keys, func(a, b string) int {
			exact := func(k string) bool { return strings.Trim(k, "/") == k }
			if ea, eb := exact(a), exact(b); ea != eb {
				if ea {
					return 1
				}
				return -1
			}
			return strings.Compare(a, b)
		})
		for _, k := range keys {
			if pat, ok := m[k].(string); ok && strings.TrimSpace(pat) != "" {
				if key := strings.Trim(strings.ToLower(k), "/"); key != "" {
					out[key] = strings.TrimSpace(pat)
				}
			}
		}
	}
	add(raw)
	if page, ok := raw["page"].(map[string]any); ok {
		add(page)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
