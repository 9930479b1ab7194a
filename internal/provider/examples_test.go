package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// TestAccVendorExamples applies examples/vendors/<slug> for each seed vendor through the preset
// module, signs in with the new credentials, and checks that a second plan is empty.
func TestAccVendorExamples(t *testing.T) {
	skipBelowPresetModuleCLI(t)
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

// TestAccVendorExamplesOnAPublicZone applies the same examples/vendors/<slug> on a public zone:
// the preset module declares no level, its checklist has the vendor's whole guide, and the
// apply waits while a person (a test goroutine) makes the user in the UI, then adopts it. The
// second plan is empty, and nothing was written.
func TestAccVendorExamplesOnAPublicZone(t *testing.T) {
	skipBelowPresetModuleCLI(t)
	for _, slug := range []string{"propel-your-msp", "zapier"} { // a custom level, a system level
		t.Run(slug, func(t *testing.T) {
			zone := profileZoneFromEnvironment(t, autotasksim.ProfilePublic)
			cli := newCLIExample(t, "vendors/"+slug)
			tpl, ok := permissions.LookupTemplate(slug)
			if !ok {
				t.Fatalf("no template %s", slug)
			}
			made := make(chan autotasksim.UIAPIUserCreated, 1)
			go func() {
				time.Sleep(3 * time.Second) // the apply is waiting by now
				u, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: tpl.FirstName, LastName: tpl.LastName,
					Email: slug + "@example.com", SecurityLevel: permissions.SystemAPILevel, IntegrationVendor: tpl.IntegrationVendor,
					InternalIntegrationName: tpl.InternalIntegrationName})
				if err != nil {
					t.Error(err)
				}
				made <- u
			}()
			cli.run("apply", "-input=false", "-auto-approve")
			u := <-made
			out := outputs(t, cli)
			if out["user_name"] != u.UserName || !strings.Contains(out["checklist_markdown"], tpl.DisplayName) {
				t.Fatalf("want the user made by hand (%s) adopted and the guide in checklist_markdown; outputs %v", u.UserName, out)
			}
			if plan, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
				t.Fatalf("the second plan is not empty (%v):\n%s", err, plan)
			}
			if n := zoneWrites(zone, "Resources"); n != 0 {
				t.Fatalf("%d writes reached the zone", n)
			}
		})
	}
}

// TestAccPageExamples applies the examples of the pages no other test applies, so none rots:
// the catalogue and template data sources, the excess_permissions function, and the API user's
// rotation and write-only examples, with the other providers they use (time, random) replaced
// by Terraform's own terraform_data and a literal, since tests never reach a registry.
func TestAccPageExamples(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	createLevel(t, zoneClient(t, zone), "API User (Propel Your MSP)", nil) // the function example reads it; id 30400
	offline := strings.NewReplacer(
		`resource "time_rotating" "zapier" {`, `resource "terraform_data" "zapier" {`,
		"rotation_days = 90", "input = 90",
		"time_rotating.zapier.id", "terraform_data.zapier.id",
		"ephemeral.random_password.proxuma.result", `"Pr0!xuma-secret-from-a-store"`,
	)
	writeOnly := offline.Replace(readExample(t, "resources/autotask_api_user/resource-3-write-only.tf"))
	writeOnly = writeOnly[strings.Index(writeOnly, `resource "autotask_api_user"`):] // without the ephemeral block
	config := provider +
		readExample(t, "data-sources/autotask_permission_catalog/data-source.tf") +
		readExample(t, "data-sources/autotask_permission_template/data-source.tf") +
		readExample(t, "data-sources/autotask_permission_templates/data-source.tf") +
		offline.Replace(readExample(t, "resources/autotask_api_user/resource-2-rotation.tf"))
	steps := []resource.TestStep{{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("vendors", knownvalue.NotNull()),
			statecheck.ExpectKnownValue("autotask_api_user.zapier", tfjsonpath.New("integration_vendor"), knownvalue.StringExact("Zapier")),
		},
	}}
	if v := terraformVersion(t); v.atLeast("1.11") {
		steps = append(steps, resource.TestStep{Config: config + writeOnly, ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("autotask_api_user.proxuma", tfjsonpath.New("secret"), knownvalue.Null()),
		}})
	}
	if v := terraformVersion(t); v.atLeast("1.8") {
		// Alone: it declares the template data source the template example declares too.
		steps = append(steps, resource.TestStep{Config: provider + readExample(t, "functions/excess_permissions/function.tf"),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("propel_excess", knownvalue.MapSizeExact(0))},
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps:                    steps,
	})
}

// TestAccGuideExamples applies the guides' examples against the simulator (each in a fresh
// zone: names stay taken after destroy) and checks that a second plan is empty. The rotation
// guide's Azure and AWS examples need the random, time, azurerm or aws providers, which tests
// cannot install; their Autotask half is the API user example TestAccPageExamples applies.
func TestAccGuideExamples(t *testing.T) {
	t.Run("guides/rotating-api-user-secrets/opentofu-state-encryption", func(t *testing.T) {
		if out, _ := exec.Command(cliBinary(), "version").Output(); !strings.Contains(string(out), "OpenTofu") {
			t.Skip("state encryption is OpenTofu's; this CLI is not OpenTofu")
		}
		zoneFromEnvironment(t)
		t.Setenv("TF_VAR_state_passphrase", "a passphrase for the test state")
		cli := newCLIExample(t, "guides/rotating-api-user-secrets/opentofu-state-encryption")
		cli.run("apply", "-input=false", "-auto-approve")
		if state, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate")); err != nil || strings.Contains(string(state), "autotask_api_user") {
			t.Fatalf("the state is not encrypted (%v)", err)
		}
		if plan, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
			t.Fatalf("the second plan is not empty (%v):\n%s", err, plan)
		}
		cli.run("destroy", "-input=false", "-auto-approve")
	})
	for _, dir := range []string{"guides/packaging-vendor-presets/pinned-template", "guides/packaging-vendor-presets/module-call"} {
		t.Run(dir, func(t *testing.T) {
			if strings.HasSuffix(dir, "module-call") {
				skipBelowPresetModuleCLI(t)
			}
			zoneFromEnvironment(t)
			cli := newCLIExample(t, dir)
			cli.run("apply", "-input=false", "-auto-approve")
			if plan, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
				t.Fatalf("the second plan is not empty (%v):\n%s", err, plan)
			}
			if out := outputs(t, cli); len(out["propel_secret"]) != 25 {
				t.Fatalf("outputs %v lack Propel's secret", out)
			}
			cli.run("destroy", "-input=false", "-auto-approve")
		})
	}
}
