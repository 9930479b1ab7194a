package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
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
					wrapped("the preset module examples/modules/vendor-api-user"),
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

// publicVendorUser is a user of a vendor tracked by an internal integration, on the system
// API level, as a public zone's configuration declares it; extra adds attributes.
func publicVendorUser(extra string) string {
	return `
data "autotask_line_of_business" "na" {
  name = "Managed Services > North America"
}

resource "autotask_api_user" "vendor" {
  first_name                = "Vendor"
  last_name                 = "API"
  email                     = "vendor@example.com"
  security_level_id         = 10
  internal_integration_name = "Vendor Sync"
  line_of_business_ids      = [data.autotask_line_of_business.na.id]
  ` + extra + `
}
`
}

// TestAccPublicZoneAPIUserIsMadeByHandAndAdopted: on a zone that cannot create API users, the
// plan passes with the UI steps for exactly this user; the apply waits while a person (a test
// goroutine, through the simulator's UI route) makes it, then adopts it, with zero writes; the
// next plan has no changes. With create = "0s" the apply fails at once with the steps.
func TestAccPublicZoneAPIUserIsMadeByHandAndAdopted(t *testing.T) {
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic, Control: true})
	provider := providerBlock(zone)
	cli := newCLIDir(t, provider+publicVendorUser(`user_name = "vendorapi1"`+"\n  timeouts {\n    create = \"0s\"\n  }"))
	out, err := cli.try("plan", "-input=false")
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"Warning: Make this API user in the Autotask UI: the apply waits for it",
		"First name **Vendor**, last name **API**, and email **vendor@example.com**",
		"Security Level: the level with id **10**",
		"Line of Business: select **Managed Services > North America**",
		"type the key **vendorapi1** instead of generating one",
		"Internal Integration Name **Vendor Sync**",
		`The apply waits up to 0s (timeouts.create) for an active API-only user with the username "vendorapi1"`,
		"cannot read internal_integration_name, line_of_business_ids, protected_data_permission, security_level_id",
	} {
		if err != nil || !strings.Contains(flat, want) {
			t.Fatalf("want the plan to pass (%v) and say %q:\n%s", err, want, out)
		}
	}
	out, err = cli.try("apply", "-input=false", "-auto-approve")
	flat = strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, "The API user made by hand was not found") ||
		!strings.Contains(flat, `No active API-only user with the username "vendorapi1" (or "vendorapi1" at the zone's domain) appeared within 0s`) ||
		!strings.Contains(flat, "Click **Generate Key** and **Generate Secret**") {
		t.Fatalf("want create = \"0s\" to fail at once with the steps (%v):\n%s", err, out)
	}
	if state, _ := cli.try("state", "list"); strings.Contains(state, "autotask_api_user") {
		t.Fatalf("a user that was not made is in state:\n%s", state)
	}

	// Waiting: the person makes the user a moment after the apply starts.
	cli.write(provider + publicVendorUser(`user_name = "vendorapi1"`+"\n  timeouts {\n    create = \"1m\"\n  }"))
	made := make(chan autotasksim.UIAPIUserCreated, 1)
	go func() { // the person, through the simulator's UI route
		time.Sleep(2 * time.Second)
		var u autotasksim.UIAPIUserCreated
		resp, err := http.Post(zone.ControlURL+"ui/api-users", "application/json", strings.NewReader(`{"first_name": "Vendor", "last_name": "API", `+
			`"email": "vendor@example.com", "security_level": "API User (system) (API-only)", "internal_integration_name": "Vendor Sync", "user_name": "vendorapi1"}`))
		if err == nil {
			err = json.NewDecoder(resp.Body).Decode(&u)
			_ = resp.Body.Close()
		}
		if err != nil {
			t.Error(err)
		}
		made <- u
	}()
	cli.run("apply", "-input=false", "-auto-approve")
	u := <-made
	if !strings.EqualFold(u.UserName, "vendorapi1@example.com") {
		t.Fatalf("the UI made %q; this test expects the key at the zone's domain", u.UserName)
	}
	var adopted map[string]any
	for _, r := range cli.resources() {
		if r.Address == "autotask_api_user.vendor" {
			adopted = r.Values
		}
	}
	if adopted == nil || adopted["id"] != float64(u.ID) || adopted["user_name"] != "vendorapi1" || adopted["secret"] != nil ||
		fmt.Sprint(adopted["unverified_attributes"]) != "[internal_integration_name line_of_business_ids protected_data_permission security_level_id]" {
		t.Fatalf("want the user made by hand (id %d) adopted with its key as configured, no secret and the unverified "+
			"attributes listed; state has %v", u.ID, adopted)
	}
	if out, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the adopted user plans changes (%v):\n%s", err, out)
	}
	if err := signIn(zone, apiUserCredentials{userName: u.UserName, secret: u.Secret, code: u.TrackingIdentifier}); err != nil {
		t.Fatal(err)
	}
	if n := zoneWrites(zone, "Resources"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

// TestAccPublicZoneSeveralUsersMadeByHandAdoptNone: without user_name the user made by hand is
// recognised by its names and email; two such users are an error that lists both.
func TestAccPublicZoneSeveralUsersMadeByHandAdoptNone(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	var names []string
	for range 2 {
		u, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: "Vendor", LastName: "API", Email: "vendor@example.com",
			SecurityLevel: "API User (system) (API-only)", InternalIntegrationName: "Vendor Sync"})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.UserName)
	}
	cli := newCLIDir(t, provider+publicVendorUser("timeouts {\n    create = \"5s\"\n  }"))
	out, err := cli.try("apply", "-input=false", "-auto-approve")
	flat := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, "2 users match") || !strings.Contains(flat, names[0]) || !strings.Contains(flat, names[1]) {
		t.Fatalf("want an error listing %v (%v):\n%s", names, err, out)
	}
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
					if signInOnce(zone, itGlue) == nil {
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

// TestAccChangesTheZoneCannotWriteFailAtPlan: on an adopted user, a change to a setting the
// zone cannot write fails at plan, naming the attribute and the UI step, with zero writes;
// which settings those are comes from the zone's field metadata. Under the SOAP reference's
// reading location_id, date_format and time_format are read-only; under the REST reading they
// are written.
func TestAccChangesTheZoneCannotWriteFailAtPlan(t *testing.T) {
	for _, reading := range []autotasksim.ResourceFieldsReading{autotasksim.ReadingREST, autotasksim.ReadingSOAP} {
		t.Run(string(reading), func(t *testing.T) {
			clearAutotaskEnv(t)
			zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic, ResourceFieldsReading: reading})
			_, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: "Vendor", LastName: "API", Email: "vendor@example.com",
				SecurityLevel: "API User (system) (API-only)", InternalIntegrationName: "Vendor Sync", UserName: "vendorapi1"})
			if err != nil {
				t.Fatal(err)
			}
			locations, err := zoneClient(t, zone).InternalLocations(context.Background(), "")
			if err != nil || len(locations) < 2 {
				t.Fatalf("want two internal locations: %v (%v)", locations, err)
			}
			config := providerBlock(zone) + publicVendorUser(`user_name = "vendorapi1"`+"\n  can_view_items_with_no_line_of_business = true")
			cli := newCLIDir(t, config)
			cli.run("apply", "-input=false", "-auto-approve") // adopts the user made by hand
			for _, change := range []struct {
				attribute, from, to string
				writable            bool
			}{
				{"security_level_id", "security_level_id         = 10", "security_level_id         = 11", false},
				{"line_of_business_ids", "line_of_business_ids      = [data.autotask_line_of_business.na.id]", "line_of_business_ids      = []", false},
				{"protected_data_permission", `user_name = "vendorapi1"`, `user_name = "vendorapi1"` + "\n  protected_data_permission = \"view\"", false},
				{"can_view_items_with_no_line_of_business", "can_view_items_with_no_line_of_business = true", "can_view_items_with_no_line_of_business = false", false},
				{"date_format", `user_name = "vendorapi1"`, `user_name = "vendorapi1"` + "\n  date_format = \"dd/MM/yyyy\"", reading == autotasksim.ReadingREST},
				{"time_format", `user_name = "vendorapi1"`, `user_name = "vendorapi1"` + "\n  time_format = \"HH:mm\"", reading == autotasksim.ReadingREST},
				{"location_id", `user_name = "vendorapi1"`, fmt.Sprintf("user_name = \"vendorapi1\"\n  location_id = %d", locations[1].ID), reading == autotasksim.ReadingREST},
			} {
				before := zoneWrites(zone, "Resources")
				cli.write(strings.Replace(config, change.from, change.to, 1))
				out, err := cli.try("apply", "-input=false", "-auto-approve")
				flat := strings.Join(strings.Fields(out), " ")
				if change.writable {
					if err != nil || zoneWrites(zone, "Resources") != before+1 {
						t.Fatalf("%s: want the change written (%v):\n%s", change.attribute, err, out)
					}
					config = strings.Replace(config, change.from, change.to, 1)
					continue
				}
				if err == nil || !strings.Contains(flat, "Error: The zone's API cannot change "+change.attribute) ||
					!strings.Contains(flat, "edit the API user, and set **") {
					t.Fatalf("%s: want the plan to fail naming it and the UI step (%v):\n%s", change.attribute, err, out)
				}
				if n := zoneWrites(zone, "Resources"); n != before {
					t.Fatalf("%s: %d writes reached the zone", change.attribute, n-before)
				}
			}
		})
	}
}

// TestAccPublicZoneNeverAdoptsAPerson: a person (the zone's System Administrator, an employee)
// with the names and email a configuration gives is never taken for the user made by hand.
func TestAccPublicZoneNeverAdoptsAPerson(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	admin := systemAdministrator(t, zone)
	cli := newCLIDir(t, provider+fmt.Sprintf(`
resource "autotask_api_user" "lookalike" {
  first_name                = %q
  last_name                 = %q
  email                     = %q
  internal_integration_name = "Lookalike"

  timeouts {
    create = "3s"
  }
}
`, admin.FirstName, admin.LastName, admin.Email))
	out, err := cli.try("apply", "-input=false", "-auto-approve")
	flat := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, "No active API-only user with first name") {
		t.Fatalf("want the wait to end without adopting %s (%v):\n%s", admin.UserName, err, out)
	}
	if state, _ := cli.try("state", "list"); strings.Contains(state, "autotask_api_user") {
		t.Fatalf("something was adopted:\n%s", state)
	}
	if n := zoneWrites(zone, "Resources"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

// TestAccEmailChangeAwaitingConfirmationIsSaidPlainly: a zone that verifies email changes keeps
// the old email after the PATCH. The apply says so, names the UI step, and the next plan has no
// changes (instead of proposing the change forever) and says so again.
func TestAccEmailChangeAwaitingConfirmationIsSaidPlainly(t *testing.T) {
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic, EmailChangesAwaitConfirmation: true})
	if _, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: "Vendor", LastName: "API", Email: "vendor@example.com",
		SecurityLevel: "API User (system) (API-only)", InternalIntegrationName: "Vendor Sync", UserName: "vendorapi1"}); err != nil {
		t.Fatal(err)
	}
	config := providerBlock(zone) + publicVendorUser(`user_name = "vendorapi1"`)
	cli := newCLIDir(t, config)
	cli.run("apply", "-input=false", "-auto-approve") // adopts the user made by hand
	cli.write(strings.Replace(config, `"vendor@example.com"`, `"vendor-alerts@example.com"`, 1))
	const said = `The zone accepted the email "vendor-alerts@example.com" but still shows "vendor@example.com"`
	for _, args := range [][]string{{"apply", "-input=false", "-auto-approve"}, {"plan", "-input=false", "-detailed-exitcode"}} {
		out, err := cli.try(args...)
		flat := strings.Join(strings.Fields(out), " ")
		if err != nil || !strings.Contains(flat, said) || !strings.Contains(flat, "and set **Email Address**") {
			t.Fatalf("%s: want success (no changes for the plan) and the warning (%v):\n%s", args[0], err, out)
		}
	}
	if n := zoneWrites(zone, "Resources"); n != 1 {
		t.Fatalf("%d writes reached the zone, want the one PATCH", n)
	}
}
