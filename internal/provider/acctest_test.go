package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// Helpers shared by the acceptance tests. They run against an in-process simulator, so
// `make test` needs no Autotask tenant.

// testAccProtoV6ProviderFactories serves the provider in-process to the Terraform CLI.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"autotask": providerserver.NewProtocol6WithError(New("test")()),
}

// clearAutotaskEnv unsets every AUTOTASK_ variable for the test, so a developer's own
// credentials never leak into a test that expects none.
func clearAutotaskEnv(t *testing.T) {
	t.Helper()
	for _, env := range []string{envUsername, envSecret, envIntegrationCode, envBaseURL, envZoneLookupURL, envImpersonation,
		envMaxConcurrency, envBudgetGuard, envMaxRetries, envRequestTimeout, envAllowInsecure} {
		t.Setenv(env, "")
	}
}

// simProvider starts an in-process simulator for the test and returns a provider block that
// signs in to it as the simulator's admin API user.
func simProvider(t *testing.T, profile autotasksim.Profile) (*simtest.Zone, string) {
	t.Helper()
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: profile})
	return zone, fmt.Sprintf(`
provider "autotask" {
  base_url         = %q
  username         = %q
  secret           = %q
  integration_code = %q
}
`, zone.URL, zone.Username, zone.Secret, zone.IntegrationCode)
}
