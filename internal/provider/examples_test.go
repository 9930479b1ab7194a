package provider

import (
	"encoding/json"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// TestAccVendorExamples applies examples/vendors/<slug> for each seed vendor through the preset
// module, signs in with the new credentials, and checks that a second plan is empty.
func TestAccVendorExamples(t *testing.T) {
	for _, slug := range seedSlugs {
		t.Run(slug, func(t *testing.T) {
			zone := zoneFromEnvironment(t)
			cli := newCLIExample(t, "vendors/"+slug)
			cli.run("apply", "-input=false", "-auto-approve")
			out := outputs(t, cli)
			creds := apiUserCredentials{userName: out["user_name"], secret: out["secret"], code: out["tracking_identifier"]}
			if tpl, _ := permissions.LookupTemplate(slug); tpl.IntegrationVendor != "" {
				creds.code = vendorCode(t, zone, tpl.IntegrationVendor) // only the vendor has its code
			}
			if err := signIn(zone, creds); err != nil {
				t.Fatal(err)
			}
			if plan, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
				t.Fatalf("the second plan is not empty (%v):\n%s", err, plan)
			}
			cli.run("destroy", "-input=false", "-auto-approve")
		})
	}
}

// zoneFromEnvironment starts an extended zone and hands its admin credentials to the provider
// through the environment, as the examples expect.
func zoneFromEnvironment(t *testing.T) *simtest.Zone {
	t.Helper()
	zone, _ := simProvider(t, autotasksim.ProfileExtended)
	t.Setenv(envBaseURL, zone.URL)
	t.Setenv(envUsername, zone.Username)
	t.Setenv(envSecret, zone.Secret)
	t.Setenv(envIntegrationCode, zone.IntegrationCode)
	return zone
}

// outputs reads a configuration's string outputs, sensitive ones included.
func outputs(t *testing.T, cli *cliDir) map[string]string {
	t.Helper()
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(cli.run("output", "-json")), &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range raw {
		if s, ok := v.Value.(string); ok {
			out[k] = s
		}
	}
	return out
}
