package autotasksim

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

func TestCoerce(t *testing.T) {
	f := func(typ fieldType) *field { return &field{Name: "f", Type: typ} }
	ok := []struct {
		typ  fieldType
		in   any
		want any
	}{
		{typeInteger, json.Number("7"), int64(7)},
		{typeInteger, json.Number("7.0"), int64(7)},
		{typeInteger, " 42 ", int64(42)},
		{typeLong, json.Number("9007199254740993"), int64(9007199254740993)},
		{typeDouble, json.Number("1.25"), 1.25},
		{typeDecimal, "30.0000", 30.0},
		{typeBoolean, "False", false},
		{typeBoolean, json.Number("1"), true},
		{typeString, json.Number("12"), "12"},
		{typeString, true, "true"},
		{typeDateTime, "2025-02-17T15:21:11.757Z", time.Date(2025, 2, 17, 15, 21, 11, 757e6, time.UTC)},
		{typeDateTime, "2025-02-17T15:21:11", time.Date(2025, 2, 17, 15, 21, 11, 0, time.UTC)},
		{typeInteger, nil, nil},
	}
	for _, tc := range ok {
		t.Run(fmt.Sprintf("%s %#v", tc.typ, tc.in), func(t *testing.T) {
			got, err := coerce(f(tc.typ), tc.in)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
	bad := []struct {
		typ fieldType
		in  any
	}{
		{typeInteger, "x"}, {typeInteger, true}, {typeInteger, json.Number("2147483648")}, {typeLong, json.Number("1.5")},
		{typeDouble, "abc"}, {typeBoolean, "yes"}, {typeString, []any{"a"}}, {typeDateTime, "17/02/2025"}, {typeDateTime, json.Number("1")},
	}
	for _, tc := range bad {
		t.Run(fmt.Sprintf("%s %#v is refused", tc.typ, tc.in), func(t *testing.T) {
			if got, err := coerce(f(tc.typ), tc.in); err == nil {
				t.Errorf("got %#v, want an error", got)
			}
		})
	}
	if got := formatTime(time.Date(2025, 2, 17, 16, 21, 11, 757e6, time.FixedZone("CET", 3600))); got != "2025-02-17T15:21:11.757Z" {
		t.Errorf("formatTime = %s", got)
	}
	if got := formatTime(day(2022, 9, 5)); got != "2022-09-05T00:00:00Z" {
		t.Errorf("formatTime = %s", got)
	}
}
