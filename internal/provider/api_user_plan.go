package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

// privateReplacingUser is the private state key of the user a replacement replaces
// (rememberReplaced).
const privateReplacingUser = "replacing_user_id"

// privateUnverifiedWarned marks a user whose unverifiable attributes were already warned about.
const privateUnverifiedWarned = "unverified_warned"

// ModifyPlan decides the secret (unknown when it will be generated, null when write-only),
// requires what a create needs, replaces the user when its tracking source changes, and checks
// against the zone what validators cannot. Zone checks run only for what changes.
func (r *apiUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx = autotask.WithBatching(ctx) // Terraform plans and refreshes many objects at once
	plan, state, ok := planned[apiUserResourceModel](ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	var config apiUserResourceModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
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
	checkOwnSecret(config, state, &resp.Diagnostics)
	if state != nil {
		resp.Diagnostics.Append(rememberReplaced(ctx, resp.Private, privateReplacingUser, state.ID.ValueInt64())...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var replacing int64
	if state == nil {
		replacing = replacedID(ctx, req.Private, privateReplacingUser)
	}
	if c := r.data.planClient(ctx, &resp.Diagnostics); c != nil {
		public, fields := r.checkAgainstZone(ctx, c, &plan, config, state, replacing, &resp.Diagnostics)
		if names := unverifiable(plan.apiUserModel, fields); public && state != nil && len(names) > 0 {
			warnOnce(ctx, req, resp, names)
		}
	}
	if state != nil {
		resp.RequiresReplace = append(resp.RequiresReplace, trackingChanges(plan, *state, &resp.Diagnostics)...)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

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

// requireForCreate reports what a new user needs: one tracking source. (The security level is
// checkAgainstZone's: a user made by hand on a public zone gets its level in the UI.)
func requireForCreate(config apiUserResourceModel, diags *diag.Diagnostics) {
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

// checkOwnSecret applies Autotask's password policy to secret_wo when it is to be sent: at
// creation and when secret_wo_version changes. Only then, so that a secret drawn anew each run
// (an ephemeral resource) fails no plan that would not send it. The message never shows it.
func checkOwnSecret(config apiUserResourceModel, state *apiUserResourceModel, diags *diag.Diagnostics) {
	wo := config.SecretWO
	if wo.IsNull() || wo.IsUnknown() || (state != nil && config.SecretWOVersion.Equal(state.SecretWOVersion)) {
		return
	}
	if err := autotask.CheckSecret(wo.ValueString()); err != nil {
		diags.AddAttributeError(path.Root("secret_wo"), "Secret refused by the password policy", "The secret "+err.Error()+".")
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

// checkAgainstZone checks on create that the zone can create the user (or says how to make it
// by hand), resolves the vendor label, refuses changes the zone cannot write, and checks the
// references, the security level and the username, each only when known and changed. public is
// true for a zone that cannot read or write the user's settings; fields is the zone's Resources
// field metadata.
func (r *apiUserResource) checkAgainstZone(ctx context.Context, c *autotask.Client, plan *apiUserResourceModel, config apiUserResourceModel,
	state *apiUserResourceModel, replacing int64, diags *diag.Diagnostics) (public bool, fields map[string]autotask.Field) {
	caps, ok := zoneCapabilities(ctx, c, diags)
	if !ok {
		return false, nil
	}
	// The field metadata costs a call: a zone that has every setting needs it only to check a
	// change (a no-change plan stays at its calls per run).
	plan.UnverifiedAttributes = types.SetValueMust(types.StringType, nil)
	if !caps.APIUserSettings() || (state != nil && changesASetting(plan.apiUserModel, state.apiUserModel)) {
		var err error
		if fields, err = resourceFields(ctx, c); err != nil {
			diags.AddError("Cannot read the zone's Resources fields", err.Error())
			return false, nil
		}
	}
	if !caps.APIUserSettings() {
		plan.UnverifiedAttributes = unverifiedSet(plan.apiUserModel, fields)
	}
	checkUserReferences(ctx, c, *plan, state, diags)
	if fields != nil && state != nil {
		checkWritable(plan.apiUserModel, state.apiUserModel, fields, diags)
	}
	if state == nil && caps.CreatesAPIUsers() && config.SecurityLevelID.IsNull() {
		diags.AddAttributeError(path.Root("security_level_id"), "Missing security level",
			"A new API user needs security_level_id: the id of an active API-only security level, such as autotask_security_level.<name>.id.")
	}
	if state == nil && !caps.CreatesAPIUsers() {
		if !config.SecretWOVersion.IsNull() {
			diags.AddAttributeError(path.Root("secret_wo"), "The zone's API cannot set a secret", publicZoneSecretAtCreateMessage)
		}
		waitFor, d := plan.Timeouts.Create(ctx, handMadeWait)
		diags.Append(d...)
		if !diags.HasError() {
			warnMadeByHand(ctx, c, plan.apiUserModel, waitFor, fields, diags)
		}
		return true, fields
	}
	if !caps.APIUserSettings() {
		if state != nil && (plan.Secret.IsUnknown() || !plan.SecretWOVersion.Equal(state.SecretWOVersion)) {
			diags.AddAttributeError(path.Root("secret_rotation_triggers"), "The zone's API cannot set a secret", publicZoneSecretMessage)
		}
		return true, fields // the zone can check neither vendors nor security levels
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
		planned, known := r.data.levelPlannedActive(id.ValueInt64())
		checkAPIUserLevel(ctx, c, id.ValueInt64(), planned, known, diags)
	}
	if u := plan.UserName; state == nil && !u.IsNull() && !u.IsUnknown() {
		checkUserNameIsFree(ctx, c, u.ValueString(), replacing, diags)
	}
	if state == nil && plan.UserName.IsUnknown() {
		checkNoTwin(ctx, c, *plan, replacing, diags)
	}
	return false, fields
}

// checkWritable refuses a change to a setting the zone cannot write (its Resources field is
// read-only or missing), naming the UI step that makes it: applying would change nothing in
// the zone and report it changed. Adopting a setting (null in state) is no change. The tracking
// source is left to trackingChanges: its change replaces the user.
func checkWritable(plan, state apiUserModel, fields map[string]autotask.Field, diags *diag.Diagnostics) {
	for _, f := range userFields {
		v, was := f.value(plan), f.value(state)
		if f.tracking || v.IsUnknown() || v.IsNull() || was.IsNull() || v.Equal(was) {
			continue
		}
		zf, readable := fields[strings.ToLower(f.field)]
		if readable && !zf.IsReadOnly {
			continue
		}
		then := "The next plan reads the new value from the zone."
		if !readable {
			then = "This zone cannot read it, so then adopt the user again with the new value: remove it from state " +
				"(terraform state rm, or a removed block) and import it with an import block."
		}
		diags.AddAttributeError(path.Root(f.attribute), "The zone's API cannot change "+f.attribute,
			fmt.Sprintf("%s changes from %s to %s, but this zone's Resources entity %s, so applying would change nothing "+
				"in Autotask. Make the change by hand: %s, edit the API user, and set **%s**. %s Until then, keep %s as it was.",
				f.attribute, was, v, fieldState(f.field, readable), permissions.ResourcesUsersPage(), f.label, then, f.attribute))
	}
}

// changesASetting reports whether plan changes a setting checkWritable checks.
func changesASetting(plan, state apiUserModel) bool {
	for _, f := range userFields {
		if v := f.value(plan); !f.tracking && !v.IsUnknown() && !v.Equal(f.value(state)) {
			return true
		}
	}
	return false
}

// fieldState says why the zone cannot write a field.
func fieldState(field string, readable bool) string {
	if readable {
		return "marks " + field + " read-only"
	}
	return "has no " + field + " field"
}

// checkNoTwin refuses to create, under a generated username, a user the zone already has an
// active API user for (same names and email). An apply that stopped after the zone made a user
// but before its username reached state leaves exactly such a twin: making another would
// duplicate it, and only its username can adopt it. Setting user_name makes a second user
// deliberately, since the username check then guards it.
func checkNoTwin(ctx context.Context, c *autotask.Client, plan apiUserResourceModel, replacing int64, diags *diag.Diagnostics) {
	first, last, email := plan.FirstName, plan.LastName, plan.Email
	if first.IsUnknown() || last.IsUnknown() || email.IsUnknown() {
		return
	}
	found, err := c.APIUsersLike(ctx, first.ValueString(), last.ValueString(), email.ValueString())
	if err != nil {
		diags.AddError("Cannot check for an API user made by an earlier apply", err.Error())
		return
	}
	for _, u := range found {
		if u.ID == replacing {
			continue
		}
		diags.AddError("An active API user already has these names and email",
			fmt.Sprintf("The API user %q (resource %d) has this first_name, last_name and email. This user's username is "+
				"generated, so if an earlier apply stopped after the zone made that user, another apply would make a second one. "+
				"If it is that user, adopt it:\n\nimport {\n  to = %s.<name>\n  id = %q\n}\n\n(its secret cannot be read back: "+
				"change secret_rotation_triggers to have a new one set). To make a second API user deliberately, set user_name, "+
				"or change first_name, last_name or email.", u.UserName, u.ID, apiUser.resourceType, u.UserName))
		return
	}
}

// checkUserNameIsFree refuses a configured username a resource already has. Autotask never frees
// a username, not even once its user is deactivated, so the user a replacement replaces keeps
// it too: a replacement with a fixed username fails here, at plan, not after the old user was
// deactivated.
func checkUserNameIsFree(ctx context.Context, c *autotask.Client, userName string, replacing int64, diags *diag.Diagnostics) {
	found, err := c.ResourcesNamed(ctx, userName)
	if err == nil && len(found) == 0 && !strings.Contains(userName, "@") {
		found, err = c.ResourcesWithKey(ctx, userName) // key@domain, as the UI makes usernames, holds the key too
	}
	switch {
	case err != nil:
		diags.AddError("Cannot check that the username is free", err.Error())
	case len(found) > 0 && found[0].ID == replacing:
		diags.AddAttributeError(path.Root("user_name"), "The replacement needs a new username",
			fmt.Sprintf("This plan replaces the API user %q (resource %d) with a new one, but user_name keeps %q. Autotask never "+
				"frees a username, even after the old user is deactivated, so the new user needs another one. Set a new user_name "+
				"(the old user is deactivated, the new one gets the new name), or keep this user: undo the change that replaces it. "+
				"To retire it instead, set is_active = false, or set on_destroy = \"forget\" and remove it from the configuration.",
				found[0].UserName, found[0].ID, userName))
	case len(found) > 0:
		diags.AddAttributeError(path.Root("user_name"), "Username taken",
			fmt.Sprintf("The resource %d (%s %s, %s) already has the username %q; usernames are unique among all resources, "+
				"inactive ones too, compared case-insensitively. Choose another, or leave user_name out to have one generated. If "+
				"it is this resource's own user, marked tainted, it cannot be replaced under this username: the username stays "+
				"taken, so the new user needs another one (or run terraform untaint <address> to keep the user).",
				found[0].ID, found[0].FirstName, found[0].LastName, activeWord(found[0].IsActive), found[0].UserName))
	}
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
		{"date_format", autotask.DateFormatField, plan.DateFormat, prior.DateFormat},
		{"time_format", autotask.TimeFormatField, plan.TimeFormat, prior.TimeFormat},
		{"number_format", autotask.NumberFormatField, plan.NumberFormat, prior.NumberFormat},
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
	switch _, err := c.InternalLocation(ctx, id); {
	case autotask.IsNotFound(err):
		msg := fmt.Sprintf("The zone has no internal location with id %d.", id)
		if all, err := c.InternalLocations(ctx, ""); err == nil && len(all) > 0 {
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
		switch exists, err := c.LineOfBusinessExists(ctx, id); {
		case err != nil:
			diags.AddError("Cannot check the lines of business", err.Error())
			return
		case !exists:
			msg := fmt.Sprintf("The zone has no line of business with id %d.", id)
			if all, err := c.LinesOfBusiness(ctx); err == nil && len(all) > 0 {
				have := make([]string, len(all))
				for i, l := range all {
					have[i] = fmt.Sprintf("%d (%s)", l.ID, l.Name())
				}
				msg += " Its lines of business: " + strings.Join(have, ", ") + "."
			}
			diags.AddAttributeError(path.Root("line_of_business_ids"), "Unknown line of business", msg)
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
// When this plan changes the level's is_active (plannedKnown), the planned value counts: Terraform
// applies the level's change before the user's.
func checkAPIUserLevel(ctx context.Context, c *autotask.Client, id int64, plannedActive, plannedKnown bool, diags *diag.Diagnostics) {
	activeAfterPlan := func(active bool) bool {
		if plannedKnown {
			return plannedActive
		}
		return active
	}
	switch level, err := c.SecurityLevel(ctx, id); {
	case autotask.IsNotFound(err):
		diags.AddAttributeError(path.Root("security_level_id"), "Unknown security level", fmt.Sprintf("The zone has no security level with id %d. An API user needs an active API-only level: an "+
			"autotask_security_level's id, or the id the autotask_security_level data source finds by name.", id))
	case err != nil:
		diags.AddError("Cannot check the security level", err.Error())
	case !level.IsAPIOnly:
		diags.AddAttributeError(path.Root("security_level_id"), "Security level not usable by an API user",
			fmt.Sprintf("Security level %q (id %d) is not API-only; an API user needs an active API-only level.", level.Name, id))
	case !activeAfterPlan(level.IsActive):
		diags.AddAttributeError(path.Root("security_level_id"), "Security level not usable by an API user",
			fmt.Sprintf("Security level %q (id %d) is inactive; an API user needs an active API-only level.", level.Name, id))
	}
}

// resolveVendor returns the picklist value of the Integration Vendor labelled label, matched
// case-insensitively, or an error that suggests the closest labels (the shared suggest rules).
func resolveVendor(ctx context.Context, c *autotask.Client, label string) (int64, error) {
	values, err := c.IntegrationVendors(ctx)
	if err != nil {
		return 0, err
	}
	want := strings.ToLower(strings.TrimSpace(label))
	labels := make([]string, len(values))
	for i, v := range values {
		if strings.ToLower(strings.TrimSpace(v.Label)) == want {
			return strconv.ParseInt(v.Value, 10, 64)
		}
		labels[i] = v.Label
	}
	msg := fmt.Sprintf("The zone's Integration Vendor picklist has no vendor named %q.", label)
	if did := suggest.DidYouMean(suggest.Closest(label, labels, 5)); did != "" {
		msg += " " + did
	}
	return 0, fmt.Errorf("%s The autotask_integration_vendors data source lists them all", msg)
}
