package page

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The conversions below follow the weak decoding Hugo applies to front
// matter and settings (spf13/cast, mapstructure.WeakDecode): numbers and
// "true" strings are accepted where a string, integer or boolean is
// expected. The strict forms return an error for what cannot be
// converted, for configuration; front matter uses the lenient ones in
// fields.go, which fall back to the zero value.

// ToString converts a scalar to a string; nil is "".
func ToString(v any) (string, error) {
	switch vv := v.(type) {
	case nil:
		return "", nil
	case string:
		return vv, nil
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(vv), nil
	case float64:
		return strconv.FormatFloat(vv, 'f', -1, 64), nil
	case float32:
		return strconv.FormatFloat(float64(vv), 'f', -1, 32), nil
	}
	return "", fmt.Errorf("cannot use %T as a string", v)
}

// ToInt converts a number, or a string holding one, to an int; nil is 0.
// A number with a fraction is an error.
func ToInt(v any) (int, error) {
	switch vv := v.(type) {
	case nil:
		return 0, nil
	case int:
		return vv, nil
	case int64:
		return int(vv), nil
	case uint64:
		return int(vv), nil
	case float64:
		if vv != math.Trunc(vv) {
			return 0, fmt.Errorf("%v is not an integer", vv)
		}
		return int(vv), nil
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(vv))
		if err != nil {
			return 0, fmt.Errorf("%q is not an integer", vv)
		}
		return n, nil
	case bool:
		if vv {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("cannot use %T as an integer", v)
}

// ToBool converts a bool, a number or a string like "true" to a bool; nil
// and "" are false.
func ToBool(v any) (bool, error) {
	switch vv := v.(type) {
	case nil:
		return false, nil
	case bool:
		return vv, nil
	case string:
		if strings.TrimSpace(vv) == "" {
			return false, nil
		}
		b, err := strconv.ParseBool(strings.TrimSpace(vv))
		if err != nil {
			return false, fmt.Errorf("%q is not a boolean", vv)
		}
		return b, nil
	}
	n, err := ToInt(v)
	if err != nil {
		return false, fmt.Errorf("cannot use %T as a boolean", v)
	}
	return n != 0, nil
}

// ToStrings converts a list (or a single value) to []string, like Hugo's
// types.ToStringSlicePreserveString; a set but empty value gives an
// empty, non-nil slice.
func ToStrings(v any) []string {
	switch vv := v.(type) {
	case nil:
		return []string{}
	case string:
		return []string{vv}
	case []string:
		return append([]string{}, vv...)
	case []any:
		out := make([]string, 0, len(vv))
		for _, x := range vv {
			s, err := ToString(x)
			if err != nil {
				s = fmt.Sprint(x)
			}
			out = append(out, s)
		}
		return out
	}
	s, err := ToString(v)
	if err != nil {
		s = fmt.Sprint(v)
	}
	return []string{s}
}

// LowerKeys returns a copy of m with every map key lower-cased, recursing
// into nested maps but not into slices, as Hugo's maps.PrepareParams does.
// Keys that collide once lower-cased are merged in sorted order of the
// original keys, so the result does not depend on map iteration order.
func LowerKeys(m map[string]any) map[string]any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]any, len(m))
	for _, k := range keys {
		Merge(out, map[string]any{strings.ToLower(k): normalizeValue(m[k])})
	}
	return out
}

// normalizeValue converts any map value to a lower-cased map[string]any.
func normalizeValue(v any) any {
	switch vv := v.(type) {
	case map[string]any:
		return LowerKeys(vv)
	case map[any]any:
		m := make(map[string]any, len(vv))
		for k, x := range vv {
			m[fmt.Sprint(k)] = x
		}
		return LowerKeys(m)
	case map[string]string:
		m := make(map[string]any, len(vv))
		for k, x := range vv {
			m[k] = x
		}
		return LowerKeys(m)
	}
	return v
}

// Merge overwrites values in dst with those of src for common or new
// keys, merging recursively where both hold maps; this is how Hugo layers
// configuration files on top of each other (maps.SetParams).
func Merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if cur, ok := dst[k].(map[string]any); ok {
				Merge(cur, sm)
				continue
			}
		}
		dst[k] = v
	}
}
