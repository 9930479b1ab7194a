package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

var (
	_ resource.ResourceWithConfigure        = (*apiUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*apiUserResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*apiUserResource)(nil)
	_ resource.ResourceWithImportState      = (*apiUserResource)(nil)
)

func newAPIUserResource() resource.Resource { return &apiUserResource{} }

// apiUserResource manages an API-only user: a Resource with the API User license, created with
// a generated username and secret. Autotask never deletes resources, so destroy deactivates.
type apiUserResource struct{ apiResource }

// apiUserModel is what the resource and the data source share.
type apiUserModel struct {
	ID                               types.Int64  `tfsdk:"id"`
	FirstName                        types.String `tfsdk:"first_name"`
	LastName                         types.String `tfsdk:"last_name"`
	Email                            types.String `tfsdk:"email"`
	UserName                         types.String `tfsdk:"user_name"`
	IsActive                         types.Bool   `tfsdk:"is_active"`
	IsLocked                         types.Bool   `tfsdk:"is_locked"`
	SecurityLevelID                  types.Int64  `tfsdk:"security_level_id"`
	LocationID                       types.Int64  `tfsdk:"location_id"`
	DateFormat                       types.String `tfsdk:"date_format"`
	TimeFormat                       types.String `tfsdk:"time_format"`
	NumberFormat                     types.String `tfsdk:"number_format"`
	LineOfBusinessIDs                types.Set    `tfsdk:"line_of_business_ids"`
	CanViewItemsWithNoLineOfBusiness types.Bool   `tfsdk:"can_view_items_with_no_line_of_business"`
	ProtectedDataPermission          types.String `tfsdk:"protected_data_permission"`
	IntegrationVendor                types.String `tfsdk:"integration_vendor"`
	IntegrationVendorID              types.Int64  `tfsdk:"integration_vendor_id"`
	InternalIntegrationName          types.String `tfsdk:"internal_integration_name"`
	TrackingIdentifier               types.String `tfsdk:"tracking_identifier"`
}

// apiUserResourceModel adds the credentials and lifecycle settings only the resource has.
type apiUserResourceModel struct {
	apiUserModel
	Secret                 types.String `tfsdk:"secret"`
	SecretRotationTriggers types.Map    `tfsdk:"secret_rotation_triggers"`
	SecretWO               types.String `tfsdk:"secret_wo"`
	SecretWOVersion        types.Int64  `tfsdk:"secret_wo_version"`
	OnDestroy              types.String `tfsdk:"on_destroy"`
}

const (
	generatedUserNameLength = 15
	generatedSecretLength   = 25
	onDestroyDeactivate     = "deactivate"
	onDestroyForget         = "forget"
)

func (r *apiUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_user"
}

func (r *apiUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := func() []planmodifier.String { return []planmodifier.String{stringplanmodifier.UseStateForUnknown()} }
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API-only user (a resource with the API User license) with a generated username and secret, " +
			"on a security level and tracked by an Integration Vendor or a custom internal integration. The secret is " +
			"generated before the user is created, kept in state as a sensitive value and rotated in place when " +
			"`secret_rotation_triggers` changes; with Terraform or OpenTofu 1.11 or later, `secret_wo` supplies your own secret " +
			"without it ever reaching state. Autotask never deletes resources: destroy deactivates the user (or, with " +
			"`on_destroy = \"forget\"`, leaves it as it is), and its username stays taken. Needs a zone with the `extended` profile.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed: true, MarkdownDescription: "The resource id of the user.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"first_name": schema.StringAttribute{Required: true, MarkdownDescription: "First name, up to 50 characters.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 50)}},
			"last_name": schema.StringAttribute{Required: true, MarkdownDescription: "Last name, up to 50 characters.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 50)}},
			"email": schema.StringAttribute{Required: true, MarkdownDescription: "Email address, checked offline.",
				Validators: []validator.String{emailValidator{}}},
			"user_name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("The username (the API key). Unset: %d generated lower-case letters and digits. "+
					"Letters and digits both required, none of `@ ( ) ; : [ ] | \\ \"`, no white space, at most %d characters, "+
					"unique among all resources, inactive ones too. Set only at creation: a change replaces the user.",
					generatedUserNameLength, autotask.MaxUserNameLength),
				Validators: []validator.String{userNameValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !req.ConfigValue.IsNull() && !req.StateValue.IsNull()
					}, "Autotask sets a username only when it creates the user.", "Autotask sets a username only when it creates the user.")},
			},
			"is_active": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the user is active (default `true`). An inactive user cannot sign in."},
			"is_locked": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether Autotask locked the user (after failed sign-ins). Only `false` may be set: it unlocks the user.",
				Validators:          []validator.Bool{unlockOnlyValidator{}},
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"security_level_id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Id of the user's security level: an active API-only level, such as an `autotask_security_level`'s " +
					"`id`. Required to create a user.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"location_id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Id of the Primary Internal Location (see the `autotask_internal_location` data source). Unset: the zone's default location.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"date_format":   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Date format, such as `MM/dd/yyyy`. Unset: the zone's default.", PlanModifiers: keep()},
			"time_format":   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Time format, such as `hh:mm a`. Unset: the zone's default.", PlanModifiers: keep()},
			"number_format": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Number format, such as `X,XXX.XX`. Unset: the zone's default.", PlanModifiers: keep()},
			"line_of_business_ids": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "Ids of the lines of business the user may see (see the `autotask_line_of_business` data source). Unset: the zone's value.",
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"can_view_items_with_no_line_of_business": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether the user sees items that have no line of business. Unset: the zone's value.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"protected_data_permission": schema.StringAttribute{
				Optional: true, Computed: true, PlanModifiers: []planmodifier.String{defaultOnCreate{"none"}},
				MarkdownDescription: "Access to protected data in asset user-defined fields: `none` (default), `view` or `edit`.",
				Validators:          []validator.String{stringvalidator.OneOf("none", "view", "edit")},
			},
			"integration_vendor": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The Integration Vendor that tracks the user, as the picklist names it (matched case-insensitively; " +
					"the `autotask_integration_vendors` data source lists them). Exactly one of this and `internal_integration_name` " +
					"is required to create a user. Set only at creation: a change replaces the user.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{trackingSourcePlan{other: "internal_integration_name"}},
			},
			"integration_vendor_id": schema.Int64Attribute{
				Computed: true, MarkdownDescription: "The Integration Vendor's picklist value; a vendor renamed in the picklist keeps it, so the rename is no change.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"internal_integration_name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The name of a Custom (Internal Integration): Autotask then generates `tracking_identifier`. " +
					"Set only at creation: a change replaces the user.",
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 100)},
				PlanModifiers: []planmodifier.String{trackingSourcePlan{other: "integration_vendor"}},
			},
			"tracking_identifier": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The API tracking identifier Autotask generated for an internal integration: send it to the " +
					"vendor with the username and secret. Null for a vendor-tracked user (only the vendor has its identifier).",
				PlanModifiers: keep(),
			},
			"secret": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: fmt.Sprintf("The user's secret (password): %d characters from a cryptographic source, generated "+
					"before the user is created. Autotask never returns it, so it lives only in state; it is null after an import "+
					"and when `secret_wo` is used.", generatedSecretLength),
				PlanModifiers: keep(),
			},
			"secret_rotation_triggers": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Any change to this map (adding or removing it too) generates a new secret and sets it in " +
					"place: the user and its id stay, and the old secret stops working at once. For scheduled rotation, put " +
					"`time_rotating`'s `id` in it.",
			},
			"secret_wo": schema.StringAttribute{
				Optional: true, WriteOnly: true, Sensitive: true,
				MarkdownDescription: "Your own secret, for example from an `ephemeral \"random_password\"`. Write-only (Terraform " +
					"and OpenTofu 1.11 and later): it is sent, never stored, and `secret` stays null. It must meet the zone's password " +
					"policy. Sent at creation and whenever `secret_wo_version` changes.",
			},
			"secret_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Change it to send `secret_wo` again. Required with `secret_wo`.",
			},
			"on_destroy": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(onDestroyDeactivate),
				MarkdownDescription: "What destroy does: `deactivate` (default) sets the user inactive; `forget` only removes it " +
					"from state. Autotask never deletes resources, and the username stays taken either way.",
				Validators: []validator.String{stringvalidator.OneOf(onDestroyDeactivate, onDestroyForget)},
			},
		},
	}
}

func (r *apiUserResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.Conflicting(path.MatchRoot("integration_vendor"), path.MatchRoot("internal_integration_name")),
		resourcevalidator.Conflicting(path.MatchRoot("secret_wo"), path.MatchRoot("secret_rotation_triggers")),
		resourcevalidator.RequiredTogether(path.MatchRoot("secret_wo"), path.MatchRoot("secret_wo_version")),
	}
}

// ModifyPlan decides the secret (unknown when it will be generated, null when write-only),
// requires what a create needs, replaces the user when its tracking source changes, and checks
// against the zone what validators cannot. Zone checks run only for what changes.
func (r *apiUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config apiUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *apiUserResourceModel
	if !req.State.Raw.IsNull() {
		state = &apiUserResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if state == nil {
		requireForCreate(config, &resp.Diagnostics)
		if config.IntegrationVendor.IsNull() {
			plan.IntegrationVendorID = types.Int64Null()
		}
	}
	if plan.IntegrationVendor.IsUnknown() {
		plan.IntegrationVendorID = types.Int64Unknown()
	}
	planSecret(&plan, config, state)
	if state != nil {
		// A replacement (tracking source, -replace) plans the new user next with no state
		// but this private data: it tells the username check which user is being replaced.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacingUser, []byte(strconv.FormatInt(state.ID.ValueInt64(), 10)))...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var replacing int64
	if raw, d := req.Private.GetKey(ctx, privateReplacingUser); state == nil && !d.HasError() && raw != nil {
		replacing, _ = strconv.ParseInt(string(raw), 10, 64)
	}
	if c := r.data.planClient(ctx, &resp.Diagnostics); c != nil {
		public := r.checkAgainstZone(ctx, c, &plan, state, replacing, &resp.Diagnostics)
		if public && state != nil && len(unverifiable(plan)) > 0 {
			warnOnce(ctx, req, resp, unverifiable(plan))
		}
	}
	if state != nil {
		resp.RequiresReplace = append(resp.RequiresReplace, trackingChanges(plan, *state, &resp.Diagnostics)...)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// unverifiable names the attributes a public zone cannot read that plan holds: Terraform keeps
// them from the configuration.
func unverifiable(plan apiUserResourceModel) []string {
	var names []string
	for name, v := range map[string]attr.Value{
		"security_level_id": plan.SecurityLevelID, "integration_vendor": plan.IntegrationVendor,
		"internal_integration_name": plan.InternalIntegrationName, "line_of_business_ids": plan.LineOfBusinessIDs,
		"can_view_items_with_no_line_of_business": plan.CanViewItemsWithNoLineOfBusiness,
		"protected_data_permission":               plan.ProtectedDataPermission,
	} {
		if !v.IsNull() {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// privateReplacingUser is the private state key that carries the id of a user being replaced.
const privateReplacingUser = "replacing_user_id"

// privateUnverifiedWarned marks a user whose unverifiable attributes were already warned about.
const privateUnverifiedWarned = "unverified_warned"

// warnOnce warns, once per resource, that a public zone cannot verify some attributes.
func warnOnce(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, names []string) {
	if warned, d := req.Private.GetKey(ctx, privateUnverifiedWarned); d.HasError() || warned != nil {
		return
	}
	resp.Diagnostics.AddWarning("The zone cannot verify some of this API user's settings",
		"This zone speaks the published Autotask API, which cannot read "+strings.Join(names, ", ")+". Terraform keeps them "+
			"as the configuration says, but cannot detect or repair a change made in the Autotask UI. This warning is shown once.")
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateUnverifiedWarned, []byte(`true`))...)
}

// requireForCreate reports what a new user needs: a security level and one tracking source.
func requireForCreate(config apiUserResourceModel, diags *diag.Diagnostics) {
	if config.SecurityLevelID.IsNull() {
		diags.AddAttributeError(path.Root("security_level_id"), "Missing security level",
			"A new API user needs security_level_id: the id of an active API-only security level, such as autotask_security_level.<name>.id.")
	}
	if config.IntegrationVendor.IsNull() && config.InternalIntegrationName.IsNull() {
		diags.AddAttributeError(path.Root("integration_vendor"), "Missing tracking identifier",
			"A new API user needs exactly one of integration_vendor (the vendor's name in the Integration Vendor picklist) and "+
				"internal_integration_name (a Custom (Internal Integration), for which Autotask generates the tracking identifier).")
	}
}

// planSecret: write-only secrets never reach state; a generated one is unknown until Create or
// a rotation makes it, and is otherwise the state's.
func planSecret(plan *apiUserResourceModel, config apiUserResourceModel, state *apiUserResourceModel) {
	switch {
	case !config.SecretWOVersion.IsNull():
		plan.Secret = types.StringNull()
	case state == nil,
		!plan.SecretRotationTriggers.Equal(state.SecretRotationTriggers),
		!state.SecretWOVersion.IsNull(): // from a write-only secret back to a generated one
		plan.Secret = types.StringUnknown()
	}
}

// trackingChanges lists the tracking attributes whose change replaces the user: Autotask sets
// the tracking source only at creation.
func trackingChanges(plan, state apiUserResourceModel, diags *diag.Diagnostics) path.Paths {
	var paths path.Paths
	for _, a := range []struct {
		name        string
		plan, state types.String
	}{
		{"integration_vendor", plan.IntegrationVendor, state.IntegrationVendor},
		{"internal_integration_name", plan.InternalIntegrationName, state.InternalIntegrationName},
	} {
		// A null state means the zone could not say (a public zone): the configuration is kept.
		// An unknown value may change the source, so it replaces, as RequiresReplace would.
		if a.plan.Equal(a.state) || a.state.IsNull() {
			continue
		}
		if a.name == "integration_vendor" && strings.EqualFold(a.plan.ValueString(), a.state.ValueString()) {
			continue
		}
		paths = append(paths, path.Root(a.name))
		diags.AddAttributeWarning(path.Root(a.name), "The API user will be replaced",
			fmt.Sprintf("%s changes from %s to %s. Autotask sets an API user's tracking identifier only when it creates the user, "+
				"so Terraform deactivates this user and creates a new one, with a new username and secret.", a.name, a.state, a.plan))
	}
	return paths
}

// checkAgainstZone checks the profile on create, resolves the vendor label, and checks the
// security level and the username, each only when known and changed.
func (r *apiUserResource) checkAgainstZone(ctx context.Context, c *autotask.Client, plan *apiUserResourceModel, state *apiUserResourceModel, replacing int64, diags *diag.Diagnostics) (public bool) {
	profile, err := c.Profile(ctx)
	if err != nil {
		diags.AddError("Cannot tell the zone's API profile", err.Error())
		return false
	}
	if state != nil || profile == autotask.ProfileExtended {
		checkUserReferences(ctx, c, *plan, state, diags)
	}
	if profile != autotask.ProfileExtended {
		if state == nil {
			diags.AddError("The zone's API cannot create API users", publicZoneUsersMessage+userByHand(ctx, c, *plan))
		} else if plan.Secret.IsUnknown() || !plan.SecretWOVersion.Equal(state.SecretWOVersion) {
			diags.AddAttributeError(path.Root("secret_rotation_triggers"), "The zone's API cannot set a secret",
				"This zone speaks the published Autotask API (the public profile), which cannot set an API user's secret. "+
					"Generate a new secret in the Autotask UI (edit the API user, Generate Secret) and give it to the vendor; "+
					"leave secret_rotation_triggers and secret_wo_version as they were.")
		}
		return true // the zone can check neither vendors nor security levels
	}
	if v := plan.IntegrationVendor; !v.IsNull() && !v.IsUnknown() && (state == nil || !strings.EqualFold(v.ValueString(), state.IntegrationVendor.ValueString())) {
		id, err := resolveVendor(ctx, c, v.ValueString())
		switch {
		case err != nil:
			diags.AddAttributeError(path.Root("integration_vendor"), "Unknown Integration Vendor", err.Error())
		case state != nil && state.IntegrationVendorID.ValueInt64() == id:
			plan.IntegrationVendor = state.IntegrationVendor // the same vendor, renamed: no change
		default:
			plan.IntegrationVendorID = types.Int64Value(id)
		}
	}
	if id := plan.SecurityLevelID; !id.IsUnknown() && !id.IsNull() && (state == nil || !id.Equal(state.SecurityLevelID)) {
		checkAPIUserLevel(ctx, c, id.ValueInt64(), diags)
	}
	if u := plan.UserName; state == nil && !u.IsNull() && !u.IsUnknown() {
		switch found, err := c.ResourcesNamed(ctx, u.ValueString()); {
		case err != nil:
			diags.AddError("Cannot check that the username is free", err.Error())
		case len(found) > 0 && found[0].ID != replacing:
			diags.AddAttributeError(path.Root("user_name"), "Username taken",
				fmt.Sprintf("The resource %d (%s %s, %s) already has the username %q; usernames are unique among all resources, "+
					"inactive ones too. Choose another, or leave user_name out to have one generated. If it is this resource's own "+
					"user, marked tainted, replace it with terraform apply -replace=<address> instead; the username stays taken, so "+
					"the new user needs another one.",
					found[0].ID, found[0].FirstName, found[0].LastName, activeWord(found[0].IsActive), found[0].UserName))
		}
	}
	return false
}

// checkUserReferences refuses, for what changes, a location, a line of business or a format the
// zone does not have, listing those it has: the zone itself would only refuse them at apply.
func checkUserReferences(ctx context.Context, c *autotask.Client, plan apiUserResourceModel, state *apiUserResourceModel, diags *diag.Diagnostics) {
	var prior apiUserResourceModel
	if state != nil {
		prior = *state
	}
	changed := func(v, was attr.Value) bool {
		return !v.IsNull() && !v.IsUnknown() && (state == nil || !v.Equal(was))
	}
	if changed(plan.LocationID, prior.LocationID) {
		checkLocation(ctx, c, plan.LocationID.ValueInt64(), diags)
	}
	for _, f := range []struct {
		attribute, field string
		value, was       types.String
	}{
		{"date_format", "dateFormat", plan.DateFormat, prior.DateFormat},
		{"time_format", "timeFormat", plan.TimeFormat, prior.TimeFormat},
		{"number_format", "numberFormat", plan.NumberFormat, prior.NumberFormat},
	} {
		if changed(f.value, f.was) {
			checkPicklistText(ctx, c, f.attribute, f.field, f.value.ValueString(), diags)
		}
	}
	if changed(plan.LineOfBusinessIDs, prior.LineOfBusinessIDs) {
		ids, _ := int64Set(ctx, plan.LineOfBusinessIDs)
		checkLinesOfBusiness(ctx, c, ids, diags)
	}
}

func checkLocation(ctx context.Context, c *autotask.Client, id int64, diags *diag.Diagnostics) {
	var loc internalLocation
	switch err := c.Get(ctx, "InternalLocations", id, &loc); {
	case autotask.IsNotFound(err):
		msg := fmt.Sprintf("The zone has no internal location with id %d.", id)
		if all, err := autotask.QueryAs[internalLocation](ctx, c, "InternalLocations", autotask.Query{}); err == nil && len(all) > 0 {
			have := make([]string, len(all))
			for i, l := range all {
				have[i] = fmt.Sprintf("%d (%s)", l.ID, l.Name)
			}
			msg += " Its locations: " + strings.Join(have, ", ") + "."
		}
		diags.AddAttributeError(path.Root("location_id"), "Unknown internal location", msg)
	case err != nil:
		diags.AddError("Cannot check the internal location", err.Error())
	}
}

// checkPicklistText refuses a value the zone's picklist for field does not have, in any case.
func checkPicklistText(ctx context.Context, c *autotask.Client, attribute, field, value string, diags *diag.Diagnostics) {
	values, err := c.Picklist(ctx, autotask.Resources, field)
	if err != nil {
		diags.AddError("Cannot check "+attribute, err.Error())
		return
	}
	have := make([]string, 0, len(values))
	for _, v := range values {
		if !v.IsActive {
			continue // the zone refuses inactive values
		}
		if strings.EqualFold(v.Value, value) {
			return
		}
		have = append(have, strconv.Quote(v.Value))
	}
	if len(have) == 0 {
		return // a zone with no picklist here checks the value itself
	}
	diags.AddAttributeError(path.Root(attribute), "Value not in the zone's picklist",
		fmt.Sprintf("%q is not one of the zone's values for %s: %s.", value, attribute, strings.Join(have, ", ")))
}

// checkLinesOfBusiness reads each id (batched with the other users' checks), and lists the
// zone's lines of business only when one is missing.
func checkLinesOfBusiness(ctx context.Context, c *autotask.Client, ids []int64, diags *diag.Diagnostics) {
	for _, id := range ids {
		var a orgLevelAssociation
		switch err := c.Get(ctx, "OrganizationalLevelAssociations", id, &a); {
		case autotask.IsNotFound(err):
			msg := fmt.Sprintf("The zone has no line of business with id %d.", id)
			if all, err := readLinesOfBusiness(ctx, c); err == nil && len(all) > 0 {
				have := make([]string, len(all))
				for i, l := range all {
					have[i] = fmt.Sprintf("%d (%s)", l.ID, l.name())
				}
				msg += " Its lines of business: " + strings.Join(have, ", ") + "."
			}
			diags.AddAttributeError(path.Root("line_of_business_ids"), "Unknown line of business", msg)
		case err != nil:
			diags.AddError("Cannot check the lines of business", err.Error())
			return
		}
	}
}

func activeWord(active bool) string {
	if active {
		return "active"
	}
	return "inactive"
}

// checkAPIUserLevel refuses a level an API user cannot hold: it must be active and API-only.
func checkAPIUserLevel(ctx context.Context, c *autotask.Client, id int64, diags *diag.Diagnostics) {
	_, levels, err := c.Capabilities(ctx, autotask.SecurityLevels)
	if err != nil || !levels {
		return // a zone without security levels in its API checks it itself
	}
	var level autotask.SecurityLevel
	switch err := c.Get(ctx, autotask.SecurityLevels, id, &level); {
	case autotask.IsNotFound(err):
		diags.AddAttributeError(path.Root("security_level_id"), "Unknown security level", fmt.Sprintf("The zone has no security level with id %d. An API user needs an active API-only level: an "+
			"autotask_security_level's id, or the id the autotask_security_level data source finds by name.", id))
	case err != nil:
		diags.AddError("Cannot check the security level", err.Error())
	case !level.IsAPIOnly:
		diags.AddAttributeError(path.Root("security_level_id"), "Security level not usable by an API user",
			fmt.Sprintf("Security level %q (id %d) is not API-only; an API user needs an active API-only level.", level.Name, id))
	case !level.IsActive:
		diags.AddAttributeError(path.Root("security_level_id"), "Security level not usable by an API user",
			fmt.Sprintf("Security level %q (id %d) is inactive; an API user needs an active API-only level.", level.Name, id))
	}
}

// resolveVendor returns the picklist value of the Integration Vendor labelled label, matched
// case-insensitively, or an error that suggests the closest labels.
func resolveVendor(ctx context.Context, c *autotask.Client, label string) (int64, error) {
	values, err := c.Picklist(ctx, autotask.Resources, "apiVendorID")
	if err != nil {
		return 0, err
	}
	want := strings.ToLower(strings.TrimSpace(label))
	var near []string
	for _, v := range values {
		got := strings.ToLower(strings.TrimSpace(v.Label))
		if got == want {
			return strconv.ParseInt(v.Value, 10, 64)
		}
		if want != "" && (strings.Contains(got, want) || strings.Contains(want, got) || strings.HasPrefix(got, strings.Fields(want)[0])) {
			near = append(near, strconv.Quote(v.Label))
		}
	}
	msg := fmt.Sprintf("The zone's Integration Vendor picklist has no vendor named %q.", label)
	if len(near) > 0 {
		msg += " Did you mean " + strings.Join(near[:min(len(near), 5)], " or ") + "?"
	}
	return 0, fmt.Errorf("%s The autotask_integration_vendors data source lists them all", msg)
}

// publicZoneUsersMessage says what a zone speaking the published API cannot do.
const publicZoneUsersMessage = "This zone speaks the published Autotask API (the public profile), whose Resources entity " +
	"cannot create API users: make the user in the Autotask UI, then import it."

// userByHand renders the UI steps that make the planned user, and the import block that adopts it.
func userByHand(ctx context.Context, c *autotask.Client, plan apiUserResourceModel) string {
	show := func(v types.String) string {
		if v.IsUnknown() {
			return "(known after apply)"
		}
		return v.ValueString()
	}
	level := "the level with id **" + strconv.FormatInt(plan.SecurityLevelID.ValueInt64(), 10) + "**"
	if plan.SecurityLevelID.IsUnknown() || plan.SecurityLevelID.IsNull() {
		level = "the level the vendor's guide names (its id is not known yet)"
	}
	u := permissions.ManualAPIUser{
		Vendor: "the vendor", FirstName: show(plan.FirstName), LastName: show(plan.LastName),
		Email: "email **" + show(plan.Email) + "**", Level: level,
		IntegrationVendor: plan.IntegrationVendor.ValueString(), InternalIntegrationName: plan.InternalIntegrationName.ValueString(),
	}
	if ids, known := int64Set(ctx, plan.LineOfBusinessIDs); known && len(ids) > 0 {
		names := map[int64]string{}
		if all, err := readLinesOfBusiness(ctx, c); err == nil {
			for _, l := range all {
				names[l.ID] = l.name()
			}
		}
		for _, id := range ids {
			name, ok := names[id]
			if !ok {
				name = fmt.Sprintf("the line of business with id %d", id)
			}
			u.LinesOfBusiness = append(u.LinesOfBusiness, name)
		}
	}
	key := "the username (key) the UI generated"
	if !plan.UserName.IsNull() && !plan.UserName.IsUnknown() {
		key = plan.UserName.ValueString()
		u.Vendor += " (type the key **" + key + "** instead of generating one)"
	}
	return "\n\nTo make this user by hand:\n\n" + permissions.APIUserSteps(u) +
		"\nThen adopt it with an import block (this resource's address, and the key as its id):\n\n" +
		"import {\n  to = autotask_api_user.<name>\n  id = \"" + key + "\"\n}\n\n" +
		"The zone's API cannot read the secret, the security level or the tracking identifier: Terraform keeps them from the configuration."
}

func (r *apiUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan, config apiUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	switch profile, err := c.Profile(ctx); {
	case err != nil:
		resp.Diagnostics.AddError("Cannot tell the zone's API profile", err.Error())
		return
	case profile != autotask.ProfileExtended:
		resp.Diagnostics.AddError("The zone's API cannot create API users", publicZoneUsersMessage)
		return
	}
	// The credentials exist before the POST, so a lost answer never loses the secret.
	userName := plan.UserName.ValueString()
	if plan.UserName.IsUnknown() || plan.UserName.IsNull() {
		userName = autotask.GenerateUserName(generatedUserNameLength)
	}
	secret, generated := config.SecretWO.ValueString(), false
	if config.SecretWO.IsNull() {
		var err error
		if secret, err = autotask.GenerateSecret(generatedSecretLength); err != nil {
			resp.Diagnostics.AddError("Cannot generate a secret", err.Error())
			return
		}
		generated = true
	}
	c.AddSensitive(secret)
	body, d := expandAPIUser(ctx, c, plan, userName, secret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := c.Create(ctx, autotask.Resources, body)
	if autotask.IsUncertain(err) {
		id, err = adoptCreatedUser(ctx, c, userName, err)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the API user", err.Error())
		return
	}
	prior := plan
	prior.Secret = types.StringNull()
	if generated {
		prior.Secret = types.StringValue(secret)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacingUser, nil)...)
	// Record the id and secret first: if reading the user back fails, Terraform still tracks it.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret"), prior.Secret)...)
	m, found, d := readAPIUser(ctx, c, id, &prior)
	if d.HasError() || !found {
		// The user exists and its secret is known: keep it as planned rather than fail (which
		// would taint it). What only the zone knows stays null until the next refresh.
		resp.Diagnostics.Append(warnings(d)...)
		resp.Diagnostics.AddWarning("API user created but not read back",
			fmt.Sprintf("API user %q (id %d) was created and its secret is in state; reading it back failed, so the rest is filled in by the next refresh.", userName, id))
		prior.ID, prior.UserName = types.Int64Value(id), types.StringValue(userName)
		nullUnknowns(&prior)
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// nullUnknowns sets the values still unknown after a create to null: only the zone knows them.
func nullUnknowns(m *apiUserResourceModel) {
	if m.IsLocked.IsUnknown() {
		m.IsLocked = types.BoolNull()
	}
	if m.CanViewItemsWithNoLineOfBusiness.IsUnknown() {
		m.CanViewItemsWithNoLineOfBusiness = types.BoolNull()
	}
	for _, v := range []*types.Int64{&m.SecurityLevelID, &m.LocationID, &m.IntegrationVendorID} {
		if v.IsUnknown() {
			*v = types.Int64Null()
		}
	}
	for _, v := range []*types.String{&m.DateFormat, &m.TimeFormat, &m.NumberFormat, &m.TrackingIdentifier, &m.IntegrationVendor, &m.InternalIntegrationName} {
		if v.IsUnknown() {
			*v = types.StringNull()
		}
	}
	if m.LineOfBusinessIDs.IsUnknown() {
		m.LineOfBusinessIDs = types.SetNull(types.Int64Type)
	}
}

// adoptCreatedUser looks up a user whose create had an uncertain outcome. Usernames are unique,
// so a user with this generated name is the one this create made.
func adoptCreatedUser(ctx context.Context, c *autotask.Client, userName string, createErr error) (int64, error) {
	found, err := c.ResourcesNamed(ctx, userName)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%w; looking the user up by username to see whether it was made also failed: %w", createErr, err)
	case len(found) == 0:
		return 0, fmt.Errorf("%w. No resource has the username %q, so the zone did not make it: applying again is safe", createErr, userName)
	}
	return found[0].ID, nil
}

func (r *apiUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	var state apiUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m, found, d := readAPIUser(ctx, c, state.ID.ValueInt64(), &state)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
	case !found:
		resp.State.RemoveResource(ctx)
	default:
		resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	}
}

func (r *apiUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan, state, config apiUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	patch, d := expandAPIUserPatch(ctx, plan, state)
	resp.Diagnostics.Append(d...)
	prior := plan
	switch {
	case !config.SecretWOVersion.IsNull() && (!config.SecretWOVersion.Equal(state.SecretWOVersion) || !state.Secret.IsNull()):
		c.AddSensitive(config.SecretWO.ValueString())
		patch["secret"] = config.SecretWO.ValueString()
	case plan.Secret.IsUnknown():
		secret, err := autotask.GenerateSecret(generatedSecretLength)
		if err != nil {
			resp.Diagnostics.AddError("Cannot generate a secret", err.Error())
			return
		}
		c.AddSensitive(secret)
		patch["secret"] = secret
		prior.Secret = types.StringValue(secret)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if profile, err := c.Profile(ctx); err == nil && profile != autotask.ProfileExtended {
		for _, field := range extendedUserFields {
			delete(patch, field) // the published Resources has no such field: Terraform keeps it from the configuration
		}
	}
	if len(patch) > 1 {
		if _, err := c.Patch(ctx, autotask.Resources, patch); err != nil {
			msg := err.Error()
			if _, rotating := patch["secret"]; rotating && autotask.IsUncertain(err) {
				msg += ". The new secret may or may not be in effect: apply again to set a fresh one"
			}
			resp.Diagnostics.AddError("Cannot update the API user", msg)
			return
		}
	}
	// Record the secret now: if reading the user back fails, the state still holds the one in effect.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret"), prior.Secret)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret_rotation_triggers"), prior.SecretRotationTriggers)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret_wo_version"), prior.SecretWOVersion)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateReplacingUser, nil)...)
	m, found, d := readAPIUser(ctx, c, state.ID.ValueInt64(), &prior)
	resp.Diagnostics.Append(d...)
	if !found && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("API user vanished", fmt.Sprintf("Resource %d disappeared during the update.", state.ID.ValueInt64()))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *apiUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	who := fmt.Sprintf("API user %q (id %d)", state.UserName.ValueString(), state.ID.ValueInt64())
	if state.OnDestroy.ValueString() == onDestroyForget {
		resp.Diagnostics.AddWarning("API user left in Autotask", who+" was removed from Terraform's state only (on_destroy = \"forget\"): it "+
			"is still in Autotask as it was, and can still sign in if it is active.")
		return
	}
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := c.Patch(ctx, autotask.Resources, map[string]any{"id": state.ID.ValueInt64(), "isActive": false}); err != nil && !autotask.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot deactivate the API user", err.Error())
		return
	}
	resp.Diagnostics.AddWarning("API user deactivated, not deleted",
		who+" is now inactive and can no longer sign in. Autotask never deletes resources, so it stays in the zone and its username stays taken.")
}

// ImportState takes a user by id or by username. The secret cannot be read back.
func (r *apiUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := strconv.ParseInt(strings.TrimSpace(req.ID), 10, 64)
	if err != nil {
		found, err := c.ResourcesNamed(ctx, req.ID)
		switch {
		case err != nil:
			resp.Diagnostics.AddError("Cannot look the API user up", err.Error())
			return
		case len(found) == 0:
			resp.Diagnostics.AddError("API user not found", fmt.Sprintf("No resource has the username %q. Import takes a resource id or a username.", req.ID))
			return
		}
		id = found[0].ID
	}
	prior := apiUserResourceModel{OnDestroy: types.StringValue(onDestroyDeactivate), Secret: types.StringNull(),
		SecretRotationTriggers: types.MapNull(types.StringType), SecretWO: types.StringNull(), SecretWOVersion: types.Int64Null()}
	m, found, d := readAPIUser(ctx, c, id, &prior)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
		return
	case !found:
		resp.Diagnostics.AddError("API user not found", fmt.Sprintf("The zone has no resource with id %d.", id))
		return
	}
	resp.Diagnostics.AddWarning("The secret was not imported",
		"Autotask never returns a secret, so secret is null in state. To have Terraform hold a working secret, set or change "+
			"secret_rotation_triggers: the next apply generates a new secret and sets it in place (the old one stops working).")
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// extendedUserFields are the Resources fields only the extended profile has.
var extendedUserFields = []string{"securityLevelID", "lineOfBusinessIDs", "canViewItemsWithNoLineOfBusiness", "protectedDataPermission", "isLocked", "secret"}

// readAPIUser reads a user and flattens it. prior is the state or plan it follows (for the data
// source, nil): the secret and the settings Autotask does not hold are kept from it, and so is
// the vendor's label while its picklist value is unchanged.
func readAPIUser(ctx context.Context, c *autotask.Client, id int64, prior *apiUserResourceModel) (*apiUserResourceModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var u autotask.APIUser
	if err := c.Get(ctx, autotask.Resources, id, &u); err != nil {
		if autotask.IsNotFound(err) {
			return nil, false, nil
		}
		diags.AddError("Cannot read the API user", err.Error())
		return nil, false, diags
	}
	if u.APITrackingIdentifier != nil {
		c.AddSensitive(*u.APITrackingIdentifier)
	}
	vendor := types.StringNull()
	if u.APIVendorID != nil {
		// Keep the configured spelling of the same vendor, and its old label after a rename.
		var kept types.String
		if prior != nil && !prior.IntegrationVendor.IsNull() && !prior.IntegrationVendor.IsUnknown() {
			kept = prior.IntegrationVendor
		}
		if kept.IsNull() || prior.IntegrationVendorID.ValueInt64() != *u.APIVendorID {
			label, err := c.PicklistLabelOf(ctx, autotask.Resources, "apiVendorID", strconv.FormatInt(*u.APIVendorID, 10))
			if err != nil {
				diags.AddError("Cannot read the user's Integration Vendor", err.Error())
				return nil, false, diags
			}
			if !strings.EqualFold(strings.TrimSpace(label), strings.TrimSpace(kept.ValueString())) {
				kept = types.StringValue(label)
			}
		}
		vendor = kept
	}
	m := &apiUserResourceModel{
		Secret: types.StringNull(), SecretRotationTriggers: types.MapNull(types.StringType), SecretWO: types.StringNull(),
		SecretWOVersion: types.Int64Null(), OnDestroy: types.StringValue(onDestroyDeactivate),
	}
	if prior != nil {
		m.Secret, m.SecretRotationTriggers, m.SecretWOVersion, m.OnDestroy = prior.Secret, prior.SecretRotationTriggers, prior.SecretWOVersion, prior.OnDestroy
	}
	var d diag.Diagnostics
	m.apiUserModel, d = flattenAPIUser(ctx, u, vendor)
	diags.Append(d...)
	if prior != nil {
		// The zone matches picklist text case-insensitively and answers its own spelling: keep the configured one.
		m.DateFormat = sameText(m.DateFormat, prior.DateFormat)
		m.TimeFormat = sameText(m.TimeFormat, prior.TimeFormat)
		m.NumberFormat = sameText(m.NumberFormat, prior.NumberFormat)
	}
	if profile, err := c.Profile(ctx); err == nil && profile != autotask.ProfileExtended {
		keepUnreadable(&m.apiUserModel, prior)
	}
	return m, true, diags
}

// sameText returns prior when it names the same value as zone, ignoring case.
func sameText(zone, prior types.String) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(zone.ValueString(), prior.ValueString()) {
		return prior
	}
	return zone
}

// keepUnreadable copies from prior what a public zone's Resources cannot return: the
// extended API-user fields. Without a known prior value (an import, the data source) they are null.
func keepUnreadable(m *apiUserModel, prior *apiUserResourceModel) {
	var p apiUserModel
	if prior != nil {
		p = prior.apiUserModel
	}
	keep(&m.SecurityLevelID, p.SecurityLevelID, types.Int64Null())
	keep(&m.IntegrationVendorID, p.IntegrationVendorID, types.Int64Null())
	keep(&m.IsLocked, p.IsLocked, types.BoolNull())
	keep(&m.CanViewItemsWithNoLineOfBusiness, p.CanViewItemsWithNoLineOfBusiness, types.BoolNull())
	keep(&m.IntegrationVendor, p.IntegrationVendor, types.StringNull())
	keep(&m.InternalIntegrationName, p.InternalIntegrationName, types.StringNull())
	keep(&m.TrackingIdentifier, p.TrackingIdentifier, types.StringNull())
	keep(&m.ProtectedDataPermission, p.ProtectedDataPermission, types.StringNull())
	keep(&m.LineOfBusinessIDs, p.LineOfBusinessIDs, types.SetNull(types.Int64Type))
}

// keep sets *dst to prior when prior is a known value, and to null otherwise.
func keep[T attr.Value](dst *T, prior, null T) {
	if attr.Value(prior) != nil && !prior.IsNull() && !prior.IsUnknown() {
		*dst = prior
		return
	}
	*dst = null
}

// expandAPIUser builds the create body. Optional settings left unset are left out, so the zone
// applies its defaults.
func expandAPIUser(ctx context.Context, c *autotask.Client, plan apiUserResourceModel, userName, secret string) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	license, err := c.PicklistValueOf(ctx, autotask.Resources, "licenseType", "API User")
	if err != nil {
		diags.AddError("Cannot find the API User license type", err.Error())
		return nil, diags
	}
	body := map[string]any{
		"firstName": plan.FirstName.ValueString(), "lastName": plan.LastName.ValueString(), "email": plan.Email.ValueString(),
		"userName": userName, "secret": secret, "licenseType": license, "securityLevelID": plan.SecurityLevelID.ValueInt64(),
		"isActive": plan.IsActive.ValueBool(), "protectedDataPermission": plan.ProtectedDataPermission.ValueString(),
	}
	if !plan.IntegrationVendor.IsNull() {
		body["apiVendorID"] = plan.IntegrationVendorID.ValueInt64()
		if plan.IntegrationVendorID.IsUnknown() || plan.IntegrationVendorID.IsNull() {
			id, err := resolveVendor(ctx, c, plan.IntegrationVendor.ValueString())
			if err != nil {
				diags.AddAttributeError(path.Root("integration_vendor"), "Unknown Integration Vendor", err.Error())
				return nil, diags
			}
			body["apiVendorID"] = id
		}
	} else {
		body["internalIntegrationName"] = plan.InternalIntegrationName.ValueString()
	}
	addKnown(ctx, body, plan.apiUserModel, &diags)
	return body, diags
}

// expandAPIUserPatch builds a PATCH of the settings that differ between state and plan.
func expandAPIUserPatch(ctx context.Context, plan, state apiUserResourceModel) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	patch := map[string]any{"id": state.ID.ValueInt64()}
	for _, f := range []struct {
		field       string
		plan, state attr.Value
	}{
		{"firstName", plan.FirstName, state.FirstName},
		{"lastName", plan.LastName, state.LastName},
		{"email", plan.Email, state.Email},
		{"isActive", plan.IsActive, state.IsActive},
		{"protectedDataPermission", plan.ProtectedDataPermission, state.ProtectedDataPermission},
	} {
		if !f.plan.Equal(f.state) {
			patch[f.field] = goValue(f.plan)
		}
	}
	if plan.IsLocked.ValueBool() != state.IsLocked.ValueBool() && !plan.IsLocked.IsUnknown() {
		patch["isLocked"] = false // only unlocking can be asked for
	}
	changed := map[string]any{}
	addKnown(ctx, changed, plan.apiUserModel, &diags)
	unchanged := map[string]any{}
	addKnown(ctx, unchanged, state.apiUserModel, &diags)
	for k, v := range changed {
		if fmt.Sprint(unchanged[k]) != fmt.Sprint(v) {
			patch[k] = v
		}
	}
	return patch, diags
}

// addKnown adds the optional settings that are known in m: the ones a configuration may leave
// to the zone.
func addKnown(ctx context.Context, body map[string]any, m apiUserModel, diags *diag.Diagnostics) {
	for field, v := range map[string]attr.Value{
		"securityLevelID": m.SecurityLevelID, "locationID": m.LocationID, "dateFormat": m.DateFormat, "timeFormat": m.TimeFormat,
		"numberFormat": m.NumberFormat, "canViewItemsWithNoLineOfBusiness": m.CanViewItemsWithNoLineOfBusiness,
	} {
		if !v.IsNull() && !v.IsUnknown() {
			body[field] = goValue(v)
		}
	}
	if !m.LineOfBusinessIDs.IsNull() && !m.LineOfBusinessIDs.IsUnknown() {
		var ids []int64
		diags.Append(m.LineOfBusinessIDs.ElementsAs(ctx, &ids, false)...)
		slices.Sort(ids)
		body["lineOfBusinessIDs"] = ids
	}
}

// goValue is the JSON value of a known scalar.
func goValue(v attr.Value) any {
	switch v := v.(type) {
	case types.String:
		return v.ValueString()
	case types.Int64:
		return v.ValueInt64()
	case types.Bool:
		return v.ValueBool()
	}
	return nil
}

// flattenAPIUser maps the wire form to the shared model.
func flattenAPIUser(ctx context.Context, u autotask.APIUser, vendor types.String) (apiUserModel, diag.Diagnostics) {
	lobs := u.LineOfBusinessIDs
	if lobs == nil {
		lobs = []int64{}
	}
	set, diags := types.SetValueFrom(ctx, types.Int64Type, lobs)
	return apiUserModel{
		ID:                               types.Int64Value(u.ID),
		FirstName:                        types.StringValue(u.FirstName),
		LastName:                         types.StringValue(u.LastName),
		Email:                            types.StringValue(u.Email),
		UserName:                         types.StringValue(u.UserName),
		IsActive:                         types.BoolValue(u.IsActive),
		IsLocked:                         types.BoolValue(u.IsLocked),
		SecurityLevelID:                  types.Int64PointerValue(u.SecurityLevelID),
		LocationID:                       types.Int64PointerValue(u.LocationID),
		DateFormat:                       types.StringValue(u.DateFormat),
		TimeFormat:                       types.StringValue(u.TimeFormat),
		NumberFormat:                     types.StringValue(u.NumberFormat),
		LineOfBusinessIDs:                set,
		CanViewItemsWithNoLineOfBusiness: types.BoolPointerValue(u.CanViewItemsWithNoLineOfBusiness),
		ProtectedDataPermission:          types.StringValue(u.ProtectedDataPermission),
		IntegrationVendor:                vendor,
		IntegrationVendorID:              types.Int64PointerValue(u.APIVendorID),
		InternalIntegrationName:          types.StringPointerValue(u.InternalIntegrationName),
		TrackingIdentifier:               types.StringPointerValue(u.APITrackingIdentifier),
	}, diags
}

// defaultOnCreate plans a default for a new object and the state's value after, so an object
// imported from a zone that cannot read the attribute (null in state) plans no change.
type defaultOnCreate struct{ value string }

func (m defaultOnCreate) Description(context.Context) string {
	return fmt.Sprintf("defaults to %q on create and keeps the state's value after", m.value)
}

func (m defaultOnCreate) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m defaultOnCreate) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	switch {
	case !req.ConfigValue.IsNull():
	case req.State.Raw.IsNull():
		resp.PlanValue = types.StringValue(m.value)
	default:
		resp.PlanValue = req.StateValue
	}
}

// trackingSourcePlan plans a tracking attribute left out of the configuration: null when the
// configuration sets the other source (exactly one is used), otherwise the state's value, so an
// imported user may leave both out.
type trackingSourcePlan struct{ other string }

func (m trackingSourcePlan) Description(context.Context) string {
	return "null when " + m.other + " is set; otherwise the state's value"
}

func (m trackingSourcePlan) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m trackingSourcePlan) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
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
