package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// restRootValidator checks a zone URL without calling the API.
type restRootValidator struct{}

var _ validator.String = restRootValidator{}

func (restRootValidator) Description(context.Context) string {
	return "an absolute https:// URL (http:// for a local simulator) of a REST root"
}

func (v restRootValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (restRootValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := autotask.NormalizeRESTRoot(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", err.Error())
	}
}

// durationValidator checks a Go duration string within bounds.
type durationValidator struct{ min, max time.Duration }

var _ validator.String = durationValidator{}

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("a duration such as \"30s\" or \"2m\", from %s to %s", v.min, v.max)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseDuration(req.ConfigValue.ValueString(), v.min, v.max); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", err.Error())
	}
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
type permissionsValidator struct{}

var _ validator.Map = permissionsValidator{}

func (permissionsValidator) Description(context.Context) string {
	return "a map of catalogue keys to allowed values (see the autotask_permission_catalog data source)"
}

func (v permissionsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
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

// emailValidator checks an email address offline: one bare address, no display name.
type emailValidator struct{}

var _ validator.String = emailValidator{}

func (emailValidator) Description(context.Context) string {
	return "an email address such as name@example.com"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address", fmt.Sprintf("%q is not an email address such as name@example.com.", v))
	}
}

// userNameValidator applies Autotask's username rules offline.
type userNameValidator struct{}

var _ validator.String = userNameValidator{}

func (userNameValidator) Description(context.Context) string {
	return "letters and digits, none of @ ( ) ; : [ ] | \\ \", no white space, at most 32 characters"
}

func (v userNameValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (userNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := autotask.CheckUserName(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid username", "The username "+err.Error()+".")
	}
}

// unlockOnlyValidator allows is_locked = false only: Autotask locks users itself, and an API
// client can only unlock them.
type unlockOnlyValidator struct{}

var _ validator.Bool = unlockOnlyValidator{}

func (unlockOnlyValidator) Description(context.Context) string {
	return "only false, which unlocks the user"
}

func (v unlockOnlyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (unlockOnlyValidator) ValidateBool(_ context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	if req.ConfigValue.ValueBool() {
		resp.Diagnostics.AddAttributeError(req.Path, "Users cannot be locked", "is_locked can only be set to false, which unlocks a user "+
			"Autotask locked; Autotask locks users itself. To stop a user signing in, set is_active = false.")
	}
}
