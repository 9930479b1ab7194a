package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

const (
	generatedUserNameLength = 15
	generatedSecretLength   = 25
	onDestroyDeactivate     = "deactivate"
	onDestroyForget         = "forget"
)

func (r *apiUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_user"
}

func (r *apiUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	useState := func() []planmodifier.String { return []planmodifier.String{stringplanmodifier.UseStateForUnknown()} }
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API-only user (a resource with the API User license) with a generated username and secret, " +
			"on a security level and tracked by an Integration Vendor or a custom internal integration. The secret is " +
			"generated before the user is created, kept in state as a sensitive value and rotated in place when " +
			"`secret_rotation_triggers` changes; with Terraform or OpenTofu 1.11 or later, `secret_wo` supplies your own secret " +
			"without it ever reaching state. Autotask never deletes resources: destroy deactivates the user (or, with " +
			"`on_destroy = \"forget\"`, leaves it as it is), and its username stays taken.\n\n" +
			"On a zone with the `public` profile (today's Autotask API, which cannot create API users), the plan passes with " +
			"a warning listing the Autotask UI steps that make this user, and the apply waits (`timeouts.create`, default " +
			handMadeWaitDefault + ") for an active API-only user with `user_name` (the bare key or `key@domain`) or, without " +
			"`user_name`, with these names and email, then adopts it. Settings that zone cannot read are listed in " +
			"`unverified_attributes`; a change to one it cannot write fails at plan with the UI step that makes it.\n\n" +
			"Import takes an API-only user (a resource whose license type is `API User`) by id or username; any other resource, " +
			"such as a person's account, is refused, and destroy checks again before it deactivates anyone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed: true, MarkdownDescription: "The resource id of the user.",
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"first_name": schema.StringAttribute{Required: true, MarkdownDescription: "First name, up to 50 characters.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 50)}},
			"last_name": schema.StringAttribute{Required: true, MarkdownDescription: "Last name, up to 50 characters.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 50)}},
			"email": schema.StringAttribute{Required: true, MarkdownDescription: "Email address, up to 254 characters, checked offline.",
				Validators: []validator.String{emailAddress()}},
			"user_name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: fmt.Sprintf("The username (the API key). Unset: %d generated lower-case letters and digits. "+
					"Letters and digits both required, none of `@ ( ) ; : [ ] | \\ \"`, no white space, at most %d characters, "+
					"unique among all resources, inactive ones too, and compared case-insensitively, as Autotask compares them "+
					"(a change of case only is no change). Set only at creation: a change replaces the user, and a replacement "+
					"needs a new username, since Autotask never frees one.",
					generatedUserNameLength, autotask.MaxUserNameLength),
				Validators: []validator.String{userName()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), sameTextIgnoringCase(),
					requiresReplaceOnChange("Autotask sets a username only when it creates the user.")},
			},
			"is_active": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the user is active (default `true`). An inactive user cannot sign in."},
			"is_locked": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether Autotask locked the user (after failed sign-ins). Only `false` may be set: it unlocks the user.",
				Validators:          []validator.Bool{unlockOnly()},
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"security_level_id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Id of the user's security level: an active API-only level, such as an `autotask_security_level`'s " +
					"`id`. Required to create a user on an `extended` zone. A `public` zone cannot read it: the person who makes the " +
					"user in the Autotask UI picks the level, and Terraform keeps what is configured (null when nothing is).",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"location_id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Id of the Primary Internal Location (see the `autotask_internal_location` data source). Unset: the zone's default location.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"date_format":   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Date format, such as `MM/dd/yyyy`. Unset: the zone's default.", PlanModifiers: useState()},
			"time_format":   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Time format, such as `hh:mm a`. Unset: the zone's default.", PlanModifiers: useState()},
			"number_format": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Number format, such as `X,XXX.XX`. Unset: the zone's default.", PlanModifiers: useState()},
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
				Optional: true, Computed: true, PlanModifiers: []planmodifier.String{defaultOnCreate("none")},
				MarkdownDescription: "Access to protected data in asset user-defined fields: `none` (default), `view` or `edit`.",
				Validators:          []validator.String{stringvalidator.OneOf("none", "view", "edit")},
			},
			"integration_vendor": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The Integration Vendor that tracks the user, as the picklist names it (matched case-insensitively; " +
					"the `autotask_integration_vendors` data source lists them). Exactly one of this and `internal_integration_name` " +
					"is required to create a user. Set only at creation: a change replaces the user.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{trackingSource("internal_integration_name")},
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
				PlanModifiers: []planmodifier.String{trackingSource("integration_vendor")},
			},
			"tracking_identifier": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The API tracking identifier Autotask generated for an internal integration: send it to the " +
					"vendor with the username and secret. Null for a vendor-tracked user (only the vendor has its identifier).",
				PlanModifiers: useState(),
			},
			"secret": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: fmt.Sprintf("The user's secret (password): %d characters from a cryptographic source, generated "+
					"before the user is created. Autotask never returns it, so it lives only in state; it is null after an import "+
					"and when `secret_wo` is used.", generatedSecretLength),
				PlanModifiers: useState(),
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
					"policy, checked at plan whenever it is to be sent: at creation and whenever `secret_wo_version` changes.",
			},
			"secret_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Change it to send `secret_wo` again. Required with `secret_wo`.",
			},
			"unverified_attributes": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The attributes whose values Terraform keeps from the configuration because the zone cannot " +
					"read them (a `public` zone: the security level, the tracking source, lines of business and protected data " +
					"permission). Terraform can neither verify them nor see a change made in the Autotask UI. Empty on an " +
					"`extended` zone.",
			},
			"on_destroy": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(onDestroyDeactivate),
				MarkdownDescription: "What destroy does: `deactivate` (default) sets the user inactive; `forget` only removes it " +
					"from state. Autotask never deletes resources, and the username stays taken either way.",
				Validators: []validator.String{stringvalidator.OneOf(onDestroyDeactivate, onDestroyForget)},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, CreateDescription: "On a `public` zone, how long the apply " +
				"waits for the user made by hand in the Autotask UI, as a duration such as `\"45m\"` (default " + handMadeWaitDefault +
				"; `\"0s\"` looks once and fails at once with the steps)."}),
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

func (r *apiUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan, config apiUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c, caps := r.data.zoneClient(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !caps.CreatesAPIUsers() {
		r.adoptMadeByHand(ctx, c, plan, resp)
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
	body, d := expandAPIUserCreate(ctx, c, plan.apiUserModel, userName, secret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := c.CreateAPIUser(ctx, body)
	if autotask.IsUncertain(err) {
		id, err = apiUser.adoptAfterUncertainCreate(ctx, userNamed(c), userName, r.data.settings.RequestTimeout, err)
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the API user", err.Error())
		return
	}
	m := apiUserResourceModel{
		Secret: types.StringNull(), SecretRotationTriggers: plan.SecretRotationTriggers, SecretWO: types.StringNull(),
		SecretWOVersion: plan.SecretWOVersion, OnDestroy: plan.OnDestroy, Timeouts: plan.Timeouts,
	}
	if generated {
		m.Secret = types.StringValue(secret)
	}
	zone, _, found, d := readAPIUser(ctx, c, id, &plan.apiUserModel)
	if d.HasError() || !found {
		// The user exists and its secret is known: keep it as planned. What only the zone
		// knows stays null until the next refresh.
		apiUser.createdButNotReadBack(d, fmt.Sprintf("API user %q (id %d) was created and its secret is in state; reading it back "+
			"failed, so the rest is filled in by the next refresh.", userName, id), &resp.Diagnostics)
		zone = plan.apiUserModel
		zone.ID, zone.UserName = types.Int64Value(id), types.StringValue(userName)
		nullUnknowns(&zone)
	} else {
		resp.Diagnostics.Append(d...)
	}
	m.apiUserModel = zone
	m.UnverifiedAttributes = unverifiedOf(ctx, c, zone, &resp.Diagnostics)
	resp.Diagnostics.Append(forgetReplaced(ctx, resp.Private, privateReplacingUser)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// adoptMadeByHand is Create on a zone that cannot create API users: it waits for the user a
// person makes in the Autotask UI (the plan's warning gave the steps) and adopts it. Its secret
// stays with that person and the vendor: null in state.
func (r *apiUserResource) adoptMadeByHand(ctx context.Context, c *autotask.Client, plan apiUserResourceModel, resp *resource.CreateResponse) {
	wait, d := plan.Timeouts.Create(ctx, handMadeWait)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	id, err := waitForMadeByHand(ctx, c, plan.apiUserModel, wait)
	if err != nil {
		resp.Diagnostics.AddError("The API user made by hand was not found", err.Error())
		return
	}
	zone, u, found, d := readAPIUser(ctx, c, id, &plan.apiUserModel)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
		return
	case !found:
		apiUser.vanished(id, &resp.Diagnostics)
		return
	case !requireAPIUser(ctx, c, u, path.Empty(), &resp.Diagnostics):
		return
	}
	m := apiUserResourceModel{
		apiUserModel: zone, Secret: types.StringNull(), SecretRotationTriggers: plan.SecretRotationTriggers, SecretWO: types.StringNull(),
		SecretWOVersion: plan.SecretWOVersion, OnDestroy: plan.OnDestroy, Timeouts: plan.Timeouts,
		UnverifiedAttributes: unverifiedOf(ctx, c, zone, &resp.Diagnostics),
	}
	tflog.Info(ctx, "adopted the API user made by hand", map[string]any{"id": id, "user_name": u.UserName})
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// privatePendingEmail is the private state key of an email change the zone has not applied yet.
const privatePendingEmail = "pending_email"

// emailAwaitingConfirmation handles an email change a zone accepted but has not applied: Autotask
// applies a changed email only once the user confirms it at its next UI login, which an API user
// never does. While the zone shows another email than the one sent, the state keeps the sent one
// (so the plan does not propose the change forever) and a warning says so on every run; once the
// zone shows it, the pending change is forgotten.
func emailAwaitingConfirmation(ctx context.Context, p privateSetter, sent string, zone types.String, diags *diag.Diagnostics) types.String {
	if strings.EqualFold(zone.ValueString(), sent) {
		diags.Append(p.SetKey(ctx, privatePendingEmail, nil)...)
		return zone
	}
	diags.Append(p.SetKey(ctx, privatePendingEmail, []byte(strconv.Quote(sent)))...)
	diags.AddAttributeWarning(path.Root("email"), "The email change awaits confirmation in Autotask",
		fmt.Sprintf("The zone accepted the email %q but still shows %q: Autotask applies a changed email only once the user "+
			"confirms it at its next login to the Autotask UI, which an API user never does. To make it take effect, change it "+
			"by hand: %s, edit the API user, and set **Email Address**. Terraform keeps %q as the email and does not send it "+
			"again; this warning repeats until the zone shows it.", sent, zone.ValueString(), permissions.ResourcesUsersPage(), sent))
	return types.StringValue(sent)
}

// pendingEmail is the email change emailAwaitingConfirmation recorded, or "".
func pendingEmail(ctx context.Context, p privateGetter) string {
	raw, d := p.GetKey(ctx, privatePendingEmail)
	if d.HasError() || raw == nil {
		return ""
	}
	sent, _ := strconv.Unquote(string(raw))
	return sent
}

// unverifiedOf is the unverified_attributes of a user as read: none on a zone that has every
// setting, which needs no field metadata for that.
func unverifiedOf(ctx context.Context, c *autotask.Client, m apiUserModel, diags *diag.Diagnostics) types.Set {
	if caps, ok := zoneCapabilities(ctx, c, diags); !ok || caps.APIUserSettings() {
		return types.SetValueMust(types.StringType, nil)
	}
	fields, err := resourceFields(ctx, c)
	if err != nil {
		diags.AddError("Cannot read the zone's Resources fields", err.Error())
		return types.SetNull(types.StringType)
	}
	return unverifiedSet(m, fields)
}

func (r *apiUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	var state apiUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	zone, _, found, d := readAPIUser(ctx, c, state.ID.ValueInt64(), &state.apiUserModel)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
	case !found:
		resp.State.RemoveResource(ctx)
	default:
		if sent := pendingEmail(ctx, req.Private); sent != "" {
			zone.Email = emailAwaitingConfirmation(ctx, resp.Private, sent, zone.Email, &resp.Diagnostics)
		}
		state.apiUserModel = zone // the resource-only fields stay as they are: the zone has none of them
		state.UnverifiedAttributes = unverifiedOf(ctx, c, zone, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
}

func (r *apiUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx = autotask.WithBatching(ctx) // the read-backs of many objects applied at once
	var plan, state, config apiUserResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c, caps := r.data.zoneClient(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	patch := expandAPIUserPatch(ctx, plan.apiUserModel, state.apiUserModel)
	m := apiUserResourceModel{
		Secret: plan.Secret, SecretRotationTriggers: plan.SecretRotationTriggers, SecretWO: types.StringNull(),
		SecretWOVersion: plan.SecretWOVersion, OnDestroy: plan.OnDestroy, Timeouts: plan.Timeouts,
	}
	switch {
	case !config.SecretWOVersion.IsNull() && (!config.SecretWOVersion.Equal(state.SecretWOVersion) || !state.Secret.IsNull()):
		c.AddSensitive(config.SecretWO.ValueString())
		patch.Secret = config.SecretWO.ValueStringPointer()
	case plan.Secret.IsUnknown():
		secret, err := autotask.GenerateSecret(generatedSecretLength)
		if err != nil {
			resp.Diagnostics.AddError("Cannot generate a secret", err.Error())
			return
		}
		c.AddSensitive(secret)
		patch.Secret = &secret
		m.Secret = types.StringValue(secret)
	}
	if !caps.APIUserSettings() {
		patch = patch.PublishedFieldsOnly() // Terraform keeps the rest from the configuration
	}
	if !patch.IsEmpty() {
		if err := c.UpdateAPIUser(ctx, patch); err != nil {
			msg := err.Error()
			if patch.Secret != nil && autotask.IsUncertain(err) {
				msg += ". The new secret may or may not be in effect: apply again to set a fresh one"
			}
			resp.Diagnostics.AddError("Cannot update the API user", msg)
			return
		}
	}
	resp.Diagnostics.Append(forgetReplaced(ctx, resp.Private, privateReplacingUser)...)
	zone, _, found, d := readAPIUser(ctx, c, state.ID.ValueInt64(), &plan.apiUserModel)
	resp.Diagnostics.Append(d...)
	if !found && !resp.Diagnostics.HasError() {
		apiUser.vanished(state.ID.ValueInt64(), &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		// The update was made: the state keeps the secret now in effect, with its triggers.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret"), m.Secret)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret_rotation_triggers"), m.SecretRotationTriggers)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("secret_wo_version"), m.SecretWOVersion)...)
		return
	}
	if patch.Email != nil {
		zone.Email = emailAwaitingConfirmation(ctx, resp.Private, *patch.Email, zone.Email, &resp.Diagnostics)
	}
	m.apiUserModel = zone
	m.UnverifiedAttributes = unverifiedOf(ctx, c, zone, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
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
	// Look again before deactivating: the id in state must still be an API user, never a person.
	switch u, err := c.APIUser(ctx, state.ID.ValueInt64()); {
	case autotask.IsNotFound(err):
		return // gone already
	case err != nil:
		resp.Diagnostics.AddError("Cannot read the API user before deactivating it", err.Error())
		return
	case !requireAPIUser(ctx, c, u, path.Empty(), &resp.Diagnostics):
		return
	}
	if err := c.DeactivateResource(ctx, state.ID.ValueInt64()); err != nil && !autotask.IsNotFound(err) {
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
	id, ok := apiUser.importID(ctx, userNamed(c), req.ID, &resp.Diagnostics)
	if !ok {
		return
	}
	zone, u, found, d := readAPIUser(ctx, c, id, nil)
	resp.Diagnostics.Append(d...)
	switch {
	case resp.Diagnostics.HasError():
		return
	case !found:
		apiUser.missing(id, &resp.Diagnostics)
		return
	case !requireAPIUser(ctx, c, u, path.Empty(), &resp.Diagnostics):
		return
	}
	resp.Diagnostics.AddWarning("The secret was not imported",
		"Autotask never returns a secret, so secret is null in state. To have Terraform hold a working secret, set or change "+
			"secret_rotation_triggers: the next apply generates a new secret and sets it in place (the old one stops working).")
	m := apiUserResourceModel{
		apiUserModel: zone, Secret: types.StringNull(), SecretRotationTriggers: types.MapNull(types.StringType),
		SecretWO: types.StringNull(), SecretWOVersion: types.Int64Null(), OnDestroy: types.StringValue(onDestroyDeactivate),
		UnverifiedAttributes: unverifiedOf(ctx, c, zone, &resp.Diagnostics),
	}
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("timeouts"), &m.Timeouts)...) // null, of the block's type
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
