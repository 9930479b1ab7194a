package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

const (
	// permCanLogin is the one permission that defaults to enabled and can never be re-enabled
	// once a level is saved without it.
	permCanLogin = "web_services_api.can_login"
	// copyFromNoCosts is the other system API-only level a custom level can be copied from.
	copyFromNoCosts = "API User (system) Can't Read Costs (API-only)"
	// privateReplacingLevel is the private state key of the level a replacement replaces
	// (rememberReplaced).
	privateReplacingLevel = "replacing_level_id"
)

// ModifyPlan guards the irreversible Web Services API login setting, and checks against the
// zone what validators cannot: the profile, a free name, and the level to copy. The zone checks
// run only when the values are known and only for what changes, so a plan without changes costs
// no API call beyond the cached profile.
func (r *securityLevelResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	plan, state, ok := planned[securityLevelModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}

	planned, known := stringMap(ctx, plan.Permissions, &resp.Diagnostics)
	replacing := state != nil && !state.CopyFrom.IsNull() && !plan.CopyFrom.Equal(state.CopyFrom)
	if known && !replacing {
		checkCanLogin(ctx, state, planned, &resp.Diagnostics)
	}
	replacingCopy := replacing && !plan.CopyFrom.IsUnknown()
	if replacingCopy {
		resp.Diagnostics.AddAttributeWarning(path.Root("copy_from"), "The security level will be replaced",
			fmt.Sprintf("copy_from changes from %s to %s. Autotask records it only when it creates a level, so Terraform "+
				"destroys this level and creates a new one; move its API users to the new level.", state.CopyFrom, plan.CopyFrom))
	}
	if state != nil {
		resp.Diagnostics.Append(rememberReplaced(ctx, resp.Private, privateReplacingLevel, state.ID.ValueInt64())...)
		if !plan.IsActive.IsUnknown() && !replacing {
			r.data.planLevelActive(state.ID.ValueInt64(), plan.IsActive.ValueBool())
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	c := r.data.planClient(ctx, &resp.Diagnostics)
	if c == nil || !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, func() string { return levelByHand(plan, planned, known) }) {
		return
	}
	if replacingCopy {
		refuseReplacingAHeldLevel(ctx, c, *state, &resp.Diagnostics)
	}
	if state != nil && state.IsActive.ValueBool() && !plan.IsActive.IsUnknown() && !plan.IsActive.ValueBool() && !replacing {
		refuseDeactivatingAHeldLevel(ctx, c, *state, &resp.Diagnostics)
	}
	if !plan.Name.IsUnknown() && (state == nil || normalizedName(state.Name.ValueString()) != normalizedName(plan.Name.ValueString())) {
		self := replacedID(ctx, req.Private, privateReplacingLevel)
		if state != nil {
			self = state.ID.ValueInt64()
		}
		checkNameIsFree(ctx, c, plan.Name.ValueString(), self, &resp.Diagnostics)
		if state == nil && self == 0 {
			r.checkCustomLevelLimit(ctx, c, plan.Name.ValueString(), &resp.Diagnostics)
		}
	}
	if state == nil && !plan.CopyFrom.IsUnknown() {
		_, err := r.data.copyFromID(ctx, c, plan.CopyFrom.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("copy_from"), "Cannot copy from this security level", err.Error())
		}
	}
}

// checkCanLogin warns before Web Services API login is cleared, which can never be undone, and
// refuses a plan that would turn it back on after it was cleared outside Terraform.
func checkCanLogin(ctx context.Context, state *securityLevelModel, planned map[string]string, diags *diag.Diagnostics) {
	catalog := permissions.Default()
	effective := catalog.FillDefaults(planned)
	prior := catalog.FillDefaults(nil) // a new level starts from the defaults: login enabled
	if state != nil {
		// State holds every row that differs from its default (flattenSecurityLevel).
		held, _ := stringMap(ctx, state.Permissions, diags)
		prior = catalog.FillDefaults(held)
	}
	switch {
	case prior[permCanLogin] != "false" && effective[permCanLogin] == "false":
		diags.AddAttributeWarning(path.Root("permissions").AtMapKey(permCanLogin), "Web Services API login will be cleared for good",
			"This plan saves the level with \"Can login to Web Services API\" cleared. Autotask never lets it be checked again on "+
				"this level. It concerns only the SOAP Web Services API (versions 1.5 and earlier): REST sign-in, which this "+
				"provider and most vendors use, depends only on the level being API-only. If that is not intended, remove the key "+
				"or set it to \"true\" before applying.")
	case prior[permCanLogin] == "false" && effective[permCanLogin] == "true":
		diags.AddAttributeError(path.Root("permissions").AtMapKey(permCanLogin), "Web Services API login cannot be re-enabled",
			"The level was saved with \"Can login to Web Services API\" cleared (outside Terraform, or by an earlier apply), and "+
				"Autotask never lets it be checked again. Either set \"web_services_api.can_login\" = \"false\" to accept that, or "+
				"make a new level: give it a new name and run terraform state rm on this resource before applying (Terraform then "+
				"creates the new level; move the users and delete the old level in the UI).")
	}
}

// zoneHasSecurityLevels reports whether the zone's API serves security levels, and says what to
// do instead when it does not; byHand, when set, renders the manual steps for the configuration
// (only then: it costs more than the rest of a plan's checks).
func zoneHasSecurityLevels(ctx context.Context, c *autotask.Client, diags *diag.Diagnostics, byHand func() string) bool {
	caps, ok := zoneCapabilities(ctx, c, diags)
	if ok && !caps.ManagesSecurityLevels() {
		steps := ""
		if byHand != nil {
			steps = byHand()
		}
		diags.AddError("The zone's API cannot manage security levels", publicZoneLevelsMessage+steps)
	}
	return ok && caps.ManagesSecurityLevels()
}

// checkNameIsFree refuses a name another level holds. An inactive holder is most often this
// configuration's own level from before a destroy, which Autotask keeps: say how to take it back.
func checkNameIsFree(ctx context.Context, c *autotask.Client, name string, self int64, diags *diag.Diagnostics) {
	found, err := c.SecurityLevelsNamed(ctx, name)
	if err != nil {
		diags.AddError("Cannot check that the security level name is free", err.Error())
		return
	}
	for _, l := range found {
		switch {
		case l.ID == self:
		case l.IsSystem:
			diags.AddAttributeError(path.Root("name"), "Security level name taken",
				fmt.Sprintf("%q is the name of a system security level (id %d). Choose another name.", l.Name, l.ID))
		case !l.IsActive:
			diags.AddAttributeError(path.Root("name"), "Security level name taken",
				fmt.Sprintf("An inactive security level, %q (id %d), holds this name: Autotask keeps a level that resources still "+
					"hold when it is destroyed, and names stay taken. To manage it again, import it:\n\n"+
					"import {\n  to = <this resource's address>\n  id = \"%d\"\n}\n\nor choose another name.", l.Name, l.ID, l.ID))
		default:
			diags.AddAttributeError(path.Root("name"), "Security level name taken",
				fmt.Sprintf("The security level %q (id %d) already has this name (names are compared case-insensitively). "+
					"Import it (terraform import <address> %d) or choose another name. If it is this resource's own level, "+
					"marked tainted, replace it with terraform apply -replace=<address> instead, which Terraform plans as a replacement.",
					l.Name, l.ID, l.ID))
		}
	}
}

// refuseReplacingAHeldLevel stops a replacement that cannot finish: Autotask keeps a level any
// resource holds, so the old level would keep the name and the new one could not be created.
func refuseReplacingAHeldLevel(ctx context.Context, c *autotask.Client, state securityLevelModel, diags *diag.Diagnostics) {
	holders, err := c.SecurityLevelHolders(ctx, state.ID.ValueInt64())
	switch {
	case err != nil:
		diags.AddError("Cannot tell which resources hold the security level", err.Error())
	case len(holders) > 0:
		diags.AddAttributeError(path.Root("copy_from"), "The security level cannot be replaced",
			fmt.Sprintf("Changing copy_from replaces the level, but %d resource(s), active or inactive, hold %q (id %d), so Autotask "+
				"would keep it and its name. Keep copy_from as it is, or give the new level a new name as a separate resource and "+
				"move the users to it.", len(holders), state.Name.ValueString(), state.ID.ValueInt64()))
	}
}

// refuseDeactivatingAHeldLevel stops a deactivation the zone refuses: a level active resources
// hold stays active. Terraform updates a level before the users that refer to it, so even users
// this plan moves or deactivates still hold it then: they need an apply of their own first.
func refuseDeactivatingAHeldLevel(ctx context.Context, c *autotask.Client, state securityLevelModel, diags *diag.Diagnostics) {
	holders, err := c.SecurityLevelHolders(ctx, state.ID.ValueInt64())
	if err != nil {
		diags.AddError("Cannot tell which resources hold the security level", err.Error())
		return
	}
	var active []string
	for _, h := range holders {
		if h.IsActive {
			active = append(active, fmt.Sprintf("%q (resource %d)", h.UserName, h.ID))
		}
	}
	if len(active) > 0 {
		diags.AddAttributeError(path.Root("is_active"), "The security level cannot be deactivated",
			fmt.Sprintf("Active resources hold %q (id %d): %s. Autotask deactivates a level only when no active resource holds it, "+
				"and Terraform would change the level before its users. First move those users to another level or deactivate them, "+
				"and apply; then set is_active = false.", state.Name.ValueString(), state.ID.ValueInt64(), strings.Join(active, ", ")))
	}
}

// copyFromLevels are the levels a custom level can be copied from: the system API-only levels.
var copyFromLevels = []string{permissions.SystemAPILevel, copyFromNoCosts}

// copyFromLevel allows the levels a custom level can be copied from, and suggests the nearest
// for any other name (the shared suggest rules), at validation, with no API call.
func copyFromLevel() validator.String { return copyFromValidator{} }

type copyFromValidator struct{}

func (copyFromValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be one of: %q", copyFromLevels)
}

func (v copyFromValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v copyFromValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || slices.Contains(copyFromLevels, req.ConfigValue.ValueString()) {
		return
	}
	value := req.ConfigValue.ValueString()
	// The wording of the framework's one-of check, which this replaces, then the suggestion.
	detail := fmt.Sprintf("Attribute %s %s, got: %q.", req.Path, v.Description(ctx), value)
	if did := suggest.DidYouMean(suggest.Closest(value, copyFromLevels, len(copyFromLevels))); did != "" {
		detail += " " + did
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value Match", detail)
}

// copyFromID returns the id of the active system API-only level named name. System levels
// never change, so the answer is kept for the provider's run.
func (d *providerData) copyFromID(ctx context.Context, c *autotask.Client, name string) (int64, error) {
	if id, ok := d.systemLevels.Load(name); ok {
		return id.(int64), nil //nolint:forcetypeassert // only int64 values are stored
	}
	id, err := resolveCopyFrom(ctx, c, name)
	if err == nil {
		d.systemLevels.Store(name, id)
	}
	return id, err
}

// resolveCopyFrom returns the id of the active system API-only level named name.
func resolveCopyFrom(ctx context.Context, c *autotask.Client, name string) (int64, error) {
	found, err := c.SecurityLevelsNamed(ctx, name)
	if err != nil {
		return 0, err
	}
	for _, l := range found {
		if l.IsSystem && l.IsAPIOnly && l.IsActive {
			return l.ID, nil
		}
	}
	return 0, fmt.Errorf("the zone has no active system API-only security level named %q", name)
}

func normalizedName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkCustomLevelLimit refuses, at plan, the new levels that would take the zone past its limit
// on custom levels (inactive ones count too), counting every level this run plans to create.
func (r *securityLevelResource) checkCustomLevelLimit(ctx context.Context, c *autotask.Client, name string, diags *diag.Diagnostics) {
	if r.data == nil {
		return
	}
	existing, planned, err := r.data.planNewLevel(ctx, c, normalizedName(name))
	switch {
	case err != nil:
		diags.AddError("Cannot count the zone's custom security levels", err.Error())
	case existing+planned > autotask.MaxCustomLevels:
		diags.AddAttributeError(path.Root("name"), "Too many custom security levels",
			fmt.Sprintf("The zone holds up to %d custom security levels, inactive ones included; it has %d, and this plan creates %d. "+
				"Delete unused levels in the Autotask UI (a level no resource holds), or reuse an existing level.",
				autotask.MaxCustomLevels, existing, planned))
	}
}
