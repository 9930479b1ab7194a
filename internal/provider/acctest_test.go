package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
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
	return zone, providerBlock(zone)
}

// providerBlock signs in to the zone as its admin API user.
func providerBlock(zone *simtest.Zone) string {
	return fmt.Sprintf(`
provider "autotask" {
  base_url         = %q
  username         = %q
  secret           = %q
  integration_code = %q
}
`, zone.URL, zone.Username, zone.Secret, zone.IntegrationCode)
}

// zoneClient is a client of the test's zone, signed in as its admin API user, for preparing
// the zone (as the UI would) and asking it what exists.
func zoneClient(t *testing.T, zone *simtest.Zone) *autotask.Client {
	t.Helper()
	c, err := autotask.New(autotask.Options{
		Username: zone.Username, Secret: zone.Secret, IntegrationCode: zone.IntegrationCode, BaseURL: zone.URL,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// zoneWrites counts the writes the zone has seen on an entity.
func zoneWrites(zone *simtest.Zone, entity string) int64 {
	ops := zone.Sim.Stats().Requests[entity]
	return ops["create"] + ops["update"] + ops["replace"] + ops["delete"]
}

// stateID is the numeric id of the object at addr in the state.
func stateID(s *terraform.State, addr string) (int64, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return 0, fmt.Errorf("%s is not in the state", addr)
	}
	return strconv.ParseInt(rs.Primary.ID, 10, 64)
}

// saveID is a check that stores the id of the object at addr.
func saveID(addr string, id *int64) resource.TestCheckFunc {
	return func(s *terraform.State) (err error) {
		*id, err = stateID(s, addr)
		return err
	}
}

// managed lists the managed objects of a resource type in the state: their ids by address.
func managed(s *terraform.State, resourceType string) (map[string]int64, error) {
	ids := map[string]int64{}
	for addr, rs := range s.RootModule().Resources {
		if rs.Type != resourceType || strings.HasPrefix(addr, "data.") {
			continue
		}
		id, err := stateID(s, addr)
		if err != nil {
			return nil, err
		}
		ids[addr] = id
	}
	return ids, nil
}

// checkSecurityLevelsDestroyed asks the zone that every level in the state is gone, or
// inactive where resources still hold it (Autotask keeps such a level).
func checkSecurityLevelsDestroyed(t *testing.T, zone *simtest.Zone) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := zoneClient(t, zone)
		levels, err := managed(s, "autotask_security_level")
		if err != nil {
			return err
		}
		for _, id := range levels {
			var level autotask.SecurityLevel
			switch err := c.Get(context.Background(), autotask.SecurityLevels, id, &level); {
			case autotask.IsNotFound(err):
			case err != nil:
				return err
			case level.IsActive:
				return fmt.Errorf("security level %d (%s) is still active after destroy", id, level.Name)
			}
		}
		return nil
	}
}

// readExample returns a file under examples/, so tests apply what the docs show.
func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cliVersion is the version of the CLI the acceptance tests drive.
type cliVersion struct{ major, minor int }

// atLeast compares with a version such as "1.8".
func (v cliVersion) atLeast(version string) bool {
	var major, minor int
	_, _ = fmt.Sscanf(version, "%d.%d", &major, &minor)
	return v.major > major || v.major == major && v.minor >= minor
}

// cliBinary is the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, or terraform on PATH.
func cliBinary() string {
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		return bin
	}
	return "terraform"
}

// terraformVersion asks the CLI the tests use for its version.
func terraformVersion(t *testing.T) cliVersion {
	t.Helper()
	out, err := exec.Command(cliBinary(), "version", "-json").Output()
	if err != nil {
		t.Skipf("no CLI to run: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	var cv cliVersion
	if json.Unmarshal(out, &v) != nil {
		t.Fatalf("unexpected version output: %s", out)
	}
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &cv.major, &cv.minor); err != nil {
		t.Fatalf("version %q: %v", v.Version, err)
	}
	return cv
}
