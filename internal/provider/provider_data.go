package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

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
	// levelsPlannedActive holds, for this run, each managed security level's planned is_active:
	// Terraform plans a level before the API users that refer to it, so their checks see a
	// level that the same plan reactivates.
	levelsPlannedActive sync.Map // security level id -> bool
	// customLevels counts, for this run's plans, the zone's custom security levels (read once;
	// a plan creates none) and the new ones planned so far, by normalized name.
	customLevels struct {
		sync.Mutex
		existing int
		counted  bool
		planned  map[string]bool
	}
}

// planNewLevel records a level this run plans to create, and returns how many custom levels the
// zone has and how many this run plans. The zone's count is read once per run; a failed read
// is not kept, so the next plan asks again.
func (d *providerData) planNewLevel(ctx context.Context, c *autotask.Client, name string) (existing, planned int, err error) {
	l := &d.customLevels
	l.Lock()
	defer l.Unlock()
	if !l.counted {
		if l.existing, err = c.CustomSecurityLevelCount(ctx); err != nil {
			return 0, 0, err
		}
		l.counted = true
	}
	if l.planned == nil {
		l.planned = map[string]bool{}
	}
	l.planned[name] = true
	return l.existing, len(l.planned), nil
}

// planLevelActive records a security level's planned is_active for the rest of the run.
func (d *providerData) planLevelActive(id int64, active bool) {
	if d != nil {
		d.levelsPlannedActive.Store(id, active)
	}
}

// levelPlannedActive reports the security level's planned is_active, when this run plans it.
func (d *providerData) levelPlannedActive(id int64) (active, known bool) {
	if d == nil {
		return false, false
	}
	v, known := d.levelsPlannedActive.Load(id)
	active, _ = v.(bool)
	return active, known
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
	clientOnce     sync.Once
	client         *autotask.Client
	clientErr      error
	accessReported atomic.Bool
	systemLevels   sync.Map // copy_from name -> id, read once per run
}

// tflogLogger sends the client's log lines to Terraform's provider log. The client has already
// masked every value.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
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
func (d *providerData) clientOrError(ctx context.Context, diags *diag.Diagnostics) *autotask.Client {
	if d == nil {
		diags.AddError("Provider not configured", "The Autotask provider was not configured before this call; this is a bug in the provider.")
		return nil
	}
	c, err := d.apiClient()
	if err == nil {
		err = c.CheckAccess(ctx) // every call signs in first; this says why it fails, in the provider's words
	}
	if err != nil {
		d.reportAccess(err, diags)
		return nil
	}
	return c
}

// reportAccess explains why the provider cannot call the API. Every operation that needs the
// API reports it; the first with the whole explanation, the others briefly.
func (d *providerData) reportAccess(err error, diags *diag.Diagnostics) {
	first := d.accessReported.CompareAndSwap(false, true)
	switch {
	case autotask.IsUnauthorized(err):
		detail := "See the first error: the zone refused the provider's username and secret."
		if first {
			detail = "The zone answered 401 Unauthorized: the username (username or " + envUsername + ") and secret (secret or " +
				envSecret + ") do not sign in. Check both, and that the API user is active and not locked in the Autotask UI. " +
				"The provider does not send them again during this run, so no more failed logins are counted."
		}
		diags.AddError("The zone refused the provider's credentials", detail)
	case autotask.IsZoneLookupRefused(err) && d.settings.BaseURL == "":
		detail := "See the first error: the zone lookup does not know the provider's username."
		if first {
			detail = "Autotask's zone lookup (zoneInformation at " + d.settings.ZoneLookupURL + ") does not know the username set in " +
				"username (or " + envUsername + "): check it. If you know the zone, set base_url (or " + envBaseURL + ") to its REST " +
				"root, such as https://webservices15.autotask.net/ATServicesRest/, which skips the lookup."
		}
		diags.AddError("The zone lookup does not know this username", detail)
	case autotask.IsIntegrationCodeRefused(err):
		detail := "See the first error: the zone refused the provider's integration code."
		if first {
			detail = "The zone refused the integration code (integration_code or " + envIntegrationCode + "): Autotask answers " +
				"\"IntegrationCode is invalid\" for an API tracking identifier it does not know. Use the API Tracking Identifier " +
				"of the provider's own API user, as its page in the Autotask UI shows it. The provider does not send it again " +
				"during this run."
		}
		diags.AddError("The zone refused the provider's integration code", detail)
	case autotask.IsUnreachable(err):
		detail := "See the first error: the provider cannot reach the zone."
		if first {
			detail = fmt.Sprintf("The provider could not connect to %s: %s. %s Nothing was retried: a name that does not exist "+
				"or a port that refuses connections does not change within a run.", d.failedContact(err), err, d.checkZoneURL(err))
		}
		diags.AddError("Cannot reach the Autotask zone", detail)
	case autotask.IsTimeout(err):
		detail := "See the first error: the zone does not answer."
		if first {
			attempts := 1
			if e := (*autotask.Error)(nil); errors.As(err, &e) {
				attempts = e.Attempts
			}
			detail = fmt.Sprintf("No answer from %s within request_timeout (%s; or %s), in %d attempt(s) (max_retries %d; or %s): "+
				"%s. %s If the zone is only slow, raise request_timeout.", d.failedContact(err), d.settings.RequestTimeout, envRequestTimeout,
				attempts, d.settings.MaxRetries, envMaxRetries, err, d.checkZoneURL(err))
		}
		diags.AddError("The Autotask zone did not answer", detail)
	default:
		diags.AddError("Cannot call the Autotask API", err.Error())
	}
}

// lookupFailed reports whether err came from the zone lookup rather than from the zone.
func lookupFailed(err error) bool {
	var e *autotask.Error
	return errors.As(err, &e) && e.Operation == "zone"
}

// failedContact names what the provider could not reach: the zone at base_url, Autotask's zone
// lookup, or the zone the lookup named.
func (d *providerData) failedContact(err error) string {
	switch {
	case d.settings.BaseURL != "":
		return "the zone at base_url " + d.settings.BaseURL
	case lookupFailed(err):
		return "Autotask's zone lookup at zone_lookup_url " + d.settings.ZoneLookupURL
	}
	return "the zone that Autotask's zone lookup named"
}

// checkZoneURL says which setting to check when the zone cannot be reached.
func (d *providerData) checkZoneURL(err error) string {
	if !lookupFailed(err) && d.settings.BaseURL == "" {
		return "The zone lookup answered, so the zone itself is down or blocked from here; set base_url (or " + envBaseURL +
			") to reach another address of it."
	}
	if d.settings.BaseURL != "" {
		return "Check base_url (or " + envBaseURL + "): it is the zone's REST root, such as " +
			"https://webservices15.autotask.net/ATServicesRest/."
	}
	return "Check zone_lookup_url (or " + envZoneLookupURL + "), or set base_url (or " + envBaseURL + ") to the zone's REST root, " +
		"such as https://webservices15.autotask.net/ATServicesRest/, which skips the lookup."
}

// planClient returns the API client for checks made while planning, or nil with no diagnostic
// when provider settings are known only after apply: those checks run again at apply.
func (d *providerData) planClient(ctx context.Context, diags *diag.Diagnostics) *autotask.Client {
	if d == nil || d.settings.Unknown != "" {
		return nil
	}
	return d.clientOrError(ctx, diags)
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

// zoneClient returns the API client and what the zone can do, or a nil client with the reason
// in diags.
func (d *providerData) zoneClient(ctx context.Context, diags *diag.Diagnostics) (*autotask.Client, autotask.Capabilities) {
	c := d.clientOrError(ctx, diags)
	if c == nil {
		return nil, autotask.Capabilities{}
	}
	caps, ok := zoneCapabilities(ctx, c, diags)
	if !ok {
		return nil, caps
	}
	return c, caps
}

// zoneCapabilities is the provider's one way to ask what the zone's API can do: manage
// security levels, create API users, read and write their settings (the client asks once per
// run). An error is reported, never taken for an answer.
func zoneCapabilities(ctx context.Context, c *autotask.Client, diags *diag.Diagnostics) (autotask.Capabilities, bool) {
	caps, err := c.Capabilities(ctx)
	if err != nil {
		diags.AddError("Cannot tell the zone's API profile", err.Error())
		return caps, false
	}
	return caps, true
}
