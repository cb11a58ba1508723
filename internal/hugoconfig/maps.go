package hugoconfig

import (
	"path/filepath"
	"strings"

	"github.com/sshblog/sshblog/internal/page"
)

// mergeStrategyKey is Hugo's per-map merge instruction ("_merge"); it is
// not user data and is dropped from what Site exposes.
const mergeStrategyKey = "_merge"

// mergeMissing adds to dst the keys of src that dst lacks, recursing where
// both hold maps; values already in dst win. This is Hugo's "deep" merge
// strategy, used to merge a language's params with the root params.
func mergeMissing(dst, src map[string]any) {
	for k, v := range src {
		if k == mergeStrategyKey {
			continue
		}
		cur, found := dst[k]
		if !found {
			dst[k] = cloneValue(v)
			continue
		}
		cm, ok1 := cur.(map[string]any)
		sm, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			mergeMissing(cm, sm)
		}
	}
}

// cloneMap returns a deep copy of m (maps and slices are copied).
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch vv := v.(type) {
	case map[string]any:
		return cloneMap(vv)
	case []any:
		out := make([]any, len(vv))
		for i, x := range vv {
			out[i] = cloneValue(x)
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(vv))
		for i, x := range vv {
			out[i] = cloneMap(x)
		}
		return out
	}
	return v
}

// cleanParams returns a deep copy of m without Hugo's "_merge" keys.
func cleanParams(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k == mergeStrategyKey {
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			out[k] = cleanParams(sub)
			continue
		}
		out[k] = cloneValue(v)
	}
	return out
}

// renameMenu renames the pre-0.53 singular "menu" key to "menus" at the
// root and below languages.<code>, as Hugo's config.RenameKeys does.
func renameMenu(m map[string]any) {
	rename := func(mm map[string]any) {
		if v, ok := mm["menu"]; ok {
			delete(mm, "menu")
			page.Merge(mm, map[string]any{"menus": v})
		}
	}
	rename(m)
	if langs, ok := m["languages"].(map[string]any); ok {
		for _, l := range langs {
			if lm, ok := l.(map[string]any); ok {
				rename(lm)
			}
		}
	}
}

// configDirKeyPath returns where Hugo mounts the content of a file found in
// the configuration directory (config.LoadConfigFromDir in gohugoio/hugo):
//
//   - hugo.* and config.*: the root (nil path);
//   - params.toml: params; menus.toml: menus; taxonomies.yaml: taxonomies...
//   - params.<lang>.toml: languages.<lang>.params;
//   - menu(s).<lang>.toml: languages.<lang>.menus;
//   - any other <key>.<lang>.toml: languages.<lang>.
func configDirKeyPath(path string) []string {
	base := filepath.Base(path)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	for _, n := range configBaseNames {
		if name == n {
			return nil
		}
	}
	lang := strings.TrimPrefix(filepath.Ext(name), ".")
	if lang == "" {
		return []string{name}
	}
	name = strings.TrimSuffix(name, "."+lang)
	keyPath := []string{"languages", lang}
	switch name {
	case "menu", "menus":
		keyPath = append(keyPath, "menus")
	case "params":
		keyPath = append(keyPath, "params")
	}
	return keyPath
}

// nest wraps item in maps along keyPath: nest(x, [a b]) = {a: {b: x}}.
func nest(item map[string]any, keyPath []string) map[string]any {
	if len(keyPath) == 0 {
		return item
	}
	var out any = item
	for i := len(keyPath) - 1; i >= 0; i-- {
		out = map[string]any{keyPath[i]: out}
	}
	return out.(map[string]any)
}
