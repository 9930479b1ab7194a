// Package provider implements the Autotask Terraform provider: its configuration, resources and
// data sources.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

var _ provider.Provider = (*autotaskProvider)(nil)

// New returns a factory for the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &autotaskProvider{version: version}
	}
}

type autotaskProvider struct {
	version string
}

type providerModel struct {
	Username                types.String `tfsdk:"username"`
	Secret                  types.String `tfsdk:"secret"`
	IntegrationCode         types.String `tfsdk:"integration_code"`
	BaseURL                 types.String `tfsdk:"base_url"`
	ZoneLookupURL           types.String `tfsdk:"zone_lookup_url"`
	ImpersonationResourceID types.Int64  `tfsdk:"impersonation_resource_id"`
	MaxConcurrencyPerEntity types.Int64  `tfsdk:"max_concurrency_per_entity"`
	BudgetGuardPercent      types.Int64  `tfsdk:"budget_guard_percent"`
	MaxRetries              types.Int64  `tfsdk:"max_retries"`
	RequestTimeout          types.String `tfsdk:"request_timeout"`
	AllowInsecureHTTP       types.Bool   `tfsdk:"allow_insecure_http"`
}

// Defaults of the optional settings, and the environment variable of each attribute.
const (
	defaultMaxConcurrency     = 3
	defaultBudgetGuardPercent = 90
	defaultMaxRetries         = 4
	defaultRequestTimeout     = 60 * time.Second

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

func (p *autotaskProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "autotask"
	resp.Version = p.version
}

func (p *autotaskProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Autotask PSA security levels and API users from vendor permission templates. " +
			"Every setting is optional and has an environment variable, so HCP Terraform workspaces need no files. " +
			"Credentials are only needed by resources and data sources that call the API: the permission catalogue and " +
			"template data sources work without them.",
		Attributes: map[string]schema.Attribute{
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Username (key) of the API user the provider signs in as. Environment variable `" + envUsername + "`.",
			},
			"secret": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Secret (password) of that API user. Environment variable `" + envSecret + "`.",
			},
			"integration_code": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true, // a tracking identifier is a credential: it never appears in plans or logs
				MarkdownDescription: "API tracking identifier sent as the `ApiIntegrationCode` header. Environment variable `" + envIntegrationCode + "`.",
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "REST root of the zone, as zoneInformation returns it, for example " +
					"`https://webservices15.autotask.net/ATServicesRest/`; a URL with an empty path gets `ATServicesRest/` appended. " +
					"Wins over `zone_lookup_url`; when unset the zone is discovered from the username. Environment variable `" + envBaseURL + "`.",
				Validators: []validator.String{restRootValidator{}},
			},
			"zone_lookup_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "REST root where the zone of the username is looked up when `base_url` is unset. Defaults to `" +
					autotask.DefaultZoneLookupURL + "`. Environment variable `" + envZoneLookupURL + "`.",
				Validators: []validator.String{restRootValidator{}},
			},
			"impersonation_resource_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Resource ID sent as the `ImpersonationResourceId` header, so writes are attributed to that resource. " +
					"Environment variable `" + envImpersonation + "`.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_concurrency_per_entity": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Requests in flight per entity, 1 to 3 (default %d). Autotask rejects a fourth "+
					"concurrent request per tracking identifier and entity, so Terraform's parallelism never trips the limit. "+
					"Environment variable `%s`.", defaultMaxConcurrency, envMaxConcurrency),
				Validators: []validator.Int64{int64validator.Between(1, 3)},
			},
			"budget_guard_percent": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Refuse to start when this share of the zone's hourly request budget (10,000 "+
					"requests, shared by every integration of the database) is already used, 1 to 100 (default %d). Environment variable `%s`.",
					defaultBudgetGuardPercent, envBudgetGuard),
				Validators: []validator.Int64{int64validator.Between(1, 100)},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Retries of a rate-limited or failed request, 0 to 10 (default %d). "+
					"Environment variable `%s`.", defaultMaxRetries, envMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 10)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Time limit of one HTTP request as a duration such as `30s` or `2m`, from 1s to 10m "+
					"(default `%s`). Environment variable `%s`.", defaultRequestTimeout, envRequestTimeout),
				Validators: []validator.String{durationValidator{min: time.Second, max: 10 * time.Minute}},
			},
			"allow_insecure_http": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Allow plain `http://` URLs to hosts other than loopback (default false). Plain http to " +
					"`127.0.0.1`, `::1` or `localhost`, as used by the simulator, is always allowed. TLS certificates are always verified. " +
					"Environment variable `" + envAllowInsecure + "`.",
			},
		},
	}
}

// providerData is what Configure hands to resources and data sources.
type providerData struct {
	version  string
	settings connectionSettings
	lazyClient
}

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

func (p *autotaskProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, problems := resolveSettings(cfg, os.LookupEnv)
	for _, pr := range problems {
		resp.Diagnostics.AddAttributeError(path.Root(pr.attr), "Invalid provider setting", pr.msg)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{version: p.version, settings: settings}
	resp.DataSourceData = data
	resp.ResourceData = data
}

type settingProblem struct{ attr, msg string }

// resolveSettings merges the provider block with the environment and the defaults: a value in
// the block wins, then the environment variable, then the default. A value that is still
// unknown at plan time (it depends on another resource) is recorded, not replaced by the
// environment, so plan and apply never sign in with different settings.
func resolveSettings(cfg providerModel, lookupEnv func(string) (string, bool)) (connectionSettings, []settingProblem) {
	var s connectionSettings
	var problems []settingProblem
	var unknown []string
	bad := func(attr, env, msg string) {
		problems = append(problems, settingProblem{attr, fmt.Sprintf("%s (from %s): %s", attr, env, msg)})
	}
	// raw returns the configured value, or the environment's, and whether it came from there.
	raw := func(v attr.Value, attrName, env string, configured func() string) (string, bool) {
		switch {
		case v.IsUnknown():
			unknown = append(unknown, attrName)
			return "", false
		case !v.IsNull():
			return configured(), false
		}
		e, _ := lookupEnv(env)
		return strings.TrimSpace(e), e != ""
	}
	str := func(v types.String, attrName, env string) (string, bool) {
		return raw(v, attrName, env, v.ValueString)
	}
	integer := func(v types.Int64, attrName, env string, def, lo, hi int64) int64 {
		text, fromEnv := raw(v, attrName, env, func() string { return strconv.FormatInt(v.ValueInt64(), 10) })
		if text == "" {
			return def
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil || n < lo || n > hi {
			if fromEnv {
				bad(attrName, env, fmt.Sprintf("%q must be a whole number from %d to %d", text, lo, hi))
			}
			return def
		}
		return n
	}

	s.Username, _ = str(cfg.Username, "username", envUsername)
	s.Secret, _ = str(cfg.Secret, "secret", envSecret)
	s.IntegrationCode, _ = str(cfg.IntegrationCode, "integration_code", envIntegrationCode)

	urls := []struct {
		v          types.String
		attr, env  string
		def        string
		dest       *string
		fromEnvVar bool
	}{
		{v: cfg.BaseURL, attr: "base_url", env: envBaseURL, dest: &s.BaseURL},
		{v: cfg.ZoneLookupURL, attr: "zone_lookup_url", env: envZoneLookupURL, def: autotask.DefaultZoneLookupURL, dest: &s.ZoneLookupURL},
	}
	for i := range urls {
		u := &urls[i]
		text, fromEnv := str(u.v, u.attr, u.env)
		u.fromEnvVar = fromEnv
		if text == "" {
			*u.dest = u.def
			continue
		}
		root, err := autotask.NormalizeRESTRoot(text)
		if err != nil {
			if fromEnv {
				bad(u.attr, u.env, err.Error())
			}
			// A bad value from the configuration was already reported by its validator.
			continue
		}
		*u.dest = root
	}

	s.ImpersonationResourceID = integer(cfg.ImpersonationResourceID, "impersonation_resource_id", envImpersonation, 0, 1, 1<<62)
	s.MaxConcurrencyPerEntity = int(integer(cfg.MaxConcurrencyPerEntity, "max_concurrency_per_entity", envMaxConcurrency, defaultMaxConcurrency, 1, 3))
	s.BudgetGuardPercent = int(integer(cfg.BudgetGuardPercent, "budget_guard_percent", envBudgetGuard, defaultBudgetGuardPercent, 1, 100))
	s.MaxRetries = int(integer(cfg.MaxRetries, "max_retries", envMaxRetries, defaultMaxRetries, 0, 10))

	s.RequestTimeout = defaultRequestTimeout
	if text, fromEnv := str(cfg.RequestTimeout, "request_timeout", envRequestTimeout); text != "" {
		d, err := parseDuration(text, time.Second, 10*time.Minute)
		switch {
		case err == nil:
			s.RequestTimeout = d
		case fromEnv:
			bad("request_timeout", envRequestTimeout, err.Error())
		}
	}

	if text, fromEnv := raw(cfg.AllowInsecureHTTP, "allow_insecure_http", envAllowInsecure, func() string { return strconv.FormatBool(cfg.AllowInsecureHTTP.ValueBool()) }); text != "" {
		b, err := strconv.ParseBool(text)
		if err != nil && fromEnv {
			bad("allow_insecure_http", envAllowInsecure, fmt.Sprintf("%q must be true or false", text))
		}
		s.AllowInsecureHTTP = b
	}

	for _, u := range urls {
		if *u.dest == "" {
			continue
		}
		if err := autotask.CheckTransportSecurity(*u.dest, s.AllowInsecureHTTP); err != nil {
			msg := err.Error()
			if u.fromEnvVar {
				msg = fmt.Sprintf("%s (from %s): %s", u.attr, u.env, msg)
			}
			problems = append(problems, settingProblem{u.attr, msg})
		}
	}
	s.Unknown = strings.Join(unknown, ", ")
	return s, problems
}

func (p *autotaskProvider) Resources(_ context.Context) []func() resource.Resource {
	return nil
}

func (p *autotaskProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newPermissionCatalogDataSource,
		newPermissionTemplateDataSource,
		newPermissionTemplatesDataSource,
		newZoneDataSource,
		newInternalLocationDataSource,
		newLineOfBusinessDataSource,
		newIntegrationVendorsDataSource,
		newResourceDataSource,
	}
}
