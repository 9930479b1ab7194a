package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

func TestAccAPIUserFromEachSeedVendor(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	var setup, logins strings.Builder
	var checks []statecheck.StateCheck
	for _, slug := range seedSlugs {
		tpl, _ := permissions.LookupTemplate(slug)
		name := strings.ReplaceAll(slug, "-", "_")
		fmt.Fprintf(&setup, "\ndata \"autotask_permission_template\" %q {\n  vendor = %q\n}\n", name, slug)
		level := fmt.Sprintf("autotask_security_level.%s.id", name)
		if tpl.LevelMode() == "custom" {
			fmt.Fprintf(&setup, `
resource "autotask_security_level" %[1]q {
  name        = data.autotask_permission_template.%[1]s.security_level_name
  permissions = data.autotask_permission_template.%[1]s.permissions
}
`, name)
		} else {
			fmt.Fprintf(&setup, "\ndata \"autotask_security_level\" %[1]q {\n  name = data.autotask_permission_template.%[1]s.security_level_name\n}\n", name)
			level = "data." + level
		}
		fmt.Fprintf(&setup, `
resource "autotask_api_user" %[1]q {
  first_name                = data.autotask_permission_template.%[1]s.first_name
  last_name                 = data.autotask_permission_template.%[1]s.last_name
  email                     = "%[1]s@example.com"
  security_level_id         = %[2]s
  integration_vendor        = data.autotask_permission_template.%[1]s.integration_vendor
  internal_integration_name = data.autotask_permission_template.%[1]s.internal_integration_name
}
`, name, level)
		code := fmt.Sprintf("autotask_api_user.%s.tracking_identifier", name)
		if tpl.IntegrationVendor != "" {
			code = fmt.Sprintf("%q", vendorCode(t, zone, tpl.IntegrationVendor))
			checks = append(checks, statecheck.ExpectKnownValue("autotask_api_user."+name, tfjsonpath.New("tracking_identifier"), knownvalue.Null()))
		} else {
			checks = append(checks, statecheck.ExpectKnownValue("autotask_api_user."+name, tfjsonpath.New("tracking_identifier"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Z0-9]{27}$`))))
		}
		checks = append(checks,
			statecheck.ExpectKnownValue("autotask_api_user."+name, tfjsonpath.New("user_name"), knownvalue.StringRegexp(regexp.MustCompile(`^[a-z][a-z0-9]{14}$`))),
			statecheck.ExpectKnownValue("autotask_api_user."+name, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^.{25}$`))),
			statecheck.ExpectSensitiveValue("autotask_api_user."+name, tfjsonpath.New("secret")),
		)
		// A second provider signed in as the new user reads the zone: the credentials work.
		fmt.Fprintf(&logins, `
provider "autotask" {
  alias            = %[1]q
  base_url         = %[2]q
  username         = autotask_api_user.%[1]s.user_name
  secret           = autotask_api_user.%[1]s.secret
  integration_code = %[3]s
}

data "autotask_zone" %[1]q {
  provider = autotask.%[1]s
}
`, name, zone.URL, code)
		checks = append(checks, statecheck.ExpectKnownValue("autotask_api_user."+name, tfjsonpath.New("is_active"), knownvalue.Bool(true)))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{Config: provider + setup.String(), ConfigStateChecks: checks},
			{Config: provider + setup.String() + logins.String()},
		},
	})
}

func TestAccAPIUserRotation(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	const addr = "autotask_api_user.rotating"
	var first apiUserCredentials
	config := func(trigger string) string {
		return provider + apiUserConfig("rotating", fmt.Sprintf("secret_rotation_triggers = { rotated = %q }", trigger))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{
				Config: config("2026-01"),
				Check: func(s *terraform.State) error {
					first = credentialsOf(s, addr)
					return signIn(zone, first)
				},
			},
			{
				Config: config("2026-04"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("secret")),
				}},
				Check: func(s *terraform.State) error {
					second := credentialsOf(s, addr)
					switch {
					case second.id != first.id:
						return fmt.Errorf("rotation changed the id from %s to %s", first.id, second.id)
					case second.secret == first.secret:
						return fmt.Errorf("rotation kept the secret")
					case signInOnce(zone, first) == nil:
						return fmt.Errorf("the old secret still signs in")
					}
					return signIn(zone, second)
				},
			},
		},
	})
}

func TestAccAPIUserWriteOnlySecret(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	const addr = "autotask_api_user.wo"
	config := func(secret string, version int) string {
		return provider + apiUserConfig("wo", fmt.Sprintf("secret_wo = %q\n  secret_wo_version = %d", secret, version))
	}
	check := func(secret string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			creds := credentialsOf(s, addr)
			if creds.secret != "" {
				return fmt.Errorf("secret in state: a write-only secret must never reach it")
			}
			creds.secret = secret
			return signIn(zone, creds)
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{
				Config:            config("Wo1*first-Secret", 1),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("secret"), knownvalue.Null())},
				Check:             check("Wo1*first-Secret"),
			},
			{Config: config("Wo2#second-Secret", 2), Check: check("Wo2#second-Secret")},
		},
	})
}

func TestAccAPIUserUpdateDriftAndImport(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	const addr = "autotask_api_user.updated"
	lookups := `
data "autotask_internal_location" "london" {
  name = "London"
}

data "autotask_line_of_business" "na" {
  name = "Managed Services > North America"
}
`
	before := provider + lookups + apiUserConfig("updated", "")
	after := provider + lookups + `
resource "autotask_security_level" "updated" {
  name        = "API User (updated)"
  permissions = {}
}

resource "autotask_api_user" "updated" {
  first_name                = "Renamed"
  last_name                 = "User"
  email                     = "renamed@example.com"
  security_level_id         = autotask_security_level.updated.id
  internal_integration_name = "updated"
  location_id               = data.autotask_internal_location.london.id
  is_active                 = false
  protected_data_permission = "view"
  line_of_business_ids      = [data.autotask_line_of_business.na.id]
}
`
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{
				Config: before,
				Check:  saveID(addr, &id),
			},
			{
				Config: after,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(s *terraform.State) error {
					london := s.RootModule().Resources["data.autotask_internal_location.london"].Primary.ID
					return checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool {
						return u.FirstName == "Renamed" && u.Email == "renamed@example.com" && !u.IsActive &&
							u.ProtectedDataPermission == "view" && len(u.LineOfBusinessIDs) == 1 && fmt.Sprint(*u.LocationID) == london
					})(s)
				},
			},
			{
				// Drift, as a UI edit would make it, is planned back.
				PreConfig: func() {
					if _, err := c.Patch(context.Background(), autotask.Resources, map[string]any{"id": id, "firstName": "Edited", "protectedDataPermission": "edit"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: after,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool {
					return u.FirstName == "Renamed" && u.ProtectedDataPermission == "view"
				}),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret"}},
			{
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"secret"},
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return strings.ToUpper(s.RootModule().Resources[addr].Primary.Attributes["user_name"]), nil
				},
			},
		},
	})
}

func TestAccAPIUserOnDestroy(t *testing.T) {
	for _, mode := range []string{onDestroyDeactivate, onDestroyForget} {
		t.Run(mode, func(t *testing.T) {
			zone, provider := simProvider(t, autotasksim.ProfileExtended)
			var userName string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					found, err := zoneClient(t, zone).ResourcesNamed(context.Background(), userName)
					if err != nil || len(found) != 1 {
						return fmt.Errorf("resources named %q: %v, %v", userName, found, err)
					}
					if want := mode == onDestroyForget; found[0].IsActive != want {
						return fmt.Errorf("on_destroy = %s left the user active = %v", mode, found[0].IsActive)
					}
					return nil
				},
				Steps: []resource.TestStep{{
					// On the system API level: a forgotten user stays active, so its level could not be destroyed.
					Config: provider + systemLevelUser("user", map[string]string{
						"last_name": `"User"`, "email": `"user@example.com"`, "internal_integration_name": `"Test"`, "on_destroy": strconv.Quote(mode),
					}),
					Check: func(s *terraform.State) error {
						userName = s.RootModule().Resources["autotask_api_user.user"].Primary.Attributes["user_name"]
						return nil
					},
				}},
			})
		})
	}
}

func TestAccAPIUserDroppedCreateResponseLeavesOneUser(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// After the level exists, so only the user's create is dropped.
				if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "Resources", Operation: "create", Kind: autotasksim.FaultDropResponse, Count: 1}}); err != nil {
					t.Fatal(err)
				}
			},
			Config: provider + apiUserConfig("dropped", `user_name = "droppedapi1"`),
			Check: func(s *terraform.State) error {
				if n := zone.Sim.Stats().Requests["Resources"]["create"]; n != 1 {
					return fmt.Errorf("%d creates, want 1", n)
				}
				if found, _ := zoneClient(t, zone).ResourcesNamed(context.Background(), "droppedapi1"); len(found) != 1 {
					return fmt.Errorf("%d users, want 1", len(found))
				}
				return signIn(zone, credentialsOf(s, "autotask_api_user.dropped"))
			},
		}},
	})
}

func TestAccAPIUserSecretsNeverReachLogs(t *testing.T) {
	zone, _ := simProvider(t, autotasksim.ProfileExtended)
	// The provider's credentials come from the environment, as in HCP Terraform: the harness
	// logs the configuration itself.
	t.Setenv(envUsername, zone.Username)
	t.Setenv(envSecret, zone.Secret)
	t.Setenv(envIntegrationCode, zone.IntegrationCode)
	provider := fmt.Sprintf("provider \"autotask\" {\n  base_url = %q\n}\n", zone.URL)
	dir := t.TempDir()
	logPath := filepath.Join(dir, "terraform.log")
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG_PATH", logPath)
	const addr = "autotask_api_user.logged"
	var secrets []string
	collect := func(s *terraform.State) error {
		creds := credentialsOf(s, addr)
		secrets = append(secrets, creds.secret, s.RootModule().Resources[addr].Primary.Attributes["tracking_identifier"])
		return nil
	}
	config := func(trigger string) string {
		return provider + apiUserConfig("logged", fmt.Sprintf("secret_rotation_triggers = { r = %q }", trigger))
	}
	sensitive := []plancheck.PlanCheck{
		plancheck.ExpectSensitiveValue(addr, tfjsonpath.New("secret")),
		plancheck.ExpectSensitiveValue(addr, tfjsonpath.New("tracking_identifier")),
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{Config: config("1"), Check: collect, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: sensitive}},
			{Config: config("2"), Check: collect, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: sensitive}},
		},
	})
	logs, err := os.ReadFile(logPath)
	if err != nil || len(logs) < 1000 {
		t.Fatalf("the trace log is missing or short (%d bytes): %v", len(logs), err)
	}
	if !strings.Contains(string(logs), "Autotask request") {
		t.Fatal("the log has no provider request lines: the test would not see a leak")
	}
	for i, s := range append(secrets, zone.Secret, zone.IntegrationCode) {
		if len(s) < 8 {
			t.Fatalf("a collected value is empty or short: %q", s)
		}
		if strings.Contains(string(logs), s) {
			t.Fatalf("value %d (0, 2: the user's secrets; 1, 3: its tracking identifier; 4: the provider's secret; 5: its tracking identifier) appears in the log", i)
		}
	}
}

// TestAccAPIUserExamples applies the documentation's examples that need no other provider, and
// reads a user with the data source by username and by id.
func TestAccAPIUserExamples(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	rmm := createAPIUser(t, zoneClient(t, zone), 10, "rmmapi1")
	users := readExample(t, "resources/autotask_api_user/resource-1-vendors.tf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: provider + users + readExample(t, "data-sources/autotask_api_user/data-source.tf") + fmt.Sprintf(`
data "autotask_api_user" "by_id" {
  id = %d
}

data "autotask_api_user" "msp_ai" {
  user_name = autotask_api_user.msp_ai.user_name
}
`, rmm),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("rmm_security_level_id", knownvalue.Int64Exact(10)),
				statecheck.ExpectKnownValue("data.autotask_api_user.by_id", tfjsonpath.New("user_name"), knownvalue.StringExact("rmmapi1")),
				statecheck.ExpectKnownValue("data.autotask_api_user.msp_ai", tfjsonpath.New("internal_integration_name"), knownvalue.StringExact("MSPAI")),
				statecheck.ExpectKnownValue("autotask_api_user.propel", tfjsonpath.New("integration_vendor"), knownvalue.StringExact("Propel Your MSP")),
				statecheck.CompareValuePairs("data.autotask_api_user.msp_ai", tfjsonpath.New("tracking_identifier"),
					"autotask_api_user.msp_ai", tfjsonpath.New("tracking_identifier"), compare.ValuesSame()),
			},
		}},
	})
}

// TestAccAPIUserReplacementAndSpelling covers a tracking source known only at apply (it
// replaces the user, with no inconsistent plan), a tainted user whose configured username is
// its own, and formats written in another case than the zone's picklist.
func TestAccAPIUserReplacementAndSpelling(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	const addr = "autotask_api_user.vendor"
	config := func(vendor string) string {
		return provider + fmt.Sprintf("\nresource \"terraform_data\" \"vendor\" {\n  input = %q\n}\n", vendor) +
			systemLevelUser("vendor", map[string]string{
				"first_name": `"Vendor"`, "last_name": `"API"`, "integration_vendor": "terraform_data.vendor.output",
				"date_format": `"dd/mm/yyyy"`, "time_format": `"HH:MM"`,
			})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{
				Config: config("Zapier"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("date_format"), knownvalue.StringExact("dd/mm/yyyy")),
				},
				Check: checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool { return u.DateFormat == "dd/MM/yyyy" }),
			},
			{
				Config: config("Propel Your MSP"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("integration_vendor"), knownvalue.StringExact("Propel Your MSP")),
				},
			},
		},
	})

	_, provider = simProvider(t, autotasksim.ProfileExtended)
	named := provider + apiUserConfig("named", `user_name = "namedapi1"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: named},
			{
				// A tainted user is planned with no prior state, so its own username is taken: the
				// error says so and how to replace it.
				Config:      named,
				Taint:       []string{"autotask_api_user.named"},
				ExpectError: regexp.MustCompile(`(?s)Username taken.*` + wrapped("the new user needs another one")),
			},
		},
	})
}

// TestAccReplaceFlagReplacesALevelAndAUser: terraform apply -replace plans the replacement with
// the old object's private data, so the name and username checks know it is the object itself.
func TestAccReplaceFlagReplacesALevelAndAUser(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfileExtended)
	levels := newCLIDir(t, provider+levelConfig("replaced", "Replaced", "", nil))
	levels.run("apply", "-input=false", "-auto-approve")
	before := levels.run("state", "show", "autotask_security_level.replaced")
	out := levels.run("apply", "-input=false", "-auto-approve", "-replace=autotask_security_level.replaced")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Fatalf("want the level replaced:\n%s", out)
	}
	if after := levels.run("state", "show", "autotask_security_level.replaced"); after == before {
		t.Fatal("the level was not replaced")
	}

	// A user keeps its username through -replace only if the zone frees it, which Autotask never
	// does: the plan fails, saying what to do, before anything is deactivated.
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	users := newCLIDir(t, provider+systemLevelUser("replaced", map[string]string{
		"first_name": `"Replaced"`, "last_name": `"User"`, "email": `"replaced@example.com"`, "user_name": `"replacedapi1"`,
		"internal_integration_name": `"Replaced"`,
	}))
	users.run("apply", "-input=false", "-auto-approve")
	writes := zoneWrites(zone, autotask.Resources)
	out, err := users.try("apply", "-input=false", "-auto-approve", "-replace=autotask_api_user.replaced")
	if err == nil || strings.Contains(out, "Destruction complete") || !regexp.MustCompile(wrapped("The replacement needs a new username")).MatchString(out) {
		t.Fatalf("want the plan to fail and explain that the username stays taken (%v):\n%s", err, out)
	}
	if n := zoneWrites(zone, autotask.Resources) - writes; n != 0 {
		t.Fatalf("%d writes to Resources, want none", n)
	}
}

// TestAccAPIUserNameComparesAsAutotaskDoes: a username differing only in case is no change,
// and a replacement that keeps a fixed username fails at plan with no write, since Autotask
// never frees a username; a new username replaces the user.
func TestAccAPIUserNameComparesAsAutotaskDoes(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	const addr = "autotask_api_user.named"
	config := func(userName, integration string) string {
		return provider + strings.Replace(apiUserConfig("named", "user_name = \""+userName+"\""),
			`internal_integration_name = "named"`, `internal_integration_name = "`+integration+`"`, 1)
	}
	var id, writes int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{
			{Config: config("namedapi1", "named"), Check: saveID(addr, &id)},
			{
				Config:           config("NamedAPI1", "named"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig:   func() { writes = zoneWrites(zone, autotask.Resources) },
				Config:      config("NamedAPI1", "other source"),
				ExpectError: regexp.MustCompile(`(?s)The replacement needs a new username.*` + wrapped(`user_name keeps "NamedAPI1"`)),
			},
			{
				PreConfig: func() {
					if n := zoneWrites(zone, autotask.Resources) - writes; n != 0 {
						t.Fatalf("the refused plan made %d writes to Resources", n)
					}
				},
				Config: config("namedapi2", "other source"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
				}},
				Check: checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool { return u.UserName == "namedapi2" && u.IsActive }),
			},
		},
	})
}

// TestAccAPIUserNeverTakesAPerson: import and the data source accept only API-only users, on
// both profiles, so a mistyped id or username never puts a person's account under Terraform;
// the zone's System Administrator (an employee) is refused by username and by id, with no write.
func TestAccAPIUserNeverTakesAPerson(t *testing.T) {
	for _, profile := range []autotasksim.Profile{autotasksim.ProfilePublic, autotasksim.ProfileExtended} {
		t.Run(string(profile), func(t *testing.T) {
			zone, provider := simProvider(t, profile)
			admin := systemAdministrator(t, zone)
			importPerson := func(id string) string {
				return provider + fmt.Sprintf(`
import {
  to = autotask_api_user.person
  id = %q
}

resource "autotask_api_user" "person" {
  first_name        = "Dana"
  last_name         = "Whitfield"
  email             = "dana.whitfield@example.com"
  security_level_id = 10
}
`, id)
			}
			notAPIUser := regexp.MustCompile(`(?s)Not an API user.*` + wrapped(`has the license type "Administrator", not "API User"`))
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: importPerson("dwhitfield"), ExpectError: notAPIUser},
					{Config: importPerson(strconv.FormatInt(admin.ID, 10)), ExpectError: notAPIUser},
					{Config: provider + `data "autotask_api_user" "person" { user_name = "DWhitfield" }`, ExpectError: notAPIUser},
				},
			})
			if n := zoneWrites(zone, autotask.Resources); n != 0 {
				t.Fatalf("%d writes to Resources, want none", n)
			}
			if u := systemAdministrator(t, zone); !u.IsActive {
				t.Fatalf("the System Administrator is %+v, want untouched and active", u)
			}
		})
	}
}

// TestAccAPIUserDestroyLooksAgainBeforeDeactivating: a state whose id names a person (edited by
// hand, or a zone's ids reused) fails the destroy, naming the person, and deactivates nobody.
func TestAccAPIUserDestroyLooksAgainBeforeDeactivating(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	admin := systemAdministrator(t, zone)
	cli := newCLIDir(t, provider+apiUserConfig("victim", ""))
	cli.run("apply", "-input=false", "-auto-approve")
	state := cli.run("state", "pull")
	var doc map[string]any
	if err := json.Unmarshal([]byte(state), &doc); err != nil {
		t.Fatal(err)
	}
	var user int64
	for _, r := range doc["resources"].([]any) { //nolint:forcetypeassert // the state's documented shape
		r := r.(map[string]any) //nolint:forcetypeassert // the state's documented shape
		if r["type"] != "autotask_api_user" {
			continue
		}
		attrs := r["instances"].([]any)[0].(map[string]any)["attributes"].(map[string]any) //nolint:forcetypeassert // the state's documented shape
		user = int64(attrs["id"].(float64))                                                //nolint:forcetypeassert // the state's documented shape
		attrs["id"] = admin.ID
	}
	doc["serial"] = doc["serial"].(float64) + 1 //nolint:forcetypeassert // the state's documented shape
	edited, _ := json.Marshal(doc)
	if err := os.WriteFile(filepath.Join(cli.dir, "edited.tfstate"), edited, 0o600); err != nil {
		t.Fatal(err)
	}
	cli.run("state", "push", "edited.tfstate")
	out, err := cli.try("destroy", "-input=false", "-auto-approve", "-refresh=false", "-target=autotask_api_user.victim")
	if err == nil || !regexp.MustCompile(wrapped("Not an API user")).MatchString(out) {
		t.Fatalf("destroy with a person's id in state: %v\n%s", err, out)
	}
	if u := systemAdministrator(t, zone); !u.IsActive {
		t.Fatalf("the System Administrator was deactivated: %+v", u)
	}
	var u autotask.APIUser
	if err := zoneClient(t, zone).Get(context.Background(), autotask.Resources, user, &u); err != nil || !u.IsActive {
		t.Fatalf("the API user the state lost track of is %+v (%v); nothing should have been deactivated", u, err)
	}
}

// TestAccAPIUserOnALevelThisPlanReactivates: the user's plan check reads the level's planned
// is_active, so adopting an inactive level, reactivating it and creating a user on it is one apply.
func TestAccAPIUserOnALevelThisPlanReactivates(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	id := createLevel(t, c, "Dormant", nil)
	if err := c.DeactivateSecurityLevel(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	const addr = "autotask_api_user.woken"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: provider + `
import {
  to = autotask_security_level.dormant
  id = "Dormant"
}
` + levelConfig("dormant", "Dormant", "", nil) + `
resource "autotask_api_user" "woken" {
  first_name                = "Woken"
  last_name                 = "API"
  email                     = "woken@example.com"
  security_level_id         = autotask_security_level.dormant.id
  internal_integration_name = "Woken"
}
`,
			Check: checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool {
				return u.IsActive && u.SecurityLevelID != nil && *u.SecurityLevelID == id
			}),
		}},
	})

	// The other way round: a level this plan deactivates refuses a new user at plan.
	zone, provider = simProvider(t, autotasksim.ProfileExtended)
	createLevel(t, zoneClient(t, zone), "Closing", nil)
	writes := zoneWrites(zone, autotask.Resources) + zoneWrites(zone, autotask.SecurityLevels)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
import {
  to = autotask_security_level.closing
  id = "Closing"
}
` + levelConfig("closing", "Closing", "is_active = false", nil) + `
resource "autotask_api_user" "late" {
  first_name                = "Late"
  last_name                 = "API"
  email                     = "late@example.com"
  security_level_id         = autotask_security_level.closing.id
  internal_integration_name = "Late"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Security level not usable by an API user.*` + wrapped(`is inactive`)),
		}},
	})
	if n := zoneWrites(zone, autotask.Resources) + zoneWrites(zone, autotask.SecurityLevels) - writes; n != 0 {
		t.Fatalf("%d writes, want none: the plan should fail", n)
	}
}

// TestOwnSecretIsCheckedOnlyWhenSent: secret_wo meets the password policy at plan when it is to
// be sent; a secret drawn anew each run (an ephemeral resource) fails no plan that keeps the
// version, so sends nothing.
func TestOwnSecretIsCheckedOnlyWhenSent(t *testing.T) {
	model := func(secret string, version int64) apiUserResourceModel {
		return apiUserResourceModel{SecretWO: types.StringValue(secret), SecretWOVersion: types.Int64Value(version)}
	}
	for _, tc := range []struct {
		name   string
		config apiUserResourceModel
		state  *apiUserResourceModel
		errors int
	}{
		{"create, policy met", model("Ab1*defghijk", 1), nil, 0},
		{"create, policy broken", model("letmeinplease", 1), nil, 1},
		{"new version, policy broken", model("letmeinplease", 2), &apiUserResourceModel{SecretWOVersion: types.Int64Value(1)}, 1},
		{"same version: nothing is sent", model("letmeinplease", 1), &apiUserResourceModel{SecretWOVersion: types.Int64Value(1)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d diag.Diagnostics
			checkOwnSecret(tc.config, tc.state, &d)
			if d.ErrorsCount() != tc.errors || strings.Contains(fmt.Sprint(d), "letmeinplease") {
				t.Fatalf("%d errors, want %d, never showing the secret: %v", d.ErrorsCount(), tc.errors, d)
			}
		})
	}
}

// TestAccLateCommitsAreAdoptedNeverMadeTwice: a create the gateway answers with a 504 while the
// zone commits it later is looked for until request_timeout, found and adopted: one user and
// one level, whose secret signs in. Committed after the look-ups end, the error names the user
// and the import block that adopts it, which then works.
func TestAccLateCommitsAreAdoptedNeverMadeTwice(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	provider = strings.Replace(provider, "provider \"autotask\" {", "provider \"autotask\" {\n  request_timeout = \"3s\"", 1)
	if err := zone.Sim.SetFaults([]autotasksim.Fault{
		{Entity: "SecurityLevels", Operation: "create", Kind: autotasksim.FaultLateCommit, LatencyMS: 700, Count: 1},
		{Entity: "Resources", Operation: "create", Kind: autotasksim.FaultLateCommit, LatencyMS: 700, Count: 1},
	}); err != nil {
		t.Fatal(err)
	}
	const addr = "autotask_api_user.late"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: provider + apiUserConfig("late", ""),
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error { return signIn(zone, credentialsOf(s, addr)) },
				func(*terraform.State) error {
					c := zoneClient(t, zone)
					users, err := autotask.QueryAs[autotask.APIUser](context.Background(), c, autotask.Resources,
						autotask.Query{Filter: []autotask.Filter{autotask.Eq("lastName", "late")}})
					if err != nil || len(users) != 1 || len(levelsNamed(t, c, "API User (late)")) != 1 {
						return fmt.Errorf("%d users named late (%v); want exactly one user and one level", len(users), err)
					}
					return nil
				},
			),
		}},
	})

	// Committed after the look-ups gave up: the error names the user and how to adopt it.
	zone, provider = simProvider(t, autotasksim.ProfileExtended)
	provider = strings.Replace(provider, "provider \"autotask\" {", "provider \"autotask\" {\n  request_timeout = \"1s\"", 1)
	cli := newCLIDir(t, provider+systemLevelUser("slow", map[string]string{"user_name": `"slowapi1"`, "internal_integration_name": `"Slow"`}))
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "Resources", Operation: "create", Kind: autotasksim.FaultLateCommit, LatencyMS: 2500, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	out, err := cli.try("apply", "-input=false", "-auto-approve")
	flat := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, `No API user had the username "slowapi1"`) || !strings.Contains(flat, `to = autotask_api_user.<name> id = "slowapi1"`) {
		t.Fatalf("want the error to name the user and its import block (%v):\n%s", err, out)
	}
	time.Sleep(2 * time.Second) // the zone commits it
	if err := os.WriteFile(filepath.Join(cli.dir, "import.tf"), []byte("import {\n  to = autotask_api_user.slow\n  id = \"slowapi1\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cli.run("apply", "-input=false", "-auto-approve")
	if out, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the adopted user plans changes (%v):\n%s", err, out)
	}
	found, err := zoneClient(t, zone).ResourcesNamed(context.Background(), "slowapi1")
	if err != nil || len(found) != 1 {
		t.Fatalf("users named slowapi1: %v (%v); want exactly one", found, err)
	}
}

// TestAccAGeneratedUserIsNeverMadeTwice: a user with a generated username whose create the zone
// commits only after the apply gave up looking for it. The error names the username; the next
// plan, instead of making a second user, refuses and names the first with its import block,
// which adopts it.
func TestAccAGeneratedUserIsNeverMadeTwice(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	provider = strings.Replace(provider, "provider \"autotask\" {", "provider \"autotask\" {\n  request_timeout = \"1s\"", 1)
	cli := newCLIDir(t, provider+systemLevelUser("twin", map[string]string{"internal_integration_name": `"Twin"`}))
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "Resources", Operation: "create", Kind: autotasksim.FaultLateCommit, LatencyMS: 2500, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	out, err := cli.try("apply", "-input=false", "-auto-approve")
	flat := strings.Join(strings.Fields(out), " ")
	named := regexp.MustCompile(`No API user had the username "([^"]+)"`).FindStringSubmatch(flat)
	if err == nil || named == nil {
		t.Fatalf("want the error to name the generated username (%v):\n%s", err, out)
	}
	time.Sleep(2 * time.Second) // the zone commits it
	out, err = cli.try("apply", "-input=false", "-auto-approve")
	flat = strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, "An active API user already has these names and email") ||
		!strings.Contains(flat, fmt.Sprintf(`to = autotask_api_user.<name> id = %q`, named[1])) {
		t.Fatalf("want the next apply to refuse, naming %s and its import block (%v):\n%s", named[1], err, out)
	}
	c := zoneClient(t, zone)
	users, err := autotask.QueryAs[autotask.APIUser](context.Background(), c, autotask.Resources,
		autotask.Query{Filter: []autotask.Filter{autotask.Eq("lastName", "twin")}})
	if err != nil || len(users) != 1 || !strings.EqualFold(users[0].UserName, named[1]) {
		t.Fatalf("users named twin: %v (%v); want exactly %s", users, err, named[1])
	}
	if err := os.WriteFile(filepath.Join(cli.dir, "import.tf"), fmt.Appendf(nil, "import {\n  to = autotask_api_user.twin\n  id = %q\n}\n", named[1]), 0o600); err != nil {
		t.Fatal(err)
	}
	cli.run("apply", "-input=false", "-auto-approve")
	if out, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the adopted user plans changes (%v):\n%s", err, out)
	}
}
