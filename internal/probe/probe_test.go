package probe

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// probeZone runs the probe against a simulator zone signed in as its administrator, and checks
// what every run must: no write reached the zone, nothing was refused, the calls stayed few,
// and no credential or username shows whole in the report.
func probeZone(t *testing.T, zone *simtest.Zone, opts Options) (Report, string) {
	t.Helper()
	if opts.Username == "" {
		opts.Username, opts.Secret, opts.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
	}
	if opts.BaseURL == "" && opts.ZoneLookupURL == "" {
		opts.BaseURL = zone.URL
	}
	opts.Now = func() time.Time { return time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC) }
	zone.Sim.ResetStats()
	r, err := Run(t.Context(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	md := r.Markdown()
	stats := zone.Sim.Stats()
	for entity, ops := range stats.Requests {
		for _, op := range []string{"create", "update", "replace", "delete"} {
			if ops[op] != 0 {
				t.Errorf("the probe wrote: %s %s ×%d", entity, op, ops[op])
			}
		}
	}
	if stats.RequestsTotal == 0 {
		t.Error("the zone counted no request: the probe did not read it")
	}
	if stats.RequestsTotal > 40 {
		t.Errorf("the probe made %d requests, more than a few dozen: %v", stats.RequestsTotal, stats.Requests)
	}
	if r.Refused != 0 {
		t.Errorf("the read-only guard refused %d requests", r.Refused)
	}
	total := 0
	for _, n := range r.Requests {
		total += n
	}
	// The zone does not count 404s (SecurityLevels on a public zone), so the probe may count more.
	if int64(total) < stats.RequestsTotal || total > 40 {
		t.Errorf("the report counts %d requests (%v), the zone %d", total, r.Requests, stats.RequestsTotal)
	}
	for _, secret := range []string{opts.Username, opts.Secret, opts.IntegrationCode} {
		if strings.Contains(strings.ToLower(md), strings.ToLower(secret)) {
			t.Errorf("the report shows %q whole:\n%s", secret, md)
		}
	}
	return r, md
}

func TestPublicZoneHasNoDifferences(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	r, md := probeZone(t, zone, Options{Version: "v9.9.9-test"})
	if len(r.Differences) != 0 {
		t.Fatalf("differences against the public profile: %+v\n%s", r.Differences, md)
	}
	host := strings.TrimPrefix(zone.ServerURL, "http://")
	for _, want := range []string{
		"# Autotask zone fidelity probe", "- Date: 2026-03-01 12:30 UTC", "- Zone: " + host, "- Probe version: v9.9.9-test",
		"## Differences from the public profile", NoDifferences, "no differences", "## Facts",
		"- licenseType of \"API User\": `7`",
		"- 3 API users (licenseType `7`): 2 active, 1 inactive",
		"- usernames: 3 bare key, 0 key@domain",
		"the zone holds its userName the same text",
		"| Resources | query, update | query, update |",
		"| SecurityLevels | not served (404) | not served (404) |",
		"- InternalLocations: 3 rows, 1 with isDefault",
		"writes: none",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
}

// TestSOAPReadingIsExactlyThreeDifferences: a zone that marks locationID, dateFormat and
// timeFormat read-only, as the SOAP reference does, differs in exactly those three flags.
func TestSOAPReadingIsExactlyThreeDifferences(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic, ResourceFieldsReading: autotasksim.ReadingSOAP})
	r, md := probeZone(t, zone, Options{})
	want := []Difference{
		{Subject: "Resources field dateFormat", Aspect: "isReadOnly", Zone: "true", Profile: "false"},
		{Subject: "Resources field locationID", Aspect: "isReadOnly", Zone: "true", Profile: "false"},
		{Subject: "Resources field timeFormat", Aspect: "isReadOnly", Zone: "true", Profile: "false"},
	}
	got := slices.Clone(r.Differences)
	slices.SortFunc(got, func(a, b Difference) int { return strings.Compare(a.Subject, b.Subject) })
	if !slices.Equal(got, want) {
		t.Fatalf("differences:\n got %+v\nwant %+v\n%s", got, want, md)
	}
	if strings.Contains(md, NoDifferences) || !strings.Contains(md, "| Resources field locationID | isReadOnly | true | false |") {
		t.Errorf("the report does not show the differences:\n%s", md)
	}
}

// TestExtendedZoneReportsItsExtensions: the extended profile's SecurityLevels entity, API-user
// creation on Resources and its extra Resources fields are differences.
func TestExtendedZoneReportsItsExtensions(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfileExtended})
	r, md := probeZone(t, zone, Options{})
	has := func(subject, aspect, zoneValue, profile string) {
		t.Helper()
		for _, d := range r.Differences {
			if d.Subject == subject && d.Aspect == aspect && strings.HasPrefix(d.Zone, zoneValue) && d.Profile == profile {
				return
			}
		}
		t.Errorf("no difference %s %s %s/%s in %+v", subject, aspect, zoneValue, profile, r.Differences)
	}
	has("entity SecurityLevels", "served", "served", "not served (404)")
	has("entity Resources", "canCreate", "true", "false")
	extended := []string{"apiTrackingIdentifier", "apiVendorID", "canViewItemsWithNoLineOfBusiness", "internalIntegrationName",
		"isLocked", "lineOfBusinessIDs", "protectedDataPermission", "securityLevelID"}
	for _, f := range extended {
		has("Resources field "+f, "present", "present", "absent")
	}
	// Nothing else differs: no published field, picklist or capability.
	for _, d := range r.Differences {
		switch {
		case d.Subject == "entity SecurityLevels", d.Subject == "entity Resources" && d.Aspect == "canCreate":
		case strings.HasPrefix(d.Subject, "Resources field ") && d.Aspect == "present" && d.Profile == "absent":
		case strings.HasPrefix(d.Subject, "API users") && strings.HasPrefix(d.Aspect, "record key ") && d.Zone == "present":
			if !slices.Contains(extended, strings.TrimPrefix(d.Aspect, "record key ")) {
				t.Errorf("an unexpected record key: %+v", d)
			}
		default:
			t.Errorf("an unexpected difference: %+v", d)
		}
	}
	if !strings.Contains(md, "| SecurityLevels | query, create, update, delete | not served (404) |") {
		t.Errorf("the capability table:\n%s", md)
	}
}

// TestUsernamesAreMasked: API users made in the UI (key@domain) and the zone's own are counted
// by shape and never shown whole, and neither are their email addresses.
func TestUsernamesAreMasked(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	made, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: "Zapier", LastName: "API", Email: "zapier@example.com",
		SecurityLevel: "API User (system) (API-only)", IntegrationVendor: "Zapier"})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: "Proxuma", LastName: "API", Email: "proxuma@example.com",
		SecurityLevel: "API User (system) (API-only)", InternalIntegrationName: "Probe test", UserName: "proxumakey42"})
	if err != nil {
		t.Fatal(err)
	}
	// Sign in as the UI-made user, so the signed-in user is a key@domain one.
	r, md := probeZone(t, zone, Options{Username: made.UserName, Secret: made.Secret, IntegrationCode: made.TrackingIdentifier})
	if len(r.Differences) != 0 {
		t.Errorf("UI-made users are data, not differences: %+v", r.Differences)
	}
	key, _, _ := strings.Cut(made.UserName, "@")
	for _, whole := range []string{made.UserName, key, bare.UserName, "proxumakey42", zone.Username, "zapier@example.com", "proxuma@", "example.com", made.Secret} {
		if strings.Contains(strings.ToLower(md), strings.ToLower(whole)) {
			t.Errorf("the report shows %q whole:\n%s", whole, md)
		}
	}
	for _, want := range []string{
		"- 5 API users", "- usernames: 3 bare key, 2 key@domain (2 of them at the domain of the user's own email address), 0 other",
		"`" + mask(made.UserName) + "` (key@domain, active",
		"- the signed-in user: configured as key@domain `" + mask(made.UserName) + "`; the zone holds its userName the same text",
		"15 characters ×",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	if got := mask(made.UserName); got[:3] != made.UserName[:3] || strings.Trim(got[3:], "*") != "" || len(got) != len(made.UserName) {
		t.Errorf("mask(%q) = %q", made.UserName, got)
	}
}

// TestZoneDiscovery: with no base URL the client discovers the zone through the lookup URL, as
// the provider does.
func TestZoneDiscovery(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	r, md := probeZone(t, zone, Options{ZoneLookupURL: zone.URL})
	if len(r.Differences) != 0 {
		t.Errorf("differences: %+v\n%s", r.Differences, md)
	}
	if zone.Sim.Stats().Requests["ZoneInformation"]["zone"] < 2 {
		t.Errorf("no discovery: %v", zone.Sim.Stats().Requests)
	}
}

func TestSignInFailureIsAnError(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	_, err := Run(t.Context(), Options{Username: zone.Username, Secret: zone.Secret + "x", IntegrationCode: zone.IntegrationCode, BaseURL: zone.URL})
	if err == nil || !autotask.IsUnauthorized(err) {
		t.Fatalf("err = %v, want a 401", err)
	}
	if strings.Contains(err.Error(), zone.Secret) || strings.Contains(err.Error(), zone.Username) {
		t.Errorf("the error shows a credential: %v", err)
	}
}

// TestZoneErrorsAreDifferences: a read the zone refuses where the public profile answers is a
// difference, and the probe goes on; a failed count of a table is a fact.
func TestZoneErrorsAreDifferences(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	if err := zone.Sim.SetFaults([]autotasksim.Fault{
		{Entity: "InternalLocations", Operation: "info", Status: http.StatusInternalServerError},
		{Entity: "OrganizationalLevel2s", Operation: "query", Status: http.StatusInternalServerError},
	}); err != nil {
		t.Fatal(err)
	}
	r, md := probeZone(t, zone, Options{})
	if len(r.Differences) != 1 || r.Differences[0].Subject != "entity InternalLocations" || r.Differences[0].Aspect != "answer" ||
		!strings.HasPrefix(r.Differences[0].Zone, "error: Autotask InternalLocations info: HTTP 500") {
		t.Errorf("differences: %+v\n%s", r.Differences, md)
	}
	for _, want := range []string{"- OrganizationalLevel2s: error: Autotask OrganizationalLevel2s query: HTTP 500", "| InternalLocations | error: "} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
}

func TestReadOnlyGuard(t *testing.T) {
	for _, c := range []struct {
		method, path string
		read         bool
	}{
		{http.MethodGet, "/ATServicesRest/V1.0/Resources/entityInformation/fields", true},
		{http.MethodPost, "/ATServicesRest/V1.0/Resources/query", true},
		{http.MethodPost, "/ATServicesRest/V1.0/Resources/Query/Count", true},
		{http.MethodPost, "/ATServicesRest/V1.0/Resources/query/next", true},
		{http.MethodPost, "/ATServicesRest/V1.0/Resources", false},
		{http.MethodPost, "/ATServicesRest/V1.0/Resources/queryable", false},
		{http.MethodPatch, "/ATServicesRest/V1.0/Resources", false},
		{http.MethodPut, "/ATServicesRest/V1.0/Resources", false},
		{http.MethodDelete, "/ATServicesRest/V1.0/SecurityLevels/1", false},
	} {
		if got := isRead(c.method, c.path); got != c.read {
			t.Errorf("isRead(%s %s) = %v", c.method, c.path, got)
		}
	}

	// Through the client: a write is refused before it leaves, and the zone sees nothing.
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	tg, err := newTarget(autotask.Options{Username: zone.Username, Secret: zone.Secret, IntegrationCode: zone.IntegrationCode, BaseURL: zone.URL, MaxRetries: -1}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tg.client.CheckAccess(t.Context()); err != nil {
		t.Fatal(err)
	}
	zone.Sim.ResetStats()
	_, err = tg.client.Patch(context.WithoutCancel(t.Context()), autotask.Resources, map[string]any{"id": 1, "title": "x"})
	if err == nil || !errors.Is(err, errWrite) {
		t.Errorf("a PATCH through the probe's client: %v", err)
	}
	if n := zone.Sim.Stats().RequestsTotal; n != 0 {
		t.Errorf("the zone saw %d requests", n)
	}
	if _, refused := tg.transport.counts(); refused == 0 {
		t.Error("the guard counted no refusal")
	}
}

func TestOptionsFromEnv(t *testing.T) {
	env := map[string]string{
		EnvUsername: "user", EnvSecret: " secret", EnvIntegrationCode: "code",
		EnvBaseURL: " https://webservices5.autotask.net/ ", EnvAllowInsecure: "true",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	o, err := OptionsFromEnv(lookup)
	if err != nil {
		t.Fatal(err)
	}
	if o.Username != "user" || o.Secret != " secret" || o.IntegrationCode != "code" || o.BaseURL != "https://webservices5.autotask.net/" || !o.AllowInsecureHTTP {
		t.Errorf("options %+v", o)
	}
	delete(env, EnvSecret)
	delete(env, EnvIntegrationCode)
	if _, err := OptionsFromEnv(lookup); err == nil || !strings.Contains(err.Error(), EnvSecret+", "+EnvIntegrationCode) {
		t.Errorf("missing settings: %v", err)
	}
	env[EnvSecret], env[EnvIntegrationCode], env[EnvAllowInsecure] = "s", "c", "maybe"
	if _, err := OptionsFromEnv(lookup); err == nil || !strings.Contains(err.Error(), EnvAllowInsecure) {
		t.Errorf("a bad boolean: %v", err)
	}
}

func TestSameUser(t *testing.T) {
	for _, c := range []struct {
		configured, held string
		same             bool
	}{
		{"abc123", "ABC123", true},
		{"abc123", "abc123@example.com", true},
		{"abc123@example.com", "abc123", true},
		{"abc123@example.com", "abc123@other.com", false},
		{"abc123", "abc1234", false},
	} {
		if got := sameUser(c.configured, c.held); got != c.same {
			t.Errorf("sameUser(%q, %q) = %v", c.configured, c.held, got)
		}
	}
}

func TestMaskAll(t *testing.T) {
	if got := mask("abc"); got != "a**" {
		t.Errorf("mask(abc) = %q", got)
	}
	if got := mask(""); got != "" {
		t.Errorf("mask(\"\") = %q", got)
	}
	got := maskAll("user K3V9Q2MXW7AB4C1@Example.com said abc", []string{"k3v9q2mxw7ab4c1@example.com", "abc"})
	if want := "user K3V************************ said abc"; got != want {
		t.Errorf("maskAll = %q, want %q", got, want)
	}
	if u := url.QueryEscape("a b@c.d"); maskAll("q="+u, []string{u}) == "q="+u {
		t.Error("an escaped username is not masked")
	}
}
