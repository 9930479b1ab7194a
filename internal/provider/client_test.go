package provider

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// TestAccWrongSecretIsExplainedOnce: a wrong secret fails every operation that needs the API,
// and the whole explanation, naming the settings and their environment variables, comes once.
func TestAccWrongSecretIsExplainedOnce(t *testing.T) {
	zone, _ := simProvider(t, autotasksim.ProfileExtended)
	cli := newCLIDir(t, fmt.Sprintf(`
provider "autotask" {
  base_url         = %q
  username         = %q
  secret           = "Wrong*Secret1"
  integration_code = %q
}

data "autotask_zone" "this" {}

data "autotask_internal_location" "default" {}
`, zone.URL, zone.Username, zone.IntegrationCode))
	out, err := cli.try("plan", "-input=false")
	if err == nil {
		t.Fatalf("a wrong secret planned:\n%s", out)
	}
	if n := strings.Count(out, "Error: The zone refused the provider's credentials"); n != 2 {
		t.Fatalf("%d errors, want one per data source:\n%s", n, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"username (username or AUTOTASK_USERNAME) and secret (secret or AUTOTASK_SECRET) do not sign in", "See the first error"} {
		if strings.Count(flat, want) != 1 {
			t.Fatalf("want %q once:\n%s", want, out)
		}
	}
	if strings.Contains(out, "hourly request budget") || strings.Contains(out, "HTTP 401") {
		t.Fatalf("the error still speaks of the budget read or the raw status:\n%s", out)
	}
	if n := zone.Sim.Stats().Requests["ThresholdInformation"]["threshold"]; n != 1 {
		t.Fatalf("the refused credentials were sent %d times, want once", n)
	}
}

func TestAccUnknownUsernameNamesTheZoneLookupAndBaseURL(t *testing.T) {
	zone, _ := simProvider(t, autotasksim.ProfileExtended)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "autotask" {
  zone_lookup_url  = %q
  username         = "nobody-here1"
  secret           = %q
  integration_code = %q
}

data "autotask_zone" "this" {}
`, zone.URL, zone.Secret, zone.IntegrationCode),
			ExpectError: regexp.MustCompile(`(?s)The zone lookup does not know this username.*` + wrapped("set base_url (or AUTOTASK_BASE_URL)")),
		}},
	})
}

// TestAccEndpointMistakesNameTheSettingFast: a refused port and a host name that does not
// resolve fail on the first attempt, a silent host within request_timeout and max_retries, and
// a wrong integration code is explained like a wrong secret: each error names the setting and
// its environment variable, not the budget read that happened to go first. The times are logged
// (go test -v); nothing asserts them.
func TestAccEndpointMistakesNameTheSettingFast(t *testing.T) {
	zone, _ := simProvider(t, autotasksim.ProfileExtended)
	refused := closedPort(t)
	silent := simtest.SilentHost(t)
	block := func(settings string) string {
		return fmt.Sprintf("provider \"autotask\" {\n  username = %q\n  secret = %q\n  integration_code = %q\n  %s\n}\n\ndata \"autotask_zone\" \"this\" {}\n",
			zone.Username, zone.Secret, zone.IntegrationCode, settings)
	}
	for _, tc := range []struct {
		name, settings string
		want           []string
	}{
		{"refused port", fmt.Sprintf("base_url = %q", "http://"+refused+"/ATServicesRest/"),
			[]string{"Cannot reach the Autotask zone", "Check base_url (or AUTOTASK_BASE_URL)", "Nothing was retried"}},
		{"host name typo", `base_url = "https://webservices15.autotask.invalid/ATServicesRest/"`,
			[]string{"Cannot reach the Autotask zone", "webservices15.autotask.invalid", "Check base_url (or AUTOTASK_BASE_URL)"}},
		{"zone lookup refused", fmt.Sprintf("zone_lookup_url = %q", "http://"+refused+"/ATServicesRest/"),
			[]string{"Cannot reach the Autotask zone", "zone_lookup_url", "Check zone_lookup_url (or AUTOTASK_ZONE_LOOKUP_URL)"}},
		{"silent host", fmt.Sprintf("base_url = %q\n  request_timeout = \"1s\"\n  max_retries = 1", "http://"+silent+"/ATServicesRest/"),
			[]string{"The Autotask zone did not answer", "within request_timeout (1s; or AUTOTASK_REQUEST_TIMEOUT), in 2 attempt(s) (max_retries 1; or AUTOTASK_MAX_RETRIES)"}},
		{"wrong integration code", fmt.Sprintf("base_url = %q", zone.URL),
			[]string{"The zone refused the provider's integration code", "integration_code or AUTOTASK_INTEGRATION_CODE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config := block(tc.settings)
			if tc.name == "wrong integration code" {
				config = strings.Replace(config, zone.IntegrationCode, "WRONGCODE27CHARACTERSABCDEF", 1)
			}
			cli := newCLIDir(t, config)
			start := time.Now()
			out, err := cli.try("plan", "-input=false")
			t.Logf("%s: the first error after %s", tc.name, time.Since(start).Round(10*time.Millisecond))
			flat := strings.Join(strings.Fields(out), " ")
			if err == nil || strings.Contains(flat, "hourly request budget") {
				t.Fatalf("want an error that does not speak of the budget read (%v):\n%s", err, out)
			}
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Fatalf("want %q in:\n%s", want, out)
				}
			}
		})
	}
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}
