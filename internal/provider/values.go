package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions from Go values to framework values shared by several data sources.

// stringList converts a Go slice to a list value; nil becomes an empty list, not null, so
// module authors can call length() on it.
func stringList(items []string) types.List {
	elems := make([]attr.Value, len(items))
	for i, it := range items {
		elems[i] = types.StringValue(it)
	}
	return types.ListValueMust(types.StringType, elems)
}

// optionalString maps "" to null, so an unused alternative reads as "not set" downstream.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// nonBlank matches a string with at least one character that is not white space.
var nonBlank = regexp.MustCompile(`\S`)

// stringMap converts a map of strings. known is false while the map or any value is unknown;
// a null map is empty.
func stringMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) (out map[string]string, known bool) {
	if m.IsUnknown() {
		return nil, false
	}
	for _, v := range m.Elements() {
		if v.IsUnknown() {
			return nil, false
		}
	}
	out = map[string]string{}
	if !m.IsNull() {
		diags.Append(m.ElementsAs(ctx, &out, false)...)
	}
	return out, true
}

// int64Set converts a set of numbers. known is false while the set or any element is unknown;
// a null set is empty.
func int64Set(ctx context.Context, s types.Set) (out []int64, known bool) {
	if s.IsUnknown() {
		return nil, false
	}
	for _, v := range s.Elements() {
		if v.IsUnknown() {
			return nil, false
		}
	}
	if !s.IsNull() {
		s.ElementsAs(ctx, &out, false)
	}
	return out, true
}
