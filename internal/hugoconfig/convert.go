package hugoconfig

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The conversions below follow the weak decoding Hugo applies to its
// settings (mapstructure.WeakDecode and spf13/cast): numbers and "true"
// strings are accepted where a string, integer or boolean is expected.

// firstString returns the first non-empty string among the keys of m.
func firstString(m map[string]any, keys ...string) (string, error) {
	for _, k := range keys {
		s, err := toString(m[k])
		if err != nil {
			return "", fmt.Errorf("%s: %w", k, err)
		}
		if s != "" {
			return s, nil
		}
	}
	return "", nil
}

// toString converts a scalar like Hugo's weak decoding does; nil is "".
func toString(v any) (string, error) {
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

// toInt converts a number, or a string holding one, to an int; nil is 0.
func toInt(v any) (int, error) {
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

// toBool converts a bool, a number or a string like "true" to a bool.
func toBool(v any) (bool, error) {
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
	n, err := toInt(v)
	if err != nil {
		return false, fmt.Errorf("cannot use %T as a boolean", v)
	}
	return n != 0, nil
}

// toStringSlice converts a list (or a single string) to []string, like
// Hugo's types.ToStringSlicePreserveString; a set but empty value gives an
// empty, non-nil slice.
func toStringSlice(v any) []string {
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
			s, err := toString(x)
			if err != nil {
				s = fmt.Sprint(x)
			}
			out = append(out, s)
		}
		return out
	}
	s, _ := toString(v)
	return []string{s}
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
		s, err := toString(x)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = s
	}
	return out, nil
}
