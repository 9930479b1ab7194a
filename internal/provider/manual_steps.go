package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// What a zone that speaks the published Autotask API (the public profile) cannot do, and the
// UI steps that do it by hand (docs/guides/todays-autotask-api.md).

// publicZoneSecretMessage says how to rotate a secret where the API cannot set one.
const publicZoneSecretMessage = "This zone speaks the published Autotask API (the public profile), which cannot set an API user's secret. " +
	"Generate a new secret in the Autotask UI (edit the API user, Generate Secret) and give it to the vendor; " +
	"leave secret_rotation_triggers and secret_wo_version as they were."

// publicZoneLevelsMessage says what a zone speaking the published API cannot do with levels.
const publicZoneLevelsMessage = "This zone speaks the published Autotask API (the public profile), which has no security " +
	"level entity: security levels can only be made and edited in the Autotask UI, so this configuration cannot declare " +
	"one. A level made there is given to an API user by its id, as the UI shows it, in autotask_api_user's " +
	"security_level_id, or not at all: the person who makes the user picks the level. What works on this zone: the " +
	"preset module examples/modules/vendor-api-user, which declares no level here and puts the vendor's whole guide in " +
	"its checklist_markdown output, or the checklist_markdown of the autotask_permission_template data source."

// publicZoneVendorsMessage explains why a public zone has no vendor picklist, and what to do.
const publicZoneVendorsMessage = "This zone speaks the published Autotask API (the public profile), whose Resources " +
	"entity has no API tracking identifier and cannot create API users, so it has no Integration Vendor picklist. " +
	"Pick the vendor by hand: Admin > Company Settings & Users > Resources/Users (HR) > Resources/Users, edit the API user, " +
	"API Tracking Identifier > Integration Vendor. The template data source's integration_vendor gives the name to pick."

// userByHand renders the UI steps that make the planned user.
func userByHand(ctx context.Context, c *autotask.Client, plan apiUserModel) string {
	show := func(v types.String) string {
		if v.IsUnknown() {
			return "(known after apply)"
		}
		return v.ValueString()
	}
	level := "the level with id **" + strconv.FormatInt(plan.SecurityLevelID.ValueInt64(), 10) + "**"
	switch {
	case plan.SecurityLevelID.IsUnknown():
		level = "the level the vendor's guide names (its id is not known yet)"
	case plan.SecurityLevelID.IsNull():
		level = "the API-only level the vendor's guide names (the vendor template's checklist_markdown says how to make it)"
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
	if key := plan.UserName; !key.IsNull() && !key.IsUnknown() {
		u.Vendor += " (type the key **" + key.ValueString() + "** instead of generating one)"
	}
	return permissions.APIUserSteps(u)
}

// The wait for an API user made by hand: handMadeWait unless timeouts.create says otherwise.
// The polls start 2 seconds apart, for a user made while the apply starts, and back off to
// handMadePoll apart, so that 20 users waited for at once for 20 minutes cost about 900 of the
// zone's 10,000 requests an hour.
const handMadeWaitDefault = "20m"

const handMadeWait = 20 * time.Minute

func handMadePoll(window time.Duration) time.Duration {
	return min(max(window/20, time.Second), 30*time.Second)
}

// publicZoneSecretAtCreateMessage explains why secret_wo cannot make a user on a public zone.
const publicZoneSecretAtCreateMessage = "This zone speaks the published Autotask API (the public profile), which cannot " +
	"set an API user's secret: the person who makes the user in the Autotask UI generates it there and gives it to the " +
	"vendor. Remove secret_wo and secret_wo_version from this user."

// madeByHand describes how the apply recognises the user made by hand: by its key, or, without
// one, by its names and email.
func madeByHand(plan apiUserModel) string {
	if key := plan.UserName; !key.IsNull() && !key.IsUnknown() {
		return fmt.Sprintf("an active API-only user with the username %q (or %q at the zone's domain)", key.ValueString(), key.ValueString())
	}
	return fmt.Sprintf("an active API-only user with first name %q, last name %q and email %q",
		plan.FirstName.ValueString(), plan.LastName.ValueString(), plan.Email.ValueString())
}

// findMadeByHand looks for the user made by hand, as madeByHand describes it.
func findMadeByHand(ctx context.Context, c *autotask.Client, plan apiUserModel) ([]autotask.ResourceSummary, error) {
	if key := plan.UserName; !key.IsNull() && !key.IsUnknown() {
		return c.APIUsersWithKey(ctx, key.ValueString())
	}
	return c.APIUsersLike(ctx, plan.FirstName.ValueString(), plan.LastName.ValueString(), plan.Email.ValueString())
}

// warnMadeByHand is the plan's warning for a user a public zone cannot create: the UI steps for
// exactly this user, and how long the apply will wait for it.
func warnMadeByHand(ctx context.Context, c *autotask.Client, plan apiUserModel, wait time.Duration, fields map[string]autotask.Field, diags *diag.Diagnostics) {
	detail := "This zone speaks the published Autotask API (the public profile), which cannot create API users. "
	if found, err := findMadeByHand(ctx, c, plan); err == nil && len(found) == 1 {
		detail += fmt.Sprintf("The zone already has %s: the API user %q (resource %d). The apply adopts it.", madeByHand(plan), found[0].UserName, found[0].ID)
	} else {
		detail += fmt.Sprintf("Make it in the Autotask UI:\n\n%s\nThe apply waits up to %s (timeouts.create) for %s, then adopts it. "+
			"Give the vendor the key and the secret the UI shows: Terraform never sees the secret.", userByHand(ctx, c, plan), wait, madeByHand(plan))
	}
	if names := unverifiable(plan, fields); len(names) > 0 {
		detail += " The zone's API cannot read " + strings.Join(names, ", ") + ": Terraform keeps them as configured and lists them " +
			"in unverified_attributes, so set them in the UI exactly as configured."
	}
	diags.AddWarning("Make this API user in the Autotask UI: the apply waits for it", detail)
}

// waitForMadeByHand polls the zone, one query at a time, for the user made by hand until wait
// has passed, and returns its id. Several matches, or none in time, are errors that nothing
// was written for.
func waitForMadeByHand(ctx context.Context, c *autotask.Client, plan apiUserModel, wait time.Duration) (int64, error) {
	start, longest := time.Now(), handMadePoll(wait)
	poll := min(2*time.Second, longest)
	var lastErr error
	for {
		found, err := findMadeByHand(ctx, c, plan)
		switch {
		case err != nil:
			lastErr = err
			tflog.Warn(ctx, "looking for the API user made by hand failed; looking again", map[string]any{"error": err.Error()})
		case len(found) == 1:
			return found[0].ID, nil
		case len(found) > 1:
			names := make([]string, len(found))
			for i, u := range found {
				names[i] = fmt.Sprintf("%q (resource %d: %s %s, %s)", u.UserName, u.ID, u.FirstName, u.LastName, u.Email)
			}
			return 0, fmt.Errorf("%d users match: %s. Nothing was adopted: set user_name to the key of the one to adopt, "+
				"or deactivate the others in the Autotask UI", len(found), strings.Join(names, ", "))
		}
		if time.Since(start)+poll > wait {
			break
		}
		tflog.Info(ctx, "waiting for the API user made by hand", map[string]any{"elapsed": time.Since(start).Round(time.Second).String(), "wait": wait.String()})
		select {
		case <-time.After(poll):
		case <-ctx.Done():
			return 0, fmt.Errorf("waiting for %s was cancelled: %w", madeByHand(plan), ctx.Err())
		}
		poll = min(2*poll, longest)
	}
	msg := fmt.Sprintf("No %s appeared within %s (timeouts.create)", strings.TrimPrefix(madeByHand(plan), "an "), wait)
	if lastErr != nil {
		msg += fmt.Sprintf("; the last look failed: %v", lastErr)
	}
	return 0, fmt.Errorf("%s. Nothing was written. Make it in the Autotask UI:\n\n%s\nthen apply again (or raise timeouts.create "+
		"to wait longer)", msg, userByHand(ctx, c, plan))
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
