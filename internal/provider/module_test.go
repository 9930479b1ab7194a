package provider

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// TestAccModuleVendorAPIUser runs the preset module's own `terraform test` files, as a module
// author would, in a copy of examples/modules/vendor-api-user, twice in a row: the mock layer
// (tests/, no zone), the extended-zone layer (tests/extended-zone, against an extended
// simulator) and the public-zone layer (tests/public-zone, against a public simulator, where
// this test plays the person who makes the API user in the UI). Each round passes a new run_id,
// so the second round meets the names the first one left behind (destroy deactivates users and
// keeps the levels they held) and must not collide with them.
func TestAccModuleVendorAPIUser(t *testing.T) {
	skipBelowPresetModuleCLI(t) // its tests' mock_provider needs only 1.7
	public := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	extended := zoneFromEnvironment(t)
	cli := newModuleCLI(t, "modules/vendor-api-user")
	cli.run("init", "-input=false", "-test-directory=tests/extended-zone") // its helper module tests/setup

	// Run ids are numbers: Terraform reads an undeclared -var as an expression, OpenTofu as a
	// string, and both read digits alike.
	base := time.Now().Unix() % 1e8
	runIDs := []string{}
	for round := 1; round <= 2; round++ {
		runID := fmt.Sprintf("%d%d", base, round)
		runIDs = append(runIDs, runID)
		start := time.Now()
		signInTo(t, extended)
		cli.test()
		mock := time.Since(start)

		start = time.Now()
		cli.test("-test-directory=tests/extended-zone", "-var=run_id="+runID)
		ext := time.Since(start)

		start = time.Now()
		makeByHand(t, public, runID)
		signInTo(t, public)
		cli.test("-test-directory=tests/public-zone", "-var=run_id="+runID)
		pub := time.Since(start)
		t.Logf("round %d (run_id %s): mock layer %s, extended zone %s, public zone %s", round, runID,
			mock.Round(time.Millisecond), ext.Round(time.Millisecond), pub.Round(time.Millisecond))
	}
	// Each round made its own level, and destroy left it inactive with its name, held by the
	// deactivated user: the second round did not reuse the first one's.
	c := zoneClient(t, extended)
	for _, runID := range runIDs {
		if found := levelsNamed(t, c, "API User (Propel Your MSP "+runID+")"); len(found) != 1 || found[0].IsActive {
			t.Errorf("run %s: want its level, inactive after destroy; the zone has %+v", runID, found)
		}
	}
}

// skipBelowPresetModuleCLI skips a test that applies the preset module on a CLI older than
// its required_version: before 1.11 a configuration cannot pass a variable to a write-only
// attribute (secret_wo), even a null one, since the CLI validates it unknown.
func skipBelowPresetModuleCLI(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the Terraform CLI: set TF_ACC (make test does)")
	}
	if !terraformVersion(t).atLeast("1.11") {
		t.Skip("the preset module examples/modules/vendor-api-user needs Terraform or OpenTofu 1.11 or later (its secret_wo input feeds a write-only attribute)")
	}
}

// signInTo points the provider at the zone: it is served in this process, so it reads the
// AUTOTASK_* settings from this process's environment when Terraform configures it.
func signInTo(t *testing.T, zone *simtest.Zone) {
	t.Setenv(envBaseURL, zone.URL)
	t.Setenv(envUsername, zone.Username)
	t.Setenv(envSecret, zone.Secret)
	t.Setenv(envIntegrationCode, zone.IntegrationCode)
}

// test runs `terraform test` with args and fails the test, with the output, unless every file passes.
func (c *cliDir) test(args ...string) {
	c.t.Helper()
	out := c.run(append([]string{"test"}, args...)...)
	if !strings.Contains(out, "Success!") || strings.Contains(out, " 0 passed") {
		c.t.Fatalf("%s test %s:\n%s", filepath.Base(c.bin), strings.Join(args, " "), out)
	}
}

// makeByHand plays the person of a public zone: it makes, through the UI route, the Propel Your
// MSP API user that tests/public-zone adopts by its key.
func makeByHand(t *testing.T, zone *simtest.Zone, runID string) {
	t.Helper()
	tpl, ok := permissions.LookupTemplate("propel-your-msp")
	if !ok {
		t.Fatal("no template propel-your-msp")
	}
	if _, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: tpl.FirstName, LastName: tpl.LastName,
		Email: "propel-" + runID + "@example.com", SecurityLevel: permissions.SystemAPILevel, IntegrationVendor: tpl.IntegrationVendor,
		UserName: "propel" + runID}); err != nil {
		t.Fatal(err)
	}
}

// newModuleCLI serves the provider and copies the module dir (relative to examples/), without
// any working files a developer's own runs left there, into an empty directory.
func newModuleCLI(t *testing.T, dir string) *cliDir {
	t.Helper()
	c := startCLI(t)
	src := filepath.Join("..", "..", "examples", filepath.FromSlash(dir))
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		switch {
		case rel != "." && strings.HasPrefix(d.Name(), "."), strings.Contains(d.Name(), ".tfstate"):
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(c.dir, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(c.dir, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
