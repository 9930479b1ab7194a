package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

type securityLevelModel struct {
	ID          types.Int64  `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	IsActive    types.Bool   `tfsdk:"is_active"`
	CopyFrom    types.String `tfsdk:"copy_from"`
	Permissions types.Map    `tfsdk:"permissions"`
}

// securityLevel speaks of levels in messages and finds them by name.
var securityLevel = named{what: "security level", by: "name", resourceType: "autotask_security_level"}

// levelNamed finds the level, system or custom, with this name.
func levelNamed(c *autotask.Client) finder {
	return firstFound(c.SecurityLevelsNamed, levelID, func(autotask.SecurityLevel) bool { return true })
}

// customLevelNamed finds the custom level with this name: the one a create may have made.
func customLevelNamed(c *autotask.Client) finder {
	return firstFound(c.SecurityLevelsNamed, levelID, func(l autotask.SecurityLevel) bool { return !l.IsSystem })
}

func levelID(l autotask.SecurityLevel) int64 { return l.ID }

// readSecurityLevel is the read that Create, Read, Update, Import and the data source share:
// the level as the zone has it, then keepWhatZoneCannotSay. It also returns the level itself,
// for what only the data source and import look at. held is what Terraform holds of the
// level: its state, or the plan being applied; nil for an import and the data source. found is
// false when the zone has no level with id; callers look at diags first.
func readSecurityLevel(ctx context.Context, c *autotask.Client, id int64, held *securityLevelModel) (m securityLevelModel, level autotask.SecurityLevel, found bool, diags diag.Diagnostics) {
	level, err := c.SecurityLevel(ctx, id)
	if err != nil {
		if autotask.IsNotFound(err) {
			return m, level, false, nil
		}
		diags.AddError("Cannot read the security level", err.Error())
		return m, level, false, diags
	}
	m, diags = flattenSecurityLevel(ctx, level)
	diags.Append(m.keepWhatZoneCannotSay(ctx, c, level, held)...)
	return m, level, true, diags
}

// keepWhatZoneCannotSay completes what the zone said of a level (m) from what Terraform holds:
// the held permission keys stay in permissions whatever their value (a key configured at its
// default has no row that differs), and copy_from, which the zone records only as an id at
// create, is the held one, or else the name of the level the zone says it was copied from.
func (m *securityLevelModel) keepWhatZoneCannotSay(ctx context.Context, c *autotask.Client, level autotask.SecurityLevel, held *securityLevelModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if held != nil {
		diags.Append(m.keepKeys(ctx, level, held.Permissions)...)
		m.CopyFrom = held.CopyFrom
	}
	if m.CopyFrom.IsNull() && level.CopiedFromSecurityLevelID != nil {
		switch from, err := c.SecurityLevel(ctx, *level.CopiedFromSecurityLevelID); {
		case err == nil:
			m.CopyFrom = types.StringValue(from.Name)
		case !autotask.IsNotFound(err): // a level deleted since leaves copy_from null
			diags.AddError("Cannot read the level this security level was copied from", err.Error())
		}
	}
	return diags
}

// keepKeys adds each key of owned to permissions, with the zone's value.
func (m *securityLevelModel) keepKeys(ctx context.Context, level autotask.SecurityLevel, owned types.Map) diag.Diagnostics {
	if len(owned.Elements()) == 0 {
		return nil
	}
	perms := map[string]string{}
	diags := m.Permissions.ElementsAs(ctx, &perms, false)
	matrix := catalogRows(level)
	for k := range owned.Elements() {
		if v, ok := matrix[k]; ok {
			perms[k] = v
		}
	}
	var d diag.Diagnostics
	m.Permissions, d = types.MapValueFrom(ctx, types.StringType, perms)
	return append(diags, d...)
}

// flattenSecurityLevel maps a level to the model as the zone says it: permissions holds every
// row whose value differs from its default, so a UI edit to any row is a planned change, and
// copy_from is null (keepWhatZoneCannotSay's).
func flattenSecurityLevel(ctx context.Context, l autotask.SecurityLevel) (securityLevelModel, diag.Diagnostics) {
	m := securityLevelModel{ID: types.Int64Value(l.ID), Name: types.StringValue(l.Name), IsActive: types.BoolValue(l.IsActive), CopyFrom: types.StringNull()}
	var diags diag.Diagnostics
	m.Permissions, diags = types.MapValueFrom(ctx, types.StringType, permissions.Default().WithoutDefaults(catalogRows(l)))
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

// expandSecurityLevelCreate builds the create body: the whole matrix, so the level does not
// depend on the zone's own defaults.
func expandSecurityLevelCreate(ctx context.Context, plan securityLevelModel, copyFromID int64) (autotask.SecurityLevelCreate, diag.Diagnostics) {
	var diags diag.Diagnostics
	perms, _ := stringMap(ctx, plan.Permissions, &diags)
	catalog := permissions.Default()
	full := catalog.FillDefaults(perms)
	return autotask.SecurityLevelCreate{
		Name:                      plan.Name.ValueString(),
		IsActive:                  plan.IsActive.ValueBool(),
		IsAPIOnly:                 true,
		CopiedFromSecurityLevelID: copyFromID,
		Permissions:               autotask.PermissionRows(catalog.OrderedKeys(full), full),
	}, diags
}

// expandSecurityLevelPatch builds a patch of what changed: the fields and the permission rows
// whose values differ between state and plan.
func expandSecurityLevelPatch(ctx context.Context, state, plan securityLevelModel) (autotask.SecurityLevelPatch, diag.Diagnostics) {
	var diags diag.Diagnostics
	patch := autotask.SecurityLevelPatch{ID: state.ID.ValueInt64()}
	if !plan.Name.Equal(state.Name) {
		patch.Name = plan.Name.ValueStringPointer()
	}
	if !plan.IsActive.Equal(state.IsActive) {
		patch.IsActive = plan.IsActive.ValueBoolPointer()
	}
	from, _ := stringMap(ctx, state.Permissions, &diags)
	to, _ := stringMap(ctx, plan.Permissions, &diags)
	c := permissions.Default()
	changed := map[string]string{}
	for _, ch := range c.Diff(c.FillDefaults(from), c.FillDefaults(to)) {
		changed[ch.Key] = ch.To
	}
	patch.Permissions = autotask.PermissionRows(c.OrderedKeys(changed), changed)
	return patch, diags
}
