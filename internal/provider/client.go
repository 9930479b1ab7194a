package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

// providerData is what Configure hands to resources and data sources.
type providerData struct {
	version  string
	settings connectionSettings
	lazyClient
}

// apiClient builds the Autotask client on first use, so configurations that only read the
// catalogue and templates need no credentials; missing ones are reported here, by the first
// operation that calls the API.
func (d *providerData) apiClient() (*autotask.Client, error) {
	d.clientOnce.Do(func() {
		s := d.settings
		if err := s.apiSettingsError(); err != nil {
			d.clientErr = err
			return
		}
		d.client, d.clientErr = autotask.New(autotask.Options{
			Username: s.Username, Secret: s.Secret, IntegrationCode: s.IntegrationCode,
			BaseURL: s.BaseURL, ZoneLookupURL: s.ZoneLookupURL,
			ImpersonationResourceID: s.ImpersonationResourceID,
			MaxConcurrencyPerEntity: s.MaxConcurrencyPerEntity,
			BudgetGuardPercent:      s.BudgetGuardPercent,
			MaxRetries:              s.MaxRetries,
			RequestTimeout:          s.RequestTimeout,
			AllowInsecureHTTP:       s.AllowInsecureHTTP,
			UserAgent:               "terraform-provider-autotask/" + d.version,
			Logger:                  tflogLogger{},
		})
	})
	return d.client, d.clientErr
}

// lazyClient holds the client built on first use.
type lazyClient struct {
	clientOnce sync.Once
	client     *autotask.Client
	clientErr  error
}

// tflogLogger sends the client's debug lines to Terraform's provider log. The client has
// already masked every value.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

// providerDataFrom unpacks what Configure handed to a data source or resource. It is nil before
// the provider is configured (validation), which callers treat as "nothing to do yet".
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	d, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; this is a bug in the provider", raw))
		return nil
	}
	return d
}

// clientOrError returns the API client, or adds a diagnostic explaining why there is none.
func (d *providerData) clientOrError(diags *diag.Diagnostics) *autotask.Client {
	if d == nil {
		diags.AddError("Provider not configured", "The Autotask provider was not configured before this call; this is a bug in the provider.")
		return nil
	}
	c, err := d.apiClient()
	if err != nil {
		diags.AddError("Cannot call the Autotask API", err.Error())
		return nil
	}
	return c
}

// planClient returns the API client for checks made while planning, or nil with no diagnostic
// when provider settings are known only after apply: those checks run again at apply.
func (d *providerData) planClient(diags *diag.Diagnostics) *autotask.Client {
	if d == nil || d.settings.Unknown != "" {
		return nil
	}
	return d.clientOrError(diags)
}

// apiResource is embedded by resources: it keeps the provider data.
type apiResource struct {
	data *providerData
}

func (r *apiResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// apiDataSource is embedded by data sources that call the API: it keeps the provider data.
type apiDataSource struct {
	data *providerData
}

func (d *apiDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}
