package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
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
