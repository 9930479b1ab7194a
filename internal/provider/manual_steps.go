package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// What a zone that speaks the published Autotask API (the public profile) cannot do, and the
// UI steps that do it by hand (docs/guides/todays-autotask-api.md).

// publicZoneUsersMessage says what a zone speaking the published API cannot do with API users.
const publicZoneUsersMessage = "This zone speaks the published Autotask API (the public profile), whose Resources entity " +
	"cannot create API users: make the user in the Autotask UI, then import it."

// publicZoneSecretMessage says how to rotate a secret where the API cannot set one.
const publicZoneSecretMessage = "This zone speaks the published Autotask API (the public profile), which cannot set an API user's secret. " +
	"Generate a new secret in the Autotask UI (edit the API user, Generate Secret) and give it to the vendor; " +
	"leave secret_rotation_triggers and secret_wo_version as they were."

// publicZoneLevelsMessage says what a zone speaking the published API cannot do with levels.
const publicZoneLevelsMessage = "This zone speaks the published Autotask API (the public profile), which has no security " +
	"level entity: security levels can only be made and edited in the Autotask UI. A level made there is given to an API " +
	"user by its id, as the UI shows it, in autotask_api_user's security_level_id."

// publicZoneVendorsMessage explains why a public zone has no vendor picklist, and what to do.
const publicZoneVendorsMessage = "This zone speaks the published Autotask API (the public profile), whose Resources " +
	"entity has no API tracking identifier and cannot create API users, so it has no Integration Vendor picklist. " +
	"Pick the vendor by hand: Admin > Company Settings & Users > Resources/Users (HR) > Resources/Users, edit the API user, " +
	"API Tracking Identifier > Integration Vendor. The template data source's integration_vendor gives the name to pick."

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
		if all, err := c.LinesOfBusiness(ctx); err == nil {
			for _, l := range all {
				names[l.ID] = l.Name()
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

// levelByHand renders the UI steps that make the planned level, for a zone whose API cannot.
func levelByHand(plan securityLevelModel, perms map[string]string, known bool) string {
	if !known || plan.Name.IsUnknown() || plan.CopyFrom.IsUnknown() {
		return ""
	}
	return "\n\nTo make this level by hand:\n\n" + permissions.SecurityLevelSteps(plan.CopyFrom.ValueString(), plan.Name.ValueString(), perms) +
		"\nThen remove this autotask_security_level from the configuration and put the new level's id, as the UI shows it, " +
		"straight into security_level_id of the API users that need it."
}
