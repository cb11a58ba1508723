package hugoconfig

import "strings"

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
		for k, v := range m {
			if pat, ok := v.(string); ok && strings.TrimSpace(pat) != "" {
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
