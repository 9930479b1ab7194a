package autotasksim_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// TestApigrateClientWorksUnchanged runs the published Node client @apigrate/autotask-restapi,
// as installed from the npm registry, against the simulator on both profiles. .ci/run installs
// it (npm ci in interop/apigrate); elsewhere the test skips and says how to run it.
func TestApigrateClientWorksUnchanged(t *testing.T) {
	dir := filepath.Join("interop", "apigrate")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@apigrate", "autotask-restapi")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install the client: npm ci in internal/autotasksim/interop/apigrate")
		}
		t.Skip("run `npm ci` in internal/autotasksim/interop/apigrate to check the apigrate client")
	}
	for _, profile := range []autotasksim.Profile{autotasksim.ProfilePublic, autotasksim.ProfileExtended} {
		t.Run(string(profile), func(t *testing.T) {
			zone := simtest.Start(t, autotasksim.Options{Profile: profile})
			cmd := exec.Command(node, "check.mjs", zone.URL, zone.Username, zone.Secret, zone.IntegrationCode)
			cmd.Dir = dir
			out, err := cmd.Output()
			if err != nil {
				var stderr []byte
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					stderr = ee.Stderr
				}
				t.Fatalf("the apigrate client failed: %v\n%s", err, stderr)
			}
			var seen struct {
				ZoneURL         string `json:"zoneUrl"`
				ActiveResources int    `json:"activeResources"`
				Count           int    `json:"count"`
				DefaultLocation string `json:"defaultLocation"`
			}
			if err := json.Unmarshal(out, &seen); err != nil {
				t.Fatalf("output %q: %v", out, err)
			}
			if seen.ZoneURL != zone.URL || seen.ActiveResources == 0 || seen.Count != seen.ActiveResources || seen.DefaultLocation == "" {
				t.Fatalf("the client saw %+v", seen)
			}
		})
	}
}
