package hugoconfig

import (
	"fmt"

	"github.com/sshblog/sshblog/internal/page"
)

// Settings are converted with page's conversions (page.ToString and
// friends): the weak decoding Hugo applies to front matter and settings
// alike, in one place.

// firstString returns the first non-empty string among the keys of m.
func firstString(m map[string]any, keys ...string) (string, error) {
	for _, k := range keys {
		s, err := page.ToString(m[k])
		if err != nil {
			return "", fmt.Errorf("%s: %w", k, err)
		}
		if s != "" {
			return s, nil
		}
	}
	return "", nil
}

// toTaxonomies converts the taxonomies setting to singular -> plural. Like
// Hugo (GetStringMapString), a value that is not a map gives no taxonomies.
func toTaxonomies(v any) (map[string]string, error) {
	out := map[string]string{}
	m, ok := v.(map[string]any)
	if !ok {
		return out, nil
	}
	for k, x := range m {
		if k == mergeStrategyKey {
			continue
		}
		s, err := page.ToString(x)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = s
	}
	return out, nil
}
