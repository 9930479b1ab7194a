package autotasksim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fieldType is a field's data type, spelled as entityInformation/fields reports it in dataType.
// "integer" and "string" are documented; the other spellings are the simulator's best reading of
// the API and clients should not depend on them.
type fieldType string

const (
	typeInteger  fieldType = "integer"
	typeLong     fieldType = "long"
	typeString   fieldType = "string"
	typeBoolean  fieldType = "boolean"
	typeDateTime fieldType = "datetime"
	typeDouble   fieldType = "double"
	typeDecimal  fieldType = "decimal"
	// The extended profile's two list types: a list of integer ids (Resources.lineOfBusinessIDs)
	// and a list of {"key","value"} objects (SecurityLevels.permissions).
	typeIntegerList    fieldType = "integer[]"
	typePermissionList fieldType = "object[]"
)

// Stored values use one Go type per fieldType: int64 for integer and long, float64 for double and
// decimal, string, bool and time.Time (UTC, millisecond precision like SQL Server's datetime),
// []int64 for integer lists and permissionSet for permission lists. A missing key or nil means
// null. Stored lists and sets are never modified in place: a write stores a new one.

// timeLayouts are the date-time shapes accepted in bodies, filters and state files. A value
// without a zone is taken as UTC, which is how the API treats all entity time data.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
}

// coerce converts a loosely typed JSON value (decoded with UseNumber) to the storage type of f.
// The API accepts strings for numbers and booleans ("0", "True"), so the simulator does as well.
func coerce(f *field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	var (
		out any
		err error
	)
	switch f.Type {
	case typeInteger, typeLong:
		var n int64
		n, err = toInt(v)
		if err == nil && f.Type == typeInteger && (n < math.MinInt32 || n > math.MaxInt32) {
			err = fmt.Errorf("out of range")
		}
		out = n
	case typeDouble, typeDecimal:
		out, err = toFloat(v)
	case typeBoolean:
		out, err = toBool(v)
	case typeDateTime:
		out, err = toTime(v)
	case typeIntegerList:
		return toIntList(f, v)
	case typePermissionList:
		return toPermissionSet(f, v)
	default:
		out, err = toString(v)
	}
	if err != nil {
		return nil, fmt.Errorf("the value %s is not valid for field %s (%s)", describe(v), f.Name, f.Type)
	}
	return out, nil
}

func toInt(v any) (int64, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case float64:
		return floatToInt(x)
	case json.Number:
		return parseIntString(string(x))
	case string:
		return parseIntString(strings.TrimSpace(x))
	}
	return 0, fmt.Errorf("not an integer")
}

func parseIntString(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	return floatToInt(f)
}

func floatToInt(f float64) (int64, error) {
	if f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("not an integer")
	}
	return int64(f), nil
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case float64:
		return x, nil
	case json.Number:
		return strconv.ParseFloat(string(x), 64)
	case string:
		return strconv.ParseFloat(strings.TrimSpace(x), 64)
	}
	return 0, fmt.Errorf("not a number")
}

func toBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case json.Number:
		switch x.String() {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	}
	return false, fmt.Errorf("not a boolean")
}

func toTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Truncate(time.Millisecond), nil
	case string:
		s := strings.TrimSpace(x)
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC().Truncate(time.Millisecond), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("not a date-time")
}

func toString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	}
	return "", fmt.Errorf("not a string")
}

// toIntList converts a JSON array of integers (loosely typed, like single values).
func toIntList(f *field, v any) (any, error) {
	switch x := v.(type) {
	case []int64:
		return append([]int64{}, x...), nil
	case []any:
		out := make([]int64, 0, len(x))
		for _, item := range x {
			n, err := toInt(item)
			if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
				return nil, fmt.Errorf("the value %s in %s is not an integer", describe(item), f.Name)
			}
			out = append(out, n)
		}
		return out, nil
	}
	return nil, fmt.Errorf("the value %s is not valid for field %s (an array of integers)", describe(v), f.Name)
}

// permissionSet is a security level's permission matrix: catalogue key -> value, always a string
// on the wire ("all", "yes", "true", "10").
type permissionSet map[string]string

// permissionRow is one row of the permissions array on the wire.
type permissionRow struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// toPermissionSet converts a permissions array, [{"key":"...","value":"..."}, ...], to a set.
// Property names are case-insensitive; values may be sent as JSON booleans or numbers and are
// stored as their string form. Keys are checked against the catalogue by the field's write hook.
func toPermissionSet(f *field, v any) (any, error) {
	switch x := v.(type) {
	case permissionSet:
		out := make(permissionSet, len(x))
		for k, val := range x {
			out[k] = val
		}
		return out, nil
	case []any:
		out := make(permissionSet, len(x))
		for i, item := range x {
			obj, ok := item.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s[%d] must be an object with a key and a value", f.Name, i)
			}
			obj, err := foldKeys(obj)
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", f.Name, i, err)
			}
			key, isString := obj["key"].(string)
			if !isString || strings.TrimSpace(key) == "" {
				return nil, fmt.Errorf("%s[%d] has no key", f.Name, i)
			}
			raw, present := obj["value"]
			if !present || raw == nil {
				return nil, fmt.Errorf("%s[%d] (%s) has no value", f.Name, i, key)
			}
			val, err := toString(raw)
			if err != nil {
				return nil, fmt.Errorf("%s[%d] (%s): the value %s is not a string", f.Name, i, key, describe(raw))
			}
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("the permission %q is listed more than once", key)
			}
			out[key] = val
		}
		return out, nil
	}
	return nil, fmt.Errorf("the value %s is not valid for field %s (an array of {\"key\",\"value\"} objects)", describe(v), f.Name)
}

// describe renders a client-supplied value for an error message.
func describe(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// compareValues orders two stored values of the same field. Strings compare case-insensitively,
// as they do under the SQL Server collation Autotask runs on. ok is false when the values cannot
// be ordered against each other.
func compareValues(a, b any) (c int, ok bool) {
	switch x := a.(type) {
	case int64:
		y, isInt := b.(int64)
		if !isInt {
			return 0, false
		}
		return cmpOrdered(x, y), true
	case float64:
		y, isFloat := b.(float64)
		if !isFloat {
			return 0, false
		}
		return cmpOrdered(x, y), true
	case string:
		y, isString := b.(string)
		if !isString {
			return 0, false
		}
		return strings.Compare(strings.ToLower(x), strings.ToLower(y)), true
	case bool:
		y, isBool := b.(bool)
		if !isBool {
			return 0, false
		}
		switch {
		case x == y:
			return 0, true
		case !x:
			return -1, true
		default:
			return 1, true
		}
	case time.Time:
		y, isTime := b.(time.Time)
		if !isTime {
			return 0, false
		}
		return x.Compare(y), true
	}
	return 0, false
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sameValue reports whether two stored values are equal (nil equals nil only).
func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	switch x := a.(type) {
	case string:
		t, isString := b.(string)
		return isString && x == t
	case []int64:
		y, isList := b.([]int64)
		return isList && slices.Equal(x, y)
	case permissionSet:
		y, isSet := b.(permissionSet)
		return isSet && maps.Equal(x, y)
	}
	c, ok := compareValues(a, b)
	return ok && c == 0
}

// wireValue turns a stored value into what goes on the wire: date-times become UTC ISO 8601
// strings with a Z suffix and at most millisecond precision.
func wireValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return formatTime(x)
	case []int64:
		if x == nil {
			return []int64{}
		}
	case permissionSet:
		return x.rows()
	}
	return v
}

func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.999Z07:00")
}

// marshal encodes v without HTML escaping, so URLs in pageDetails keep their '&'.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// decodeJSON decodes data keeping numbers as json.Number so integers survive exactly.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return v, nil
}

// foldKeys lower-cases an object's keys. Autotask matches property names case-insensitively, so
// two keys that differ only in case are ambiguous and rejected.
func foldKeys(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		lk := strings.ToLower(k)
		if _, dup := out[lk]; dup {
			return nil, fmt.Errorf("the property %q is given more than once", k)
		}
		out[lk] = v
	}
	return out, nil
}
