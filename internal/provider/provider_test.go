package provider

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func nullModel() providerModel {
	return providerModel{
		Username: types.StringNull(), Secret: types.StringNull(), IntegrationCode: types.StringNull(),
		BaseURL: types.StringNull(), ZoneLookupURL: types.StringNull(), ImpersonationResourceID: types.Int64Null(),
		MaxConcurrencyPerEntity: types.Int64Null(), BudgetGuardPercent: types.Int64Null(), MaxRetries: types.Int64Null(),
		RequestTimeout: types.StringNull(), AllowInsecureHTTP: types.BoolNull(),
	}
}

func TestResolveSettingsDefaults(t *testing.T) {
	s, problems := resolveSettings(nullModel(), envMap(nil))
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := connectionSettings{
		ZoneLookupURL: "https://webservices.autotask.net/ATServicesRest/", MaxConcurrencyPerEntity: 3,
		BudgetGuardPercent: 90, MaxRetries: 4, RequestTimeout: time.Minute,
	}
	if s != want {
		t.Fatalf("settings = %+v, want %+v", s, want)
	}
}

func TestResolveSettingsFromEnvironment(t *testing.T) {
	s, problems := resolveSettings(nullModel(), envMap(map[string]string{
		envUsername: "u", envSecret: "s", envIntegrationCode: "c", envBaseURL: "http://127.0.0.1:8080",
		envImpersonation: "29682885", envMaxConcurrency: "2", envBudgetGuard: "75", envMaxRetries: "0",
		envRequestTimeout: "2m", envAllowInsecure: "true",
	}))
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := connectionSettings{
		Username: "u", Secret: "s", IntegrationCode: "c", BaseURL: "http://127.0.0.1:8080/ATServicesRest/",
		ZoneLookupURL: "https://webservices.autotask.net/ATServicesRest/", ImpersonationResourceID: 29682885,
		MaxConcurrencyPerEntity: 2, BudgetGuardPercent: 75, MaxRetries: 0, RequestTimeout: 2 * time.Minute,
		AllowInsecureHTTP: true,
	}
	if s != want {
		t.Fatalf("settings = %+v, want %+v", s, want)
	}
}

func TestResolveSettingsConfigWinsOverEnvironment(t *testing.T) {
	cfg := nullModel()
	cfg.Username = types.StringValue("from-config")
	cfg.MaxConcurrencyPerEntity = types.Int64Value(1)
	cfg.AllowInsecureHTTP = types.BoolValue(false)
	s, problems := resolveSettings(cfg, envMap(map[string]string{
		envUsername: "from-env", envMaxConcurrency: "3", envAllowInsecure: "true", envBaseURL: "https://ws.example.com",
	}))
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if s.Username != "from-config" || s.MaxConcurrencyPerEntity != 1 || s.AllowInsecureHTTP || s.BaseURL != "https://ws.example.com/ATServicesRest/" {
		t.Fatalf("settings = %+v", s)
	}
}

func TestResolveSettingsNeverReplacesAnUnknownValueWithTheEnvironment(t *testing.T) {
	cfg := nullModel()
	cfg.Username = types.StringUnknown()
	cfg.BaseURL = types.StringUnknown()
	s, problems := resolveSettings(cfg, envMap(map[string]string{
		envUsername: "from-env", envSecret: "s", envIntegrationCode: "c", envBaseURL: "https://other.example.com",
	}))
	if len(problems) != 0 || s.Username != "" || s.BaseURL != "" || s.Unknown != "username, base_url" {
		t.Fatalf("settings = %+v, problems %v", s, problems)
	}
	err := s.apiSettingsError()
	if err == nil || !strings.Contains(err.Error(), "known only after apply: username, base_url.") {
		t.Fatalf("err = %v", err)
	}
}

func TestResolveSettingsRejectsBadEnvironment(t *testing.T) {
	for env, tc := range map[string]struct{ value, want string }{
		envMaxConcurrency: {"4", `max_concurrency_per_entity (from AUTOTASK_MAX_CONCURRENCY_PER_ENTITY): "4" must be a whole number from 1 to 3`},
		envBudgetGuard:    {"0", `budget_guard_percent (from AUTOTASK_BUDGET_GUARD_PERCENT): "0" must be a whole number from 1 to 100`},
		envMaxRetries:     {"eleven", `max_retries (from AUTOTASK_MAX_RETRIES): "eleven" must be a whole number from 0 to 10`},
		envImpersonation:  {"-2", `impersonation_resource_id (from AUTOTASK_IMPERSONATION_RESOURCE_ID): "-2" must be a whole number`},
		envRequestTimeout: {"500ms", `request_timeout (from AUTOTASK_REQUEST_TIMEOUT): "500ms" must be a duration such as "30s" or "2m", from 1s to 10m0s`},
		envAllowInsecure:  {"perhaps", `allow_insecure_http (from AUTOTASK_ALLOW_INSECURE_HTTP): "perhaps" must be true or false`},
		envBaseURL:        {"ws15.example.com", `base_url (from AUTOTASK_BASE_URL): "ws15.example.com" must start with https://`},
		envZoneLookupURL:  {"https://", `zone_lookup_url (from AUTOTASK_ZONE_LOOKUP_URL): "https://" has no host`},
	} {
		t.Run(env, func(t *testing.T) {
			_, problems := resolveSettings(nullModel(), envMap(map[string]string{env: tc.value}))
			if len(problems) != 1 || !strings.Contains(problems[0].msg, tc.want) {
				t.Errorf("%s=%s: problems %v, want one containing %q", env, tc.value, problems, tc.want)
			}
		})
	}
}

func TestResolveSettingsRefusesInsecureRemoteHTTP(t *testing.T) {
	_, problems := resolveSettings(nullModel(), envMap(map[string]string{envBaseURL: "http://sim.example.com"}))
	if len(problems) != 1 || problems[0].attr != "base_url" || !strings.Contains(problems[0].msg, "allow_insecure_http") ||
		!strings.Contains(problems[0].msg, "base_url (from AUTOTASK_BASE_URL)") {
		t.Fatalf("problems = %v", problems)
	}
	if _, problems := resolveSettings(nullModel(), envMap(map[string]string{envBaseURL: "http://sim.example.com", envAllowInsecure: "1"})); len(problems) != 0 {
		t.Fatalf("allow_insecure_http must lift the check: %v", problems)
	}
}

func TestCredentialsErrorNamesWhatIsMissing(t *testing.T) {
	if err := (connectionSettings{Username: "u", Secret: "s", IntegrationCode: "c"}).apiSettingsError(); err != nil {
		t.Fatalf("complete credentials: %v", err)
	}
	err := (connectionSettings{Username: "u"}).apiSettingsError()
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"secret (or AUTOTASK_SECRET)", "integration_code (or AUTOTASK_INTEGRATION_CODE)", "Set them"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "AUTOTASK_USERNAME") {
		t.Errorf("%q names a setting that is present", err)
	}
}

// TestProviderRejectsBadSettings runs the CLI without TF_ACC (resource.UnitTest): the settings
// are refused before any API call.
func TestProviderRejectsBadSettings(t *testing.T) {
	clearAutotaskEnv(t)
	for cfg, want := range map[string]string{
		`base_url = "webservices15.autotask.net"`: `must start with https://`,
		`max_concurrency_per_entity = 4`:          `must be between 1 and 3`,
		`request_timeout = "forever"`:             `must be a duration such as`,
		`base_url = "http://sim.example.com"`:     `allow_insecure_http`,
	} {
		t.Run(cfg, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"autotask\" {\n  " + cfg + "\n}\n\ndata \"autotask_permission_catalog\" \"all\" {}\n",
					ExpectError: regexp.MustCompile(regexp.QuoteMeta(want)),
				}},
			})
		})
	}
}

func TestResolveSettingsRefusesCredentialsThatCannotBeSent(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg       func(*providerModel)
		env       map[string]string
		attr, msg string
	}{
		"secret from file() in the block": {cfg: func(m *providerModel) { m.Secret = types.StringValue("Ab1*secret\n") },
			attr: "secret", msg: "secret: contains a control character"},
		"secret with a newline in the environment": {env: map[string]string{envSecret: "Ab1*secret\n"},
			attr: "secret", msg: "secret (from AUTOTASK_SECRET): contains a control character"},
		"username with white space in the block": {cfg: func(m *providerModel) { m.Username = types.StringValue(" api-user") },
			attr: "username", msg: "username: starts or ends with white space"},
		"username with white space in the environment": {env: map[string]string{envUsername: "api-user "},
			attr: "username", msg: "username (from AUTOTASK_USERNAME): starts or ends with white space"},
		"integration code with a tab": {cfg: func(m *providerModel) { m.IntegrationCode = types.StringValue("CODE\tX") },
			attr: "integration_code", msg: "integration_code: contains a control character"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := nullModel()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			_, problems := resolveSettings(cfg, envMap(tc.env))
			if len(problems) != 1 || problems[0].attr != tc.attr || !strings.Contains(problems[0].msg, tc.msg) {
				t.Fatalf("problems = %v, want one for %s containing %q", problems, tc.attr, tc.msg)
			}
			if strings.Contains(problems[0].msg, "Ab1*secret") {
				t.Fatalf("the message shows the secret: %q", problems[0].msg)
			}
		})
	}
}

func TestResolveSettingsEmptyCredentialsInTheBlockLeaveTheEnvironment(t *testing.T) {
	cfg := nullModel()
	cfg.Username, cfg.Secret, cfg.IntegrationCode = types.StringValue(""), types.StringValue(""), types.StringValue("")
	s, problems := resolveSettings(cfg, envMap(map[string]string{envUsername: "u", envSecret: "s", envIntegrationCode: "c"}))
	if len(problems) != 0 || s.Username != "u" || s.Secret != "s" || s.IntegrationCode != "c" {
		t.Fatalf("settings = %+v, problems %v; an empty string in the block must not hide the environment", s, problems)
	}
}

func TestResolveSettingsSkipsTheTransportCheckWhileAllowInsecureHTTPIsUnknown(t *testing.T) {
	cfg := nullModel()
	cfg.BaseURL = types.StringValue("http://sim.example.com")
	cfg.AllowInsecureHTTP = types.BoolUnknown()
	s, problems := resolveSettings(cfg, envMap(nil))
	if len(problems) != 0 || s.Unknown != "allow_insecure_http" {
		t.Fatalf("settings = %+v, problems %v; the check belongs to apply, when the value is known", s, problems)
	}
}
