package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// Tests against the public profile: today's Autotask API, which cannot create security levels
// or API users but can read, update and deactivate the users made in the UI.

func TestAccPublicZoneSecurityLevelsFailWithTheManualSteps(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + levelConfig("tickets", "API User (tickets)", "", map[string]string{"service_desk.tickets.view": "all"}) +
					levelConfig("reports", "API User (reports)", `copy_from = "`+copyFromNoCosts+`"`, nil),
				ExpectError: regexp.MustCompile(`(?s)` + strings.Join([]string{
					wrapped("The zone's API cannot manage security levels"),
					wrapped(`Name the copy **API User (tickets)**`),
					wrapped("| Service Desk | Object Permissions | Tickets | View: All |"),
					wrapped("security_level_id"),
					wrapped("The zone's API cannot manage security levels"),
					wrapped("Open the menu of **" + copyFromNoCosts + "** and choose **Copy Security Level**"),
				}, ".*")),
			},
			{
				Config:      provider + `data "autotask_security_level" "x" { name = "API User (system) (API-only)" }`,
				ExpectError: regexp.MustCompile(`(?s)The zone's API cannot manage security levels.*security_level_id`),
			},
		},
	})
	if n := zoneWrites(zone, "Resources") + zoneWrites(zone, "SecurityLevels"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

func TestAccPublicZoneAPIUserCreateFailsWithTheManualSteps(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "autotask_line_of_business" "na" {
  name = "Managed Services > North America"
}

resource "autotask_api_user" "vendor" {
  first_name                = "Vendor"
  last_name                 = "API"
  email                     = "vendor@example.com"
  user_name                 = "vendorapi1"
  security_level_id         = 30400
  internal_integration_name = "Vendor Sync"
  line_of_business_ids      = [data.autotask_line_of_business.na.id]
}
`,
			ExpectError: regexp.MustCompile(`(?s)` + strings.Join([]string{
				wrapped("The zone's API cannot create API users"),
				wrapped("First name **Vendor**, last name **API**, and email **vendor@example.com**"),
				wrapped("Security Level: the level with id **30400**"),
				wrapped("Line of Business: select **Managed Services > North America**"),
				wrapped("Click **Generate Key** and **Generate Secret**"),
				wrapped("Internal Integration Name **Vendor Sync**"),
				`import \{\s+to = autotask_api_user\.<name>\s+id = "vendorapi1"\s+\}`,
			}, ".*")),
		}},
	})
	if n := zoneWrites(zone, "Resources"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

func TestAccPublicZoneAdoptedUser(t *testing.T) {
	zone, provider, itGlue := publicZoneWithKnownUser(t)
	const addr = "autotask_api_user.itglue"
	config := func(extra string) string { return provider + adoptITGlue(itGlue.userName, extra) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// on_destroy = "forget": the user is left as it was, active.
			return signIn(zone, itGlue)
		},
		Steps: []resource.TestStep{
			{
				// Imported by username; what the zone cannot read is kept from the configuration.
				Config: config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("security_level_id"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("integration_vendor"), knownvalue.StringExact("ITG - Documentation Management")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("secret"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error { return signIn(zone, itGlue) },
			},
			{
				Config: strings.Replace(config(`date_format = "dd/MM/yyyy"`), `first_name         = "IT Glue"`, `first_name         = "IT Glue (adopted)"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool {
					return u.FirstName == "IT Glue (adopted)" && u.DateFormat == "dd/MM/yyyy"
				}),
			},
			{
				// Offboarding: the user can no longer sign in.
				Config: config(`is_active = false`),
				Check: func(*terraform.State) error {
					if signIn(zone, itGlue) == nil {
						return fmt.Errorf("a deactivated user still signs in")
					}
					return nil
				},
			},
			{
				Config: config("is_active = true\n  on_destroy = \"forget\""),
				Check:  func(*terraform.State) error { return signIn(zone, itGlue) },
			},
		},
	})
}

func TestAccPublicZoneAPIUsersDataSource(t *testing.T) {
	_, provider, itGlue := publicZoneWithKnownUser(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "autotask_api_users" "all" {}

data "autotask_api_users" "active" {
  only_active = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The simulator seeds three API users: its own, IT Glue's and a deactivated one.
				statecheck.ExpectKnownValue("data.autotask_api_users.all", tfjsonpath.New("users"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.autotask_api_users.active", tfjsonpath.New("users"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.autotask_api_users.all", tfjsonpath.New("users"), knownvalue.ListPartial(map[int]knownvalue.Check{
					1: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(itGlue.resourceID), "user_name": knownvalue.StringExact(itGlue.userName),
						"first_name": knownvalue.StringExact("IT Glue"), "last_name": knownvalue.StringExact("Integration"),
						"email": knownvalue.StringExact("itglue-api@example.com"), "is_active": knownvalue.Bool(true),
						"location_id": knownvalue.NotNull(),
					}),
				})),
			},
		}},
	})
}

// TestAccPublicZoneAdoptEveryAPIUser applies the autotask_api_users example: it adopts every API
// user but the provider's own with one resource and one import block, both with for_each, and
// needs no change after the import. The acceptance harness cannot read state with for_each
// keys, so this runs the CLI itself.
func TestAccPublicZoneAdoptEveryAPIUser(t *testing.T) {
	zone, provider, _ := publicZoneWithKnownUser(t)
	cli := newCLIDir(t, provider+readExample(t, "data-sources/autotask_api_users/data-source.tf"))
	self := "-var=terraform_user_name=" + zone.Username
	if !terraformVersion(t).atLeast("1.7") {
		t.Skip("import blocks with for_each need Terraform 1.7 or later")
	}
	plan := cli.run("plan", "-input=false", self)
	if !strings.Contains(plan, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("want 2 imports and no changes:\n%s", plan)
	}
	cli.run("apply", "-input=false", "-auto-approve", self)
	if out, err := cli.try("plan", "-input=false", "-detailed-exitcode", self); err != nil {
		t.Fatalf("the plan after adopting is not empty (%v):\n%s", err, out)
	}
	if n := zoneWrites(zone, "Resources"); n != 0 {
		t.Fatalf("adopting made %d writes; an import with no changes makes none", n)
	}
	state := cli.run("state", "list")
	for _, u := range []string{"IT Glue", "Legacy Backup"} {
		found, err := autotask.QueryAs[autotask.APIUser](context.Background(), zoneClient(t, zone), autotask.Resources,
			autotask.Query{Filter: []autotask.Filter{autotask.Eq("firstName", u)}})
		if err != nil || len(found) != 1 || !strings.Contains(state, fmt.Sprintf("autotask_api_user.adopted[%q]", found[0].UserName)) {
			t.Fatalf("%s is not adopted (%v):\n%s", u, err, state)
		}
	}
}

func TestAccPublicZoneGeneratedConfigForOneUser(t *testing.T) {
	zone, provider, itGlue := publicZoneWithKnownUser(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          provider,
			ResourceName:    "autotask_api_user.itglue",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   itGlue.userName,
			GenerateConfig:  true,
		}},
	})
	if n := zoneWrites(zone, "Resources"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

// TestAccPublicZoneWarnsOnceAboutUnverifiableSettings: on a public zone the settings the API
// cannot read are kept from the configuration, with a warning shown once per resource.
func TestAccPublicZoneWarnsOnceAboutUnverifiableSettings(t *testing.T) {
	_, provider, itGlue := publicZoneWithKnownUser(t)
	cli := newCLIDir(t, provider+adoptITGlue(itGlue.userName, ""))
	const warning = "The zone cannot verify some of this API user's settings"
	first := cli.run("apply", "-input=false", "-auto-approve")
	if strings.Count(first, warning) != 1 || !strings.Contains(first, "integration_vendor, security_level_id") {
		t.Fatalf("want the warning once, naming the settings:\n%s", first)
	}
	if again := cli.run("plan", "-input=false"); strings.Contains(again, warning) || !strings.Contains(again, "No changes") {
		t.Fatalf("the warning came back, or the plan is not empty:\n%s", again)
	}
}
