package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The resources' own plan modifiers.

// defaultOnCreate plans a default for a new object and the state's value after, so an object
// imported with the zone's own value (or none, from a zone that cannot read the attribute)
// plans no change.
func defaultOnCreate(value string) planmodifier.String {
	return defaultOnCreateModifier{described(fmt.Sprintf("defaults to %q on create and keeps the state's value after", value)), value}
}

type defaultOnCreateModifier struct {
	described
	value string
}

func (m defaultOnCreateModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	switch {
	case !req.ConfigValue.IsNull():
	case req.State.Raw.IsNull():
		resp.PlanValue = types.StringValue(m.value)
	default:
		resp.PlanValue = req.StateValue
	}
}

// sameTextIgnoringCase plans the state's value when the configuration differs from it only in
// case: Autotask compares the value case-insensitively, so such a change is no change.
func sameTextIgnoringCase() planmodifier.String {
	return sameTextModifier{"a value that differs from the state's only in case keeps the state's"}
}

type sameTextModifier struct{ described }

func (sameTextModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	c, s := req.ConfigValue, req.StateValue
	if !c.IsNull() && !c.IsUnknown() && !s.IsNull() && !s.IsUnknown() && strings.EqualFold(c.ValueString(), s.ValueString()) {
		resp.PlanValue = s
	}
}

// requiresReplaceOnChange replaces the object when a configured value differs from a known state
// value: Autotask sets the attribute only at creation. A null state value (an import that could
// not read it, or a plan that left it to the zone) plans no replacement.
func requiresReplaceOnChange(why string) planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !req.ConfigValue.IsNull() && !req.StateValue.IsNull()
	}, why, why)
}

// trackingSource plans a tracking attribute left out of the configuration: null when the
// configuration sets the other source (exactly one is used), otherwise the state's value, so an
// imported user may leave both out.
func trackingSource(other string) planmodifier.String {
	return trackingSourceModifier{described("null when " + other + " is set; otherwise the state's value"), other}
}

type trackingSourceModifier struct {
	described
	other string
}

func (m trackingSourceModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var other types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(m.other), &other)...)
	if req.State.Raw.IsNull() || !other.IsNull() {
		resp.PlanValue = types.StringNull()
		return
	}
	resp.PlanValue = req.StateValue
}
