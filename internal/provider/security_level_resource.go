package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

var (
	_ resource.ResourceWithConfigure   = (*securityLevelResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*securityLevelResource)(nil)
	_ resource.ResourceWithImportState = (*securityLevelResource)(nil)
)

func newSecurityLevelResource() resource.Resource { return &securityLevelResource{} }

// securityLevelResource manages a custom API-only security level and its whole permission
// matrix. Only zones with the extended profile have security levels in their API.
type securityLevelResource struct{ apiResource }

type securityLevelModel struct {
	ID          types.Int64  `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	IsActive    types.Bool   `tfsdk:"is_active"`
	CopyFrom    types.String `tfsdk:"copy_from"`
	Permissions types.Map    `tfsdk:"permissions"`
}

const (
	// permCanLogin is the one permission that defaults to enabled and can never be re-enabled
	// once a level is saved without it.
	permCanLogin = "web_services_api.can_login"
	// copyFromNoCosts is the other system API-only level a custom level can be copied from.
	copyFromNoCosts = "API User (system) Can't Read Costs (API-only)"
	// privateReplacing is the private state key that carries the id of a level being replaced.
	privateReplacing = "replacing_level_id"
)

// publicZoneLevelsMessage says what a zone speaking the published API cannot do.
const publicZoneLevelsMessage = "This zone speaks the published Autotask API (the public profile), which has no security " +
	"level entity: security levels can only be made and edited in the Autotask UI. A level made there is given to an API " +
	"user by its id, as the UI shows it, in autotask_api_user's security_level_id."

func (r *securityLevelResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_security_level"
}

func (r *securityLevelResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom API-only security level and its whole permission matrix. Keys left out of `permissions` " +
			"take their no-access default, so the configuration describes the whole level and an edit made in the UI to any " +
			"row shows as a planned change. Needs a zone with the `extended` profile (see the `autotask_zone` data source); " +
			"on a zone that speaks the published Autotask API the plan fails and says how to make the level by hand.\n\n" +
			"After an import only the rows that differ from their defaults are known, so a configuration that lists only " +
			"such rows (every template does) imports with no changes; one that also lists default values explicitly shows one " +
			"update after the import, which changes nothing in Autotask.\n\n" +
			"Destroying a level deletes it when no resource holds it. Autotask never deletes resources, so once the level's API " +
			"users are destroyed (deactivated) it is deactivated instead, with a warning, and its name stays taken. Destroy " +
			"fails while an active resource holds the level, naming them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "The level's id; it goes into an API user's `security_level_id`.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The level's name, up to 100 characters. Names are unique in the zone, compared " +
					"case-insensitively, among all levels: system and inactive ones too.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 100), stringvalidator.RegexMatches(nonBlank, "must not be blank")},
			},
			"is_active": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				MarkdownDescription: "Whether the level is active (default `true`). A level held by an active resource cannot be deactivated.",
			},
			"copy_from": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The system API-only level the new level is copied from: `" + permissions.SystemAPILevel +
					"` (default) or `" + copyFromNoCosts + "`. Autotask records it only when the level is created, so " +
					"changing it replaces the level. After an import it is the level the zone says it was copied from.",
				Validators: []validator.String{stringvalidator.OneOf(permissions.SystemAPILevel, copyFromNoCosts)},
				PlanModifiers: []planmodifier.String{
					copyFromPlan{},
					stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !req.ConfigValue.IsNull() && !req.StateValue.IsNull()
					}, "Autotask records the level a security level was copied from only when it creates the level.",
						"Autotask records the level a security level was copied from only when it creates the level."),
				},
			},
			"permissions": schema.MapAttribute{
				Required:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Permission values keyed by catalogue key (the `autotask_permission_catalog` data source " +
					"lists every key and its allowed values). Keys left out take their default: no access, except " +
					"`web_services_api.can_login`, which stays enabled unless set to `\"false\"` (which can never be undone). " +
					"Unknown keys, alias keys and values that are not allowed fail at plan time. After a refresh it also holds " +
					"every row the zone has at a value other than its default, so a change made in the UI shows as a planned " +
					"change; with the defaults it describes the whole matrix, which the `autotask_security_level` data source " +
					"lists as `effective_permissions`.",
				Validators: []validator.Map{permissionsValidator{}},
			},
		},
	}
}

// ModifyPlan guards the irreversible Web Services API login setting, and checks against the
// zone what validators cannot: the profile, a free name, and the level to copy. The zone checks
// run only when the values are known and only for what changes, so a plan without changes costs
// no API call beyond the cached profile.
func (r *securityLevelResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan securityLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *securityLevelModel
	if !req.State.Raw.IsNull() {
		state = &securityLevelModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
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
		// When Terraform replaces the level (copy_from, -replace), it plans the new one
		// next, with no state but this private data: it tells the name check that the level
		// holding the name is the one being replaced.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacing, []byte(strconv.FormatInt(state.ID.ValueInt64(), 10)))...)
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
	if !plan.Name.IsUnknown() && (state == nil || normalizedName(state.Name.ValueString()) != normalizedName(plan.Name.ValueString())) {
		var self int64
		if state != nil {
			self = state.ID.ValueInt64()
		} else if raw, d := req.Private.GetKey(ctx, privateReplacing); !d.HasError() && raw != nil {
			self, _ = strconv.ParseInt(string(raw), 10, 64)
		}
		checkNameIsFree(ctx, c, plan.Name.ValueString(), self, &resp.Diagnostics)
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
				"this level, and API users holding it can no longer sign in. If that is not intended, remove the key or set it to \"true\" before applying.")
	case prior[permCanLogin] == "false" && effective[permCanLogin] == "true":
		diags.AddAttributeError(path.Root("permissions").AtMapKey(permCanLogin), "Web Services API login cannot be re-enabled",
			"The level was saved with \"Can login to Web Services API\" cleared (outside Terraform, or by an earlier apply), and "+
				"Autotask never lets it be checked again. Either set \"web_services_api.can_login\" = \"false\" to accept that, or "+
				"make a new level: give it a new name and run terraform state rm on this resource before applying (Terraform then "+
				"creates the new level; move the users and delete the old level in the UI).")
	}
}

func (r *securityLevelResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan securityLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, nil) {
		return
	}
	copyFromID, err := r.data.copyFromID(ctx, c, plan.CopyFrom.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("copy_from"), "Cannot copy from this security level", err.Error())
		return
	}
	level, d := expandSecurityLevel(ctx, plan, copyFromID)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := c.Create(ctx, autotask.SecurityLevels, level)
	if autotask.IsUncertain(err) {
		// The level may exist: names are unique, so look it up rather than create a second.
		id, err = adoptCreatedLevel(ctx, c, plan.Name.ValueString(), err)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the security level", err.Error())
		return
	}
	// Record the id first: if reading it back fails, Terraform still tracks the new level.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacing, nil)...) // only plans need it
	m, _, found, d := readSecurityLevel(ctx, c, id, &plan)
	if d.HasError() || !found {
		// The level exists: keep it as planned rather than fail (which would taint it, and a
		// replacement would then meet its own name). The next refresh reads it.
		resp.Diagnostics.Append(warnings(d)...)
		resp.Diagnostics.AddWarning("Security level created but not read back",
			fmt.Sprintf("Security level %d was created; reading it back failed, so the state holds it as planned until the next refresh.", id))
		plan.ID = types.Int64Value(id)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// adoptCreatedLevel looks up a level whose create had an uncertain outcome.
func adoptCreatedLevel(ctx context.Context, c *autotask.Client, name string, createErr error) (int64, error) {
	found, err := c.SecurityLevelsNamed(ctx, name)
	if err != nil {
		return 0, fmt.Errorf("%w; looking the level up by name to see whether it was made also failed: %w", createErr, err)
	}
	for _, l := range found {
		if !l.IsSystem {
			return l.ID, nil
		}
	}
	return 0, fmt.Errorf("%w. No level named %q exists, so the zone did not make it: applying again is safe", createErr, name)
}

func (r *securityLevelResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	var state securityLevelModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// On a public zone every level would read as missing: refuse rather than forget them.
	if !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, nil) {
		return
	}
	m, _, found, d := readSecurityLevel(ctx, c, state.ID.ValueInt64(), &state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *securityLevelResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan, state securityLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	patch, d := expandSecurityLevelPatch(ctx, state, plan)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(patch) > 1 {
		if _, err := c.Patch(ctx, autotask.SecurityLevels, patch); err != nil {
			resp.Diagnostics.AddError("Cannot update the security level", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacing, nil)...)
	m, _, found, d := readSecurityLevel(ctx, c, state.ID.ValueInt64(), &plan)
	resp.Diagnostics.Append(d...)
	if !found && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("Security level vanished", fmt.Sprintf("Security level %d was deleted outside Terraform during the update.", state.ID.ValueInt64()))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete deletes the level when no resource holds it. Autotask refuses to delete a level that
// any resource holds, even an inactive one, which is the normal case once its API users were
// destroyed (they are deactivated, never deleted): then the level is deactivated and kept.
func (r *securityLevelResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state securityLevelModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueInt64()
	holders, err := c.SecurityLevelHolders(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot tell which resources hold the security level", err.Error())
		return
	}
	var active []string
	for _, h := range holders {
		if h.IsActive {
			active = append(active, fmt.Sprintf("%s %s (%s, id %d)", h.FirstName, h.LastName, h.UserName, h.ID))
		}
	}
	switch {
	case len(active) > 0:
		resp.Diagnostics.AddError("The security level is in use",
			fmt.Sprintf("Security level %q (id %d) cannot be destroyed while active resources hold it: %s. Give them another "+
				"level or deactivate them (destroying their autotask_api_user resources does), then apply again.",
				state.Name.ValueString(), id, strings.Join(active, ", ")))
	case len(holders) > 0:
		if state.IsActive.ValueBool() {
			if _, err := c.Patch(ctx, autotask.SecurityLevels, map[string]any{"id": id, "isActive": false}); err != nil {
				resp.Diagnostics.AddError("Cannot deactivate the security level", err.Error())
				return
			}
		}
		resp.Diagnostics.AddWarning("Security level deactivated, not deleted",
			fmt.Sprintf("Autotask keeps security level %q (id %d) because %d inactive resource(s) still hold it, and resources are "+
				"never deleted. It is now inactive and no longer managed by Terraform; its name stays taken. To manage it again, "+
				"import it: import { to = autotask_security_level.<name>\n  id = \"%d\" }", state.Name.ValueString(), id, len(holders), id))
	default:
		if err := c.Delete(ctx, autotask.SecurityLevels, id); err != nil && !autotask.IsNotFound(err) {
			resp.Diagnostics.AddError("Cannot delete the security level", err.Error())
		}
	}
}

// ImportState takes a level by id or by name. System levels cannot be managed.
func (r *securityLevelResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, nil) {
		return
	}
	id, err := strconv.ParseInt(strings.TrimSpace(req.ID), 10, 64)
	if err != nil {
		found, err := c.SecurityLevelsNamed(ctx, req.ID)
		switch {
		case err != nil:
			resp.Diagnostics.AddError("Cannot look the security level up", err.Error())
			return
		case len(found) == 0:
			resp.Diagnostics.AddError("Security level not found", fmt.Sprintf("No security level is named %q. Import takes a level's id or its exact name.", req.ID))
			return
		}
		id = found[0].ID
	}
	m, level, found, d := readSecurityLevel(ctx, c, id, nil)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
		return
	case !found:
		resp.Diagnostics.AddError("Security level not found", fmt.Sprintf("The zone has no security level with id %d.", id))
		return
	case level.IsSystem:
		resp.Diagnostics.AddError("System security levels cannot be managed",
			fmt.Sprintf("%q (id %d) is a system security level: Autotask does not let anyone edit or delete it. Read it with the "+
				"autotask_security_level data source, or copy it with copy_from in a new autotask_security_level.", m.Name.ValueString(), id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readSecurityLevel reads a level and flattens it, and returns the level as the zone has it.
// prior is the state or plan the read follows (nil for an import or the data source): its
// permission keys stay in permissions whatever their value, and its copy_from is kept, since
// the zone only records it at create.
func readSecurityLevel(ctx context.Context, c *autotask.Client, id int64, prior *securityLevelModel) (m securityLevelModel, level autotask.SecurityLevel, found bool, diags diag.Diagnostics) {
	if err := c.Get(ctx, autotask.SecurityLevels, id, &level); err != nil {
		if autotask.IsNotFound(err) {
			return m, level, false, nil
		}
		diags.AddError("Cannot read the security level", err.Error())
		return m, level, false, diags
	}
	owned := map[string]bool{}
	copyFrom := types.StringNull()
	if prior != nil {
		for k := range prior.Permissions.Elements() {
			owned[k] = true
		}
		copyFrom = prior.CopyFrom
	}
	if copyFrom.IsNull() && level.CopiedFromSecurityLevelID != nil {
		var from autotask.SecurityLevel
		switch err := c.Get(ctx, autotask.SecurityLevels, *level.CopiedFromSecurityLevelID, &from); {
		case err == nil:
			copyFrom = types.StringValue(from.Name)
		case !autotask.IsNotFound(err): // a level deleted since leaves copy_from null
			diags.AddError("Cannot read the level this security level was copied from", err.Error())
			return m, level, false, diags
		}
	}
	m, d := flattenSecurityLevel(ctx, level, copyFrom, owned)
	diags.Append(d...)
	return m, level, true, diags
}

// zoneHasSecurityLevels reports whether the zone's API serves security levels, and says what to
// do instead when it does not; byHand, when set, renders the manual steps for the configuration
// (only then: it costs more than the rest of a plan's checks).
func zoneHasSecurityLevels(ctx context.Context, c *autotask.Client, diags *diag.Diagnostics, byHand func() string) bool {
	profile, err := c.Profile(ctx)
	switch {
	case err != nil:
		diags.AddError("Cannot tell the zone's API profile", err.Error())
		return false
	case profile != autotask.ProfileExtended:
		steps := ""
		if byHand != nil {
			steps = byHand()
		}
		diags.AddError("The zone's API cannot manage security levels", publicZoneLevelsMessage+steps)
		return false
	}
	return true
}

// levelByHand renders the UI steps that make the planned level, for a zone whose API cannot.
func levelByHand(plan securityLevelModel, perms map[string]string, known bool) string {
	if !known || plan.Name.IsUnknown() || plan.CopyFrom.IsUnknown() {
		return ""
	}
	return "\n\nTo make this level by hand:\n\n" + permissions.SecurityLevelSteps(plan.CopyFrom.ValueString(), plan.Name.ValueString(), perms) +
		"\nThen remove this autotask_security_level from the configuration and put the new level's id, as the UI shows it, " +
		"straight into security_level_id of the API users that need it."
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

// copyFromPlan plans the default on create and the state's value otherwise, so an imported
// level keeps whatever the zone says it was copied from instead of planning a replacement.
type copyFromPlan struct{}

func (copyFromPlan) Description(context.Context) string {
	return "defaults to " + permissions.SystemAPILevel + " on create and keeps the state's value after"
}

func (m copyFromPlan) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (copyFromPlan) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.PlanValue = types.StringValue(permissions.SystemAPILevel)
		return
	}
	resp.PlanValue = req.StateValue
}

// expandSecurityLevel builds the create body: the whole matrix, so the level does not depend
// on the zone's own defaults.
func expandSecurityLevel(ctx context.Context, plan securityLevelModel, copyFromID int64) (autotask.SecurityLevel, diag.Diagnostics) {
	var diags diag.Diagnostics
	perms, _ := stringMap(ctx, plan.Permissions, &diags)
	return autotask.SecurityLevel{
		Name:                      plan.Name.ValueString(),
		IsActive:                  plan.IsActive.ValueBool(),
		IsAPIOnly:                 true,
		CopiedFromSecurityLevelID: &copyFromID,
		Permissions:               permissionRows(permissions.Default().Diff(nil, permissions.Default().FillDefaults(perms))),
	}, diags
}

// expandSecurityLevelPatch builds a PATCH of what changed: the id, then only the fields and
// permission rows whose values differ between state and plan.
func expandSecurityLevelPatch(ctx context.Context, state, plan securityLevelModel) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	patch := map[string]any{"id": state.ID.ValueInt64()}
	if !plan.Name.Equal(state.Name) {
		patch["name"] = plan.Name.ValueString()
	}
	if !plan.IsActive.Equal(state.IsActive) {
		patch["isActive"] = plan.IsActive.ValueBool()
	}
	from, _ := stringMap(ctx, state.Permissions, &diags)
	to, _ := stringMap(ctx, plan.Permissions, &diags)
	c := permissions.Default()
	if rows := permissionRows(c.Diff(c.FillDefaults(from), c.FillDefaults(to))); len(rows) > 0 {
		patch["permissions"] = rows
	}
	return patch, diags
}

// permissionRows turns changes into the rows to write: each key with its new value.
func permissionRows(changes []permissions.Change) []autotask.PermissionRow {
	rows := make([]autotask.PermissionRow, 0, len(changes))
	for _, ch := range changes {
		rows = append(rows, autotask.PermissionRow{Key: ch.Key, Value: ch.To})
	}
	return rows
}

// flattenSecurityLevel maps a level to the model. permissions holds the owned keys with the
// zone's values, plus every other row whose value differs from its default, so a UI edit to
// any row is a planned change.
func flattenSecurityLevel(ctx context.Context, l autotask.SecurityLevel, copyFrom types.String, owned map[string]bool) (securityLevelModel, diag.Diagnostics) {
	matrix := catalogRows(l)
	configured := permissions.Default().WithoutDefaults(matrix)
	for k := range owned {
		if v, ok := matrix[k]; ok {
			configured[k] = v
		}
	}
	m := securityLevelModel{ID: types.Int64Value(l.ID), Name: types.StringValue(l.Name), IsActive: types.BoolValue(l.IsActive), CopyFrom: copyFrom}
	var diags diag.Diagnostics
	m.Permissions, diags = types.MapValueFrom(ctx, types.StringType, configured)
	return m, diags
}

// catalogRows is the level's matrix. Rows the catalogue does not know are left out: the
// provider cannot manage them.
func catalogRows(l autotask.SecurityLevel) map[string]string {
	catalog := permissions.Default()
	rows := map[string]string{}
	for k, v := range l.PermissionMap() {
		if _, known := catalog.Lookup(k); known {
			rows[k] = v
		}
	}
	return rows
}
