package hugoconfig

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// mergeStrategyKey is Hugo's per-map merge instruction ("_merge"); it is
// not user data and is dropped from what Site exposes.
const mergeStrategyKey = "_merge"

// lowerKeys returns a copy of m with every map key lower-cased, recursing
// into nested maps but not into slices, as Hugo's maps.PrepareParams does.
// Keys that collide once lower-cased are merged in sorted order of the
// original keys, so the result does not depend on map iteration order.
func lowerKeys(m map[string]any) map[string]any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]any, len(m))
	for _, k := range keys {
		setParam(out, strings.ToLower(k), normalizeValue(m[k]))
	}
	return out
}

// normalizeValue converts any map value to a lower-cased map[string]any.
func normalizeValue(v any) any {
	switch vv := v.(type) {
	case map[string]any:
		return lowerKeys(vv)
	case map[any]any:
		m := make(map[string]any, len(vv))
		for k, x := range vv {
			m[fmt.Sprint(k)] = x
		}
		return lowerKeys(m)
	case map[string]string:
		m := make(map[string]any, len(vv))
		for k, x := range vv {
			m[k] = x
		}
		return lowerKeys(m)
	}
	return v
}

// setParam sets dst[k] = v, merging recursively when both sides are maps.
func setParam(dst map[string]any, k string, v any) {
	if src, ok := v.(map[string]any); ok {
		if cur, ok := dst[k].(map[string]any); ok {
			setParams(cur, src)
			return
		}
	}
	dst[k] = v
}

// setParams overwrites values in dst with those of src for common or new
// keys, recursively; this is how Hugo layers configuration files on top of
// each other (maps.SetParams in gohugoio/hugo).
func setParams(dst, src map[string]any) {
	for k, v := range src {
		setParam(dst, k, v)
	}
}

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
			setParam(mm, "menus", v)
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
