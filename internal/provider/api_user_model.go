package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

// apiUserModel is what the resource and the data source share: the user as Autotask has it.
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

// apiUserResourceModel adds what only the resource has: the credentials and lifecycle settings,
// which Autotask never returns, so each CRUD method sets them itself.
type apiUserResourceModel struct {
	apiUserModel
	Secret                 types.String   `tfsdk:"secret"`
	SecretRotationTriggers types.Map      `tfsdk:"secret_rotation_triggers"`
	SecretWO               types.String   `tfsdk:"secret_wo"`
	SecretWOVersion        types.Int64    `tfsdk:"secret_wo_version"`
	OnDestroy              types.String   `tfsdk:"on_destroy"`
	UnverifiedAttributes   types.Set      `tfsdk:"unverified_attributes"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

// apiUser speaks of API users in messages and finds them by username.
var apiUser = named{what: "API user", by: "username", resourceType: "autotask_api_user"}

// userNamed finds the resource, active or not, with this username.
func userNamed(c *autotask.Client) finder {
	return firstFound(c.ResourcesNamed, func(u autotask.APIUser) int64 { return u.ID }, func(autotask.APIUser) bool { return true })
}

// readAPIUser is the read that Create, Read, Update, Import and the data source share: the user
// as the zone has it, then keepWhatZoneCannotSay. held is what Terraform holds of the user: its
// state, or the plan being applied; nil for an import and the data source. found is false when
// the zone has no resource with id; callers look at diags first. It also returns the resource
// as the zone has it, for requireAPIUser.
func readAPIUser(ctx context.Context, c *autotask.Client, id int64, held *apiUserModel) (m apiUserModel, u autotask.APIUser, found bool, diags diag.Diagnostics) {
	u, err := c.APIUser(ctx, id)
	if err != nil {
		if autotask.IsNotFound(err) {
			return m, u, false, nil
		}
		diags.AddError("Cannot read the API user", err.Error())
		return m, u, false, diags
	}
	if u.APITrackingIdentifier != nil {
		c.AddSensitive(*u.APITrackingIdentifier)
	}
	m, diags = flattenAPIUser(ctx, u)
	diags.Append(m.keepWhatZoneCannotSay(ctx, c, held)...)
	return m, u, true, diags
}

// requireAPIUser refuses a resource that is not an API-only user (its license type is not the
// one labelled "API User"), at attribute at (the whole object when empty): autotask_api_user
// never imports, shows or deactivates a person's account.
func requireAPIUser(ctx context.Context, c *autotask.Client, u autotask.APIUser, at path.Path, diags *diag.Diagnostics) bool {
	license, err := c.APIUserLicenseType(ctx)
	if err != nil {
		diags.AddError("Cannot find the API User license type", err.Error())
		return false
	}
	if u.LicenseType != nil && *u.LicenseType == license {
		return true
	}
	has := "no license type"
	if u.LicenseType != nil {
		has = fmt.Sprintf("the license type %d", *u.LicenseType)
		if label, err := c.PicklistLabelOf(ctx, autotask.Resources, autotask.LicenseTypeField, strconv.FormatInt(*u.LicenseType, 10)); err == nil {
			has = fmt.Sprintf("the license type %q", label)
		}
	}
	detail := fmt.Sprintf("The resource %d (%s %s, username %q) has %s, not %q: autotask_api_user manages API-only users only, "+
		"so that destroying one can never lock a person out. Read any resource with the autotask_resource data source; "+
		"if Terraform's state names this resource by mistake, remove it from state (terraform state rm, or a removed block) "+
		"instead of destroying it.",
		u.ID, u.FirstName, u.LastName, u.UserName, has, autotask.APIUserLicense)
	if at.Equal(path.Empty()) {
		diags.AddError("Not an API user", detail)
	} else {
		diags.AddAttributeError(at, "Not an API user", detail)
	}
	return false
}

// keepWhatZoneCannotSay completes what the zone said of a user (m) from what Terraform holds:
// the held spelling of a picklist text the zone matches case-insensitively, the vendor's label
// as held (or as the picklist names it, when none is held for this vendor), and, on a zone
// that cannot read an API user's settings, the settings themselves (null when none are held).
func (m *apiUserModel) keepWhatZoneCannotSay(ctx context.Context, c *autotask.Client, held *apiUserModel) diag.Diagnostics {
	var diags diag.Diagnostics
	var p apiUserModel
	if held != nil {
		p = *held
	}
	if !m.IntegrationVendorID.IsNull() {
		// Keep the configured spelling of the same vendor, and its old label after a rename.
		kept := types.StringNull()
		if held != nil && !p.IntegrationVendor.IsUnknown() {
			kept = p.IntegrationVendor
		}
		if kept.IsNull() || p.IntegrationVendorID.ValueInt64() != m.IntegrationVendorID.ValueInt64() {
			label, err := c.PicklistLabelOf(ctx, autotask.Resources, autotask.IntegrationVendorField, strconv.FormatInt(m.IntegrationVendorID.ValueInt64(), 10))
			if err != nil {
				diags.AddError("Cannot read the user's Integration Vendor", err.Error())
				return diags
			}
			if !strings.EqualFold(strings.TrimSpace(label), strings.TrimSpace(kept.ValueString())) {
				kept = types.StringValue(label)
			}
		}
		m.IntegrationVendor = kept
	}
	if held != nil {
		if u := p.UserName; !u.IsNull() && !u.IsUnknown() && autotask.SameKey(u.ValueString(), m.UserName.ValueString()) {
			m.UserName = u // the configured key of a username the UI made key@domain
		}
		m.DateFormat = sameText(m.DateFormat, p.DateFormat)
		m.TimeFormat = sameText(m.TimeFormat, p.TimeFormat)
		m.NumberFormat = sameText(m.NumberFormat, p.NumberFormat)
	}
	caps, ok := zoneCapabilities(ctx, c, &diags)
	if ok && !caps.APIUserSettings() {
		// The published Resources entity has none of these: Terraform keeps them as configured.
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
	return diags
}

// sameText returns held when it names the same value as zone, ignoring case.
func sameText(zone, held types.String) types.String {
	if !held.IsNull() && !held.IsUnknown() && strings.EqualFold(zone.ValueString(), held.ValueString()) {
		return held
	}
	return zone
}

// keep sets *dst to held when held is a known value, and to null otherwise.
func keep[T attr.Value](dst *T, held, null T) {
	if attr.Value(held) != nil && !held.IsNull() && !held.IsUnknown() {
		*dst = held
		return
	}
	*dst = null
}

// flattenAPIUser maps the wire form to the model. The vendor's label is keepWhatZoneCannotSay's.
func flattenAPIUser(ctx context.Context, u autotask.APIUser) (apiUserModel, diag.Diagnostics) {
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
		IntegrationVendor:                types.StringNull(),
		IntegrationVendorID:              types.Int64PointerValue(u.APIVendorID),
		InternalIntegrationName:          types.StringPointerValue(u.InternalIntegrationName),
		TrackingIdentifier:               types.StringPointerValue(u.APITrackingIdentifier),
	}, diags
}

// expandAPIUserCreate builds the create body. Optional settings left unset are left out, so
// the zone applies its defaults.
func expandAPIUserCreate(ctx context.Context, c *autotask.Client, plan apiUserModel, userName, secret string) (autotask.APIUserCreate, diag.Diagnostics) {
	var diags diag.Diagnostics
	nullUnknowns(&plan) // what only the zone will know is not sent
	license, err := c.APIUserLicenseType(ctx)
	if err != nil {
		diags.AddError("Cannot find the API User license type", err.Error())
		return autotask.APIUserCreate{}, diags
	}
	body := autotask.APIUserCreate{
		FirstName: plan.FirstName.ValueString(), LastName: plan.LastName.ValueString(), Email: plan.Email.ValueString(),
		UserName: userName, Secret: secret, LicenseType: license, SecurityLevelID: plan.SecurityLevelID.ValueInt64(),
		IsActive: plan.IsActive.ValueBool(), ProtectedDataPermission: plan.ProtectedDataPermission.ValueString(),
		LocationID: plan.LocationID.ValueInt64Pointer(), DateFormat: plan.DateFormat.ValueStringPointer(), TimeFormat: plan.TimeFormat.ValueStringPointer(),
		NumberFormat: plan.NumberFormat.ValueStringPointer(), CanViewItemsWithNoLineOfBusiness: plan.CanViewItemsWithNoLineOfBusiness.ValueBoolPointer(),
	}
	body.LineOfBusinessIDs = knownInt64Set(ctx, plan.LineOfBusinessIDs)
	if plan.IntegrationVendor.IsNull() {
		body.InternalIntegrationName = plan.InternalIntegrationName.ValueStringPointer()
		return body, diags
	}
	body.APIVendorID = plan.IntegrationVendorID.ValueInt64Pointer()
	if body.APIVendorID == nil { // known only once the label is resolved
		id, err := resolveVendor(ctx, c, plan.IntegrationVendor.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("integration_vendor"), "Unknown Integration Vendor", err.Error())
			return body, diags
		}
		body.APIVendorID = &id
	}
	return body, diags
}

// expandAPIUserPatch builds a patch of the settings that differ between state and plan.
// Settings the configuration leaves to the zone (null or unknown in the plan) are not sent.
func expandAPIUserPatch(ctx context.Context, plan, state apiUserModel) autotask.APIUserPatch {
	p := autotask.APIUserPatch{ID: state.ID.ValueInt64()}
	if plan.IsLocked.ValueBool() != state.IsLocked.ValueBool() && !plan.IsLocked.IsUnknown() {
		unlock := false // only unlocking can be asked for
		p.IsLocked = &unlock
	}
	nullUnknowns(&plan) // what only the zone will know is not sent
	if !plan.FirstName.Equal(state.FirstName) {
		p.FirstName = plan.FirstName.ValueStringPointer()
	}
	if !plan.LastName.Equal(state.LastName) {
		p.LastName = plan.LastName.ValueStringPointer()
	}
	if !plan.Email.Equal(state.Email) {
		p.Email = plan.Email.ValueStringPointer()
	}
	if !plan.IsActive.Equal(state.IsActive) {
		p.IsActive = plan.IsActive.ValueBoolPointer()
	}
	if !plan.ProtectedDataPermission.Equal(state.ProtectedDataPermission) {
		p.ProtectedDataPermission = plan.ProtectedDataPermission.ValueStringPointer()
	}
	if !plan.SecurityLevelID.Equal(state.SecurityLevelID) {
		p.SecurityLevelID = plan.SecurityLevelID.ValueInt64Pointer()
	}
	if !plan.LocationID.Equal(state.LocationID) {
		p.LocationID = plan.LocationID.ValueInt64Pointer()
	}
	if !plan.DateFormat.Equal(state.DateFormat) {
		p.DateFormat = plan.DateFormat.ValueStringPointer()
	}
	if !plan.TimeFormat.Equal(state.TimeFormat) {
		p.TimeFormat = plan.TimeFormat.ValueStringPointer()
	}
	if !plan.NumberFormat.Equal(state.NumberFormat) {
		p.NumberFormat = plan.NumberFormat.ValueStringPointer()
	}
	if !plan.CanViewItemsWithNoLineOfBusiness.Equal(state.CanViewItemsWithNoLineOfBusiness) {
		p.CanViewItemsWithNoLineOfBusiness = plan.CanViewItemsWithNoLineOfBusiness.ValueBoolPointer()
	}
	if !plan.LineOfBusinessIDs.Equal(state.LineOfBusinessIDs) {
		p.LineOfBusinessIDs = knownInt64Set(ctx, plan.LineOfBusinessIDs)
	}
	return p
}

// knownInt64Set is a known set's sorted ids, or nil.
func knownInt64Set(ctx context.Context, v types.Set) *[]int64 {
	ids, known := int64Set(ctx, v)
	if !known || v.IsNull() {
		return nil
	}
	slices.Sort(ids)
	if ids == nil {
		ids = []int64{}
	}
	return &ids
}

// nullUnknowns sets the values still unknown after a create to null: only the zone knows them.
func nullUnknowns(m *apiUserModel) {
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

// userField is an attribute and the Resources field it is. The zone's field metadata says which
// fields a zone can read (those it has) and write (those not read-only): zones differ, and the
// published references disagree on some (docs/guides/todays-autotask-api.md).
type userField struct {
	attribute, field string
	// label is where the Autotask UI shows the setting, on the API user's edit page.
	label string
	value func(apiUserModel) attr.Value
	// tracking marks the tracking source, which Autotask sets only at creation: its change
	// replaces the user, so it is never refused as unwritable.
	tracking bool
}

var userFields = []userField{
	{attribute: "first_name", field: "firstName", label: "First Name", value: func(m apiUserModel) attr.Value { return m.FirstName }},
	{attribute: "last_name", field: "lastName", label: "Last Name", value: func(m apiUserModel) attr.Value { return m.LastName }},
	{attribute: "email", field: "email", label: "Email Address", value: func(m apiUserModel) attr.Value { return m.Email }},
	{attribute: "is_active", field: "isActive", label: "Active", value: func(m apiUserModel) attr.Value { return m.IsActive }},
	{attribute: "is_locked", field: "isLocked", label: "Locked", value: func(m apiUserModel) attr.Value { return m.IsLocked }},
	{attribute: "security_level_id", field: "securityLevelID", label: "Security Level", value: func(m apiUserModel) attr.Value { return m.SecurityLevelID }},
	{attribute: "location_id", field: "locationID", label: "Primary Internal Location", value: func(m apiUserModel) attr.Value { return m.LocationID }},
	{attribute: "date_format", field: "dateFormat", label: "Date Format", value: func(m apiUserModel) attr.Value { return m.DateFormat }},
	{attribute: "time_format", field: "timeFormat", label: "Time Format", value: func(m apiUserModel) attr.Value { return m.TimeFormat }},
	{attribute: "number_format", field: "numberFormat", label: "Number Format", value: func(m apiUserModel) attr.Value { return m.NumberFormat }},
	{attribute: "line_of_business_ids", field: "lineOfBusinessIDs", label: "Line of Business", value: func(m apiUserModel) attr.Value { return m.LineOfBusinessIDs }},
	{attribute: "can_view_items_with_no_line_of_business", field: "canViewItemsWithNoLineOfBusiness",
		label: "Line of Business: can view items with no line of business", value: func(m apiUserModel) attr.Value { return m.CanViewItemsWithNoLineOfBusiness }},
	{attribute: "protected_data_permission", field: "protectedDataPermission", label: "Protected Data Permission",
		value: func(m apiUserModel) attr.Value { return m.ProtectedDataPermission }},
	{attribute: "integration_vendor", field: autotask.IntegrationVendorField, label: "API Tracking Identifier", tracking: true,
		value: func(m apiUserModel) attr.Value { return m.IntegrationVendor }},
	{attribute: "internal_integration_name", field: "internalIntegrationName", label: "API Tracking Identifier", tracking: true,
		value: func(m apiUserModel) attr.Value { return m.InternalIntegrationName }},
}

// resourceFields is the zone's Resources field metadata by name, compared case-insensitively.
func resourceFields(ctx context.Context, c *autotask.Client) (map[string]autotask.Field, error) {
	fields, err := c.Fields(ctx, autotask.Resources)
	if err != nil {
		return nil, err
	}
	byName := make(map[string]autotask.Field, len(fields))
	for _, f := range fields {
		byName[strings.ToLower(f.Name)] = f
	}
	return byName, nil
}

// unverifiable names the attributes m sets that the zone cannot read (it has no such field):
// Terraform keeps them from the configuration.
func unverifiable(m apiUserModel, fields map[string]autotask.Field) []string {
	var names []string
	for _, f := range userFields {
		if v := f.value(m); !v.IsNull() && !v.IsUnknown() && !has(fields, f.field) {
			names = append(names, f.attribute)
		}
	}
	slices.Sort(names)
	return names
}

func has(fields map[string]autotask.Field, name string) bool {
	_, ok := fields[strings.ToLower(name)]
	return ok
}

// unverifiedSet is unverifiable as the unverified_attributes value: unknown while a setting is.
func unverifiedSet(m apiUserModel, fields map[string]autotask.Field) types.Set {
	for _, f := range userFields {
		if f.value(m).IsUnknown() {
			return types.SetUnknown(types.StringType)
		}
	}
	names := unverifiable(m, fields)
	elems := make([]attr.Value, len(names))
	for i, n := range names {
		elems[i] = types.StringValue(n)
	}
	return types.SetValueMust(types.StringType, elems)
}
