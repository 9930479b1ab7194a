package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

// The provider's own default (the other optional settings default to the client's Options
// defaults), and the environment variable of each attribute.
const (
	// defaultMaxRetries differs from the client's, which retries nothing unless asked.
	defaultMaxRetries = 4

	envUsername        = "AUTOTASK_USERNAME"
	envSecret          = "AUTOTASK_SECRET"
	envIntegrationCode = "AUTOTASK_INTEGRATION_CODE"
	envBaseURL         = "AUTOTASK_BASE_URL"
	envZoneLookupURL   = "AUTOTASK_ZONE_LOOKUP_URL"
	envImpersonation   = "AUTOTASK_IMPERSONATION_RESOURCE_ID"
	envMaxConcurrency  = "AUTOTASK_MAX_CONCURRENCY_PER_ENTITY"
	envBudgetGuard     = "AUTOTASK_BUDGET_GUARD_PERCENT"
	envMaxRetries      = "AUTOTASK_MAX_RETRIES"
	envRequestTimeout  = "AUTOTASK_REQUEST_TIMEOUT"
	envAllowInsecure   = "AUTOTASK_ALLOW_INSECURE_HTTP"
)

// connectionSettings is the provider configuration after environment variables and defaults.
type connectionSettings struct {
	Username, Secret, IntegrationCode string
	BaseURL                           string // Normalised; empty means discover the zone.
	ZoneLookupURL                     string // Normalised.
	ImpersonationResourceID           int64  // 0 means none.
	MaxConcurrencyPerEntity           int
	BudgetGuardPercent                int
	MaxRetries                        int
	RequestTimeout                    time.Duration
	AllowInsecureHTTP                 bool
	// Unknown names the settings whose values are known only after apply.
	Unknown string
}

// apiSettingsError reports what keeps the provider from calling the API: settings known only
// after apply, or missing credentials. Configure does not call it: the error belongs to the
// first API call, so configurations that only use the catalogue and templates need neither.
func (s connectionSettings) apiSettingsError() error {
	if s.Unknown != "" {
		return fmt.Errorf("these provider settings are known only after apply: %s. The provider cannot call the Autotask API while planning; "+
			"set them from variables or the environment, or apply what they depend on first", s.Unknown)
	}
	var missing []string
	for _, c := range []struct{ value, attr, env string }{
		{s.Username, "username", envUsername},
		{s.Secret, "secret", envSecret},
		{s.IntegrationCode, "integration_code", envIntegrationCode},
	} {
		if c.value == "" {
			missing = append(missing, fmt.Sprintf("%s (or %s)", c.attr, c.env))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	pronoun := "them"
	if len(missing) == 1 {
		pronoun = "it"
	}
	return fmt.Errorf("this operation calls the Autotask API, but the provider has no %s. Set %s in the provider block or the environment",
		strings.Join(missing, ", "), pronoun)
}

type settingProblem struct{ attr, msg string }

// settingsResolver merges the provider block with the environment and the defaults: a value in
// the block wins, then the environment variable, then the default. A value that is still
// unknown at plan time (it depends on another resource) is recorded, not replaced by the
// environment, so plan and apply never sign in with different settings.
type settingsResolver struct {
	lookupEnv func(string) (string, bool)
	problems  []settingProblem
	unknown   []string
}

// setting is one attribute's raw value and where it came from.
type setting struct {
	attr, env string
	text      string // "" when unset
	fromEnv   bool
	unknown   bool
}

func (r *settingsResolver) raw(v attr.Value, attrName, env string, configured func() string) setting {
	s := setting{attr: attrName, env: env}
	switch {
	case v.IsUnknown():
		r.unknown = append(r.unknown, attrName)
		s.unknown = true
	case !v.IsNull():
		s.text = configured()
	default:
		e, _ := r.lookupEnv(env)
		s.text, s.fromEnv = strings.TrimSpace(e), e != ""
	}
	return s
}

func (r *settingsResolver) str(v types.String, attrName, env string) setting {
	return r.raw(v, attrName, env, v.ValueString)
}

// source names where a value came from, for messages.
func (s setting) source() string {
	if s.fromEnv {
		return fmt.Sprintf("%s (from %s)", s.attr, s.env)
	}
	return s.attr
}

// bad records a problem with a value from the environment. A bad value from the configuration
// was already reported by its validator, so it only falls back to the default here.
func (r *settingsResolver) bad(s setting, msg string) {
	if s.fromEnv {
		r.problems = append(r.problems, settingProblem{s.attr, s.source() + ": " + msg})
	}
}

// credential reads a username, secret or integration code. Unlike other settings it is never
// trimmed, from either source: a credential is sent exactly as given, so one that HTTP cannot
// carry is refused here, naming where it came from. An empty string in the block counts as
// unset, so it does not hide the environment variable.
func (r *settingsResolver) credential(v types.String, attrName, env string) string {
	s := setting{attr: attrName, env: env}
	switch {
	case v.IsUnknown():
		r.unknown = append(r.unknown, attrName)
		return ""
	case v.ValueString() != "":
		s.text = v.ValueString()
	default:
		s.text, _ = r.lookupEnv(env)
		s.fromEnv = s.text != ""
	}
	if err := autotask.CheckCredential(s.text); err != nil {
		r.problems = append(r.problems, settingProblem{attrName, s.source() + ": " + err.Error()})
		return ""
	}
	return s.text
}

func (r *settingsResolver) integer(v types.Int64, attrName, env string, def, lo, hi int64) int64 {
	s := r.raw(v, attrName, env, func() string { return strconv.FormatInt(v.ValueInt64(), 10) })
	if s.text == "" {
		return def
	}
	n, err := strconv.ParseInt(s.text, 10, 64)
	if err != nil || n < lo || n > hi {
		r.bad(s, fmt.Sprintf("%q must be a whole number from %d to %d", s.text, lo, hi))
		return def
	}
	return n
}

func (r *settingsResolver) restRoot(s setting, def string) string {
	if s.text == "" {
		return def
	}
	root, err := autotask.NormalizeRESTRoot(s.text)
	if err != nil {
		r.bad(s, err.Error())
		return ""
	}
	return root
}

func resolveSettings(cfg providerModel, lookupEnv func(string) (string, bool)) (connectionSettings, []settingProblem) {
	r := &settingsResolver{lookupEnv: lookupEnv}
	var s connectionSettings
	s.Username = r.credential(cfg.Username, "username", envUsername)
	s.Secret = r.credential(cfg.Secret, "secret", envSecret)
	s.IntegrationCode = r.credential(cfg.IntegrationCode, "integration_code", envIntegrationCode)

	baseURL := r.str(cfg.BaseURL, "base_url", envBaseURL)
	zoneLookupURL := r.str(cfg.ZoneLookupURL, "zone_lookup_url", envZoneLookupURL)
	s.BaseURL = r.restRoot(baseURL, "")
	s.ZoneLookupURL = r.restRoot(zoneLookupURL, autotask.DefaultZoneLookupURL)

	s.ImpersonationResourceID = r.integer(cfg.ImpersonationResourceID, "impersonation_resource_id", envImpersonation, 0, 1, 1<<62)
	s.MaxConcurrencyPerEntity = int(r.integer(cfg.MaxConcurrencyPerEntity, "max_concurrency_per_entity", envMaxConcurrency, autotask.DefaultMaxConcurrencyPerEntity, 1, 3))
	s.BudgetGuardPercent = int(r.integer(cfg.BudgetGuardPercent, "budget_guard_percent", envBudgetGuard, autotask.DefaultBudgetGuardPercent, 1, 100))
	s.MaxRetries = int(r.integer(cfg.MaxRetries, "max_retries", envMaxRetries, defaultMaxRetries, 0, 10))

	s.RequestTimeout = autotask.DefaultRequestTimeout
	if timeout := r.str(cfg.RequestTimeout, "request_timeout", envRequestTimeout); timeout.text != "" {
		d, err := parseDuration(timeout.text, time.Second, 10*time.Minute)
		if err != nil {
			r.bad(timeout, err.Error())
		} else {
			s.RequestTimeout = d
		}
	}

	insecure := r.raw(cfg.AllowInsecureHTTP, "allow_insecure_http", envAllowInsecure, func() string { return strconv.FormatBool(cfg.AllowInsecureHTTP.ValueBool()) })
	if insecure.text != "" {
		b, err := strconv.ParseBool(insecure.text)
		if err != nil {
			r.bad(insecure, fmt.Sprintf("%q must be true or false", insecure.text))
		}
		s.AllowInsecureHTTP = b
	}

	for _, u := range []struct {
		setting
		root string
	}{{baseURL, s.BaseURL}, {zoneLookupURL, s.ZoneLookupURL}} {
		if u.root == "" || insecure.unknown {
			continue // while allow_insecure_http is unknown, the check waits for apply
		}
		if err := autotask.CheckTransportSecurity(u.root, s.AllowInsecureHTTP); err != nil {
			msg := err.Error()
			if u.fromEnv {
				msg = u.source() + ": " + msg
			}
			r.problems = append(r.problems, settingProblem{u.attr, msg})
		}
	}
	s.Unknown = strings.Join(r.unknown, ", ")
	return s, r.problems
}
