package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// described gives a validator or a plan modifier its description, the same in both forms.
type described string

func (d described) Description(context.Context) string { return string(d) }

func (d described) MarkdownDescription(context.Context) string { return string(d) }

// stringCheck is a validator.String made of what it allows and a check of a configured value;
// check returns an empty summary for a value it allows. Unknown and null values are checked
// once known, or not at all.
type stringCheck struct {
	described
	check func(value string) (summary, detail string)
}

var _ validator.String = stringCheck{}

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if summary, detail := v.check(req.ConfigValue.ValueString()); summary != "" {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

// restRoot checks a zone URL without calling the API.
func restRoot() validator.String {
	return stringCheck{described("an absolute https:// URL (http:// for a local simulator) of a REST root"), func(v string) (string, string) {
		if _, err := autotask.NormalizeRESTRoot(v); err != nil {
			return "Invalid URL", err.Error()
		}
		return "", ""
	}}
}

// durationBetween checks a Go duration string within bounds.
func durationBetween(lo, hi time.Duration) validator.String {
	return stringCheck{described(fmt.Sprintf("a duration such as \"30s\" or \"2m\", from %s to %s", lo, hi)), func(v string) (string, string) {
		if _, err := parseDuration(v, lo, hi); err != nil {
			return "Invalid duration", err.Error()
		}
		return "", ""
	}}
}

func parseDuration(raw string, lo, hi time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil || d < lo || d > hi {
		return 0, fmt.Errorf("%q must be a duration such as \"30s\" or \"2m\", from %s to %s", raw, lo, hi)
	}
	return d, nil
}

// permissionsValidator checks a permission map against the catalogue with no API call: unknown
// keys (with the closest known keys), alias keys (naming the canonical key) and values outside
// the allowed set, each as an error on that map key.
type permissionsValidator struct{ described }

var _ validator.Map = permissionsValidator{}

// permissionMap is the validator of a permission map.
func permissionMap() validator.Map {
	return permissionsValidator{"a map of catalogue keys to allowed values (see the autotask_permission_catalog data source)"}
}

func (permissionsValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	perms := map[string]string{}
	for key, value := range req.ConfigValue.Elements() {
		s, ok := value.(types.String)
		switch {
		case !ok || s.IsUnknown():
			continue // checked again once known
		case s.IsNull():
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(key), "Invalid permission", fmt.Sprintf("permission %q: the value is null; leave the key out to take its default", key))
			continue
		}
		perms[key] = s.ValueString()
	}
	for _, p := range permissions.Default().Validate(perms) {
		resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(p.Key), "Invalid permission", p.Error())
	}
}

// emailAddress checks an email address offline: one bare address, no display name, no longer
// than Autotask stores.
func emailAddress() validator.String {
	return stringCheck{described("an email address such as name@example.com, up to 254 characters"), func(v string) (string, string) {
		addr, err := mail.ParseAddress(v)
		switch {
		case err != nil || addr.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], "."):
			return "Invalid email address", fmt.Sprintf("%q is not an email address such as name@example.com.", v)
		case utf8.RuneCountInString(v) > maxEmailLength:
			return "Invalid email address", fmt.Sprintf("The address has %d characters; Autotask stores at most %d.", utf8.RuneCountInString(v), maxEmailLength)
		}
		return "", ""
	}}
}

// maxEmailLength is the longest email address Autotask stores.
const maxEmailLength = 254

// userName applies Autotask's username rules offline.
func userName() validator.String {
	return stringCheck{described("letters and digits, none of @ ( ) ; : [ ] | \\ \", no white space, at most 32 characters"), func(v string) (string, string) {
		if err := autotask.CheckUserName(v); err != nil {
			return "Invalid username", "The username " + err.Error() + "."
		}
		return "", ""
	}}
}

// unlockOnlyValidator allows is_locked = false only: Autotask locks users itself, and an API
// client can only unlock them.
type unlockOnlyValidator struct{ described }

var _ validator.Bool = unlockOnlyValidator{}

// unlockOnly allows is_locked = false only.
func unlockOnly() validator.Bool { return unlockOnlyValidator{"only false, which unlocks the user"} }

func (unlockOnlyValidator) ValidateBool(_ context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	if req.ConfigValue.ValueBool() {
		resp.Diagnostics.AddAttributeError(req.Path, "Users cannot be locked", "is_locked can only be set to false, which unlocks a user "+
			"Autotask locked; Autotask locks users itself. To stop a user signing in, set is_active = false.")
	}
}
