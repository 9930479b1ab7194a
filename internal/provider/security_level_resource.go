package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
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
				Validators: []validator.String{copyFromLevel()},
				PlanModifiers: []planmodifier.String{
					defaultOnCreate(permissions.SystemAPILevel),
					requiresReplaceOnChange("Autotask records the level a security level was copied from only when it creates the level."),
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
				Validators: []validator.Map{permissionMap()},
			},
		},
	}
}

func (r *securityLevelResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan securityLevelModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, nil) {
		return
	}
	copyFromID, err := r.data.copyFromID(ctx, c, plan.CopyFrom.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("copy_from"), "Cannot copy from this security level", err.Error())
		return
	}
	body, d := expandSecurityLevelCreate(ctx, plan, copyFromID)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := c.CreateSecurityLevel(ctx, body)
	if autotask.IsUncertain(err) {
		id, err = securityLevel.adoptAfterUncertainCreate(ctx, customLevelNamed(c), plan.Name.ValueString(), r.data.settings.RequestTimeout, err)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the security level", err.Error())
		return
	}
	m, _, found, d := readSecurityLevel(ctx, c, id, &plan)
	if d.HasError() || !found {
		securityLevel.createdButNotReadBack(d, fmt.Sprintf("Security level %d was created; reading it back failed, so the state "+
			"holds it as planned until the next refresh.", id), &resp.Diagnostics)
		m = plan
		m.ID = types.Int64Value(id)
	} else {
		resp.Diagnostics.Append(d...)
	}
	resp.Diagnostics.Append(forgetReplaced(ctx, resp.Private, privateReplacingLevel)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *securityLevelResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	var state securityLevelModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	// On a public zone every level would read as missing: refuse rather than forget them.
	if resp.Diagnostics.HasError() || !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, nil) {
		return
	}
	m, _, found, d := readSecurityLevel(ctx, c, state.ID.ValueInt64(), &state)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
	case !found:
		resp.State.RemoveResource(ctx)
	default:
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
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
	if !patch.IsEmpty() {
		if err := c.UpdateSecurityLevel(ctx, patch); err != nil {
			resp.Diagnostics.AddError("Cannot update the security level", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(forgetReplaced(ctx, resp.Private, privateReplacingLevel)...)
	m, _, found, d := readSecurityLevel(ctx, c, state.ID.ValueInt64(), &plan)
	resp.Diagnostics.Append(d...)
	if !found && !resp.Diagnostics.HasError() {
		securityLevel.vanished(state.ID.ValueInt64(), &resp.Diagnostics)
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
			if err := c.DeactivateSecurityLevel(ctx, id); err != nil {
				resp.Diagnostics.AddError("Cannot deactivate the security level", err.Error())
				return
			}
		}
		resp.Diagnostics.AddWarning("Security level deactivated, not deleted",
			fmt.Sprintf("Autotask keeps security level %q (id %d) because %d inactive resource(s) still hold it, and resources are "+
				"never deleted. It is now inactive and no longer managed by Terraform; its name stays taken. To manage it again, "+
				"import it: import { to = autotask_security_level.<name>\n  id = \"%d\" }", state.Name.ValueString(), id, len(holders), id))
	default:
		if err := c.DeleteSecurityLevel(ctx, id); err != nil && !autotask.IsNotFound(err) {
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
	id, ok := securityLevel.importID(ctx, levelNamed(c), req.ID, &resp.Diagnostics)
	if !ok {
		return
	}
	m, level, found, d := readSecurityLevel(ctx, c, id, nil)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
		return
	case !found:
		securityLevel.missing(id, &resp.Diagnostics)
		return
	case level.IsSystem:
		resp.Diagnostics.AddError("System security levels cannot be managed",
			fmt.Sprintf("%q (id %d) is a system security level: Autotask does not let anyone edit or delete it. Read it with the "+
				"autotask_security_level data source, or copy it with copy_from in a new autotask_security_level.", m.Name.ValueString(), id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
