// Package provider implements the Autotask Terraform provider: its configuration, resources and
// data sources.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

var _ provider.ProviderWithFunctions = (*autotaskProvider)(nil)

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
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Secret (password) of that API user. Environment variable `" + envSecret + "`. " +
					"Credentials are sent exactly as given, so one with a control character or surrounding white space (such as the " +
					"trailing newline `file()` keeps) is refused: wrap it in `trimspace()`. An empty string counts as unset.",
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
				Validators: []validator.String{restRoot()},
			},
			"zone_lookup_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "REST root where the zone of the username is looked up when `base_url` is unset. Defaults to `" +
					autotask.DefaultZoneLookupURL + "`. Environment variable `" + envZoneLookupURL + "`.",
				Validators: []validator.String{restRoot()},
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
					"Environment variable `%s`.", autotask.DefaultMaxConcurrencyPerEntity, envMaxConcurrency),
				Validators: []validator.Int64{int64validator.Between(1, 3)},
			},
			"budget_guard_percent": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Refuse to start when this share of the zone's hourly request budget (10,000 "+
					"requests, shared by every integration of the database) is already used, 1 to 100 (default %d). Environment variable `%s`.",
					autotask.DefaultBudgetGuardPercent, envBudgetGuard),
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
					"(default `%s`). It also bounds how long the provider looks for an object whose create got no clear answer "+
					"(a lost response, a gateway's 504), since the zone may still commit it. Environment variable `%s`.",
					autotask.DefaultRequestTimeout, envRequestTimeout),
				Validators: []validator.String{durationBetween(time.Second, 10*time.Minute)},
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

func (p *autotaskProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newSecurityLevelResource,
		newAPIUserResource,
	}
}

func (p *autotaskProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		newChecklistFunction,
		newExcessPermissionsFunction,
	}
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
		newSecurityLevelDataSource,
		newAPIUserDataSource,
		newAPIUsersDataSource,
	}
}
