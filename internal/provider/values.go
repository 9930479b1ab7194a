package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
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
