// Package probe is a read-only fidelity probe for real Autotask zones: it signs in with the
// provider's settings, makes a few dozen read-only calls, makes the same calls against an
// in-process simulator serving the public profile, and reports where the zone differs from it
// (entity capabilities, Resources field metadata and picklists, the shape of API-user records,
// the threshold and version answers) and, as facts, what is only data (how many users, how
// their usernames are shaped, which fields are set).
//
// It never writes: every request goes through a transport that lets only GET and POST to the
// query routes through. The report never shows a secret (the API never returns one), an email
// address or a whole username.
package probe

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// Options say how to reach the zone. The fields mean what the provider's settings of the same
// names mean (see OptionsFromEnv).
type Options struct {
	Username, Secret, IntegrationCode string
	// BaseURL is the zone's REST root; empty means discover the zone through ZoneLookupURL
	// (default autotask.DefaultZoneLookupURL).
	BaseURL, ZoneLookupURL string
	AllowInsecureHTTP      bool
	// Version names the probe's build in the report's header; empty leaves it out.
	Version string
	// Now is the clock for the report's date; nil means time.Now.
	Now func() time.Time
}

// The environment variables OptionsFromEnv reads: the provider's.
const (
	EnvUsername        = "AUTOTASK_USERNAME"
	EnvSecret          = "AUTOTASK_SECRET"
	EnvIntegrationCode = "AUTOTASK_INTEGRATION_CODE"
	EnvBaseURL         = "AUTOTASK_BASE_URL"
	EnvZoneLookupURL   = "AUTOTASK_ZONE_LOOKUP_URL"
	EnvAllowInsecure   = "AUTOTASK_ALLOW_INSECURE_HTTP"
)

// OptionsFromEnv reads the provider's environment variables, as the provider does: credentials
// exactly as given, URLs trimmed. lookup is os.LookupEnv when nil.
func OptionsFromEnv(lookup func(string) (string, bool)) (Options, error) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	get := func(name string) string { v, _ := lookup(name); return v }
	o := Options{
		Username:        get(EnvUsername),
		Secret:          get(EnvSecret),
		IntegrationCode: get(EnvIntegrationCode),
		BaseURL:         strings.TrimSpace(get(EnvBaseURL)),
		ZoneLookupURL:   strings.TrimSpace(get(EnvZoneLookupURL)),
	}
	var missing []string
	for _, c := range []struct{ name, value string }{{EnvUsername, o.Username}, {EnvSecret, o.Secret}, {EnvIntegrationCode, o.IntegrationCode}} {
		if c.value == "" {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return Options{}, fmt.Errorf("set %s: the probe signs in with the provider's settings", strings.Join(missing, ", "))
	}
	if v := strings.TrimSpace(get(EnvAllowInsecure)); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Options{}, fmt.Errorf("%s: %q must be true or false", EnvAllowInsecure, v)
		}
		o.AllowInsecureHTTP = b
	}
	return o, nil
}

// Report is the probe's result.
type Report struct {
	// Date is when the probe ran, in UTC.
	Date time.Time
	// ZoneHost is the host (and port) of the zone's REST root.
	ZoneHost string
	// Version is Options.Version.
	Version string
	// Differences are where the zone differs from the public profile; none is the good news.
	Differences []Difference
	// Facts are what the probe learned that is only data, as titled markdown sections.
	Facts []Section
	// Requests counts the requests sent to the zone by method; Refused counts requests the
	// read-only guard stopped (always 0 unless the probe has a bug).
	Requests map[string]int
	Refused  int

	// sensitive are values the markdown must never show whole (credentials, usernames, emails).
	sensitive []string
}

// Section is one titled part of the facts; Lines are markdown.
type Section struct {
	Title string
	Lines []string
}

// Run probes the zone and the public profile and compares them. It fails only when it cannot
// sign in to either; any later failed read is in the report.
func Run(ctx context.Context, opts Options) (Report, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	zone, err := newTarget(autotask.Options{
		Username: opts.Username, Secret: opts.Secret, IntegrationCode: opts.IntegrationCode,
		BaseURL: opts.BaseURL, ZoneLookupURL: opts.ZoneLookupURL, AllowInsecureHTTP: opts.AllowInsecureHTTP,
	}, opts.Version)
	if err != nil {
		return Report{}, err
	}

	sim, err := autotasksim.New(autotasksim.Options{Profile: autotasksim.ProfilePublic})
	if err != nil {
		return Report{}, fmt.Errorf("starting the reference simulator: %w", err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	creds := sim.Credentials()
	reference, err := newTarget(autotask.Options{
		Username: creds.Username, Secret: creds.Secret, IntegrationCode: creds.IntegrationCode,
		BaseURL: autotasksim.RESTRoot(srv.URL),
	}, opts.Version)
	if err != nil {
		return Report{}, err
	}

	zs, err := observe(ctx, zone)
	if err != nil {
		return Report{}, fmt.Errorf("probing the zone: %w", err)
	}
	ps, err := observe(ctx, reference)
	if err != nil {
		return Report{}, fmt.Errorf("probing the reference simulator: %w", err)
	}

	r := Report{
		Date:        now().UTC(),
		Version:     opts.Version,
		Differences: compare(zs, ps),
		sensitive:   []string{opts.Username, url.QueryEscape(opts.Username), opts.Secret, opts.IntegrationCode},
	}
	if u, err := url.Parse(zs.root); err == nil {
		r.ZoneHost = u.Host
	}
	r.Facts, r.sensitive = facts(zs, ps, opts.Username, r.sensitive)
	r.Requests, r.Refused = zone.transport.counts()
	return r, nil
}

// newTarget builds a client whose every request goes through the read-only guard. It retries a
// read twice unless o.MaxRetries says otherwise (negative: never).
func newTarget(o autotask.Options, version string) (*target, error) {
	t := newReadOnlyTransport()
	o.Transport = t
	if o.MaxRetries == 0 {
		o.MaxRetries = 2 // reads only: safe to send again after a thread-limit answer or a gateway error
	}
	o.UserAgent = "terraform-provider-autotask-probe"
	if version != "" {
		o.UserAgent += "/" + version
	}
	c, err := autotask.New(o)
	if err != nil {
		return nil, err
	}
	return &target{client: c, raw: newRawReader(t, o.Username, o.Secret, o.IntegrationCode), transport: t, username: o.Username}, nil
}
