package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// seedSlugs are the templates of the five seed guides.
var seedSlugs = []string{"propel-your-msp", "msp-ai", "optimize365", "zapier", "proxuma"}

func TestAccSecurityLevelFromEachSeedTemplate(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	var config strings.Builder
	var checks []statecheck.StateCheck
	built := 0
	for _, slug := range seedSlugs {
		tpl, ok := permissions.LookupTemplate(slug)
		if !ok {
			t.Fatalf("no template %q", slug)
		}
		if tpl.LevelMode() != "custom" {
			continue // the guide gives the user a system level
		}
		built++
		name := strings.ReplaceAll(slug, "-", "_")
		fmt.Fprintf(&config, `
data "autotask_permission_template" %[1]q {
  vendor = %[2]q
}

resource "autotask_security_level" %[1]q {
  name        = data.autotask_permission_template.%[1]s.security_level_name
  permissions = data.autotask_permission_template.%[1]s.permissions
}
`, name, slug)
		addr := "autotask_security_level." + name
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(tpl.SecurityLevelName())),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), mapExact(tpl.Permissions())),
		)
	}
	if built < 2 {
		t.Fatalf("only %d seed templates build a custom level", built)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config:            provider + config.String(),
			ConfigStateChecks: checks,
			Check:             checkZoneMatchesState(t, zone),
		}},
	})
}

func TestAccSecurityLevelTemplateWithMergeOverrides(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	tpl, _ := permissions.LookupTemplate("propel-your-msp")
	want := tpl.Permissions()
	want["service_desk.tickets.delete"] = "all"
	want["crm.customer_and_cancelation"] = "mine"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: provider + `
data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

resource "autotask_security_level" "propel" {
  name = "API User (Propel, with ticket deletes)"
  permissions = merge(data.autotask_permission_template.propel.permissions, {
    "service_desk.tickets.delete"  = "all"
    "crm.customer_and_cancelation" = "mine"
  })
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("autotask_security_level.propel", tfjsonpath.New("permissions"), mapExact(want)),
			},
			Check: checkZoneMatchesState(t, zone),
		}},
	})
}

func TestAccSecurityLevelLifecycle(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	const addr = "autotask_security_level.hand"
	hand := map[string]string{"service_desk.tickets.view": "all", "crm.customer_and_cancelation": "all", "other.maximum_number_of_webhooks": "5"}
	oneRowChanged := maps.Clone(hand)
	oneRowChanged["service_desk.tickets.view"] = "mine"
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{
			{
				Config: provider + levelConfig("hand", "API User (Hand)", "", hand),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("copy_from"), knownvalue.StringExact(permissions.SystemAPILevel)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), mapExact(hand)),
				},
				Check: resource.ComposeTestCheckFunc(checkZoneMatchesState(t, zone), saveID(addr, &id)),
			},
			{
				PreConfig: zone.Sim.ResetStats,
				Config:    provider + levelConfig("hand", "API User (Hand)", "", oneRowChanged),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("permissions").AtMapKey("service_desk.tickets.view"), knownvalue.StringExact("mine")),
				}},
				Check: resource.ComposeTestCheckFunc(checkZoneMatchesState(t, zone), func(*terraform.State) error {
					if n := zone.Sim.Stats().Requests["SecurityLevels"]["update"]; n != 1 {
						return fmt.Errorf("%d PATCHes for one changed row, want 1", n)
					}
					return nil
				}),
			},
			{
				Config: provider + levelConfig("hand", "API User (Hand, renamed)", "is_active = false", oneRowChanged),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("API User (Hand, renamed)")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_active"), knownvalue.Bool(false)),
				},
				Check: checkZoneMatchesState(t, zone),
			},
			{
				Config:            provider + levelConfig("hand", "API User (Hand, renamed)", "is_active = true", oneRowChanged),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_active"), knownvalue.Bool(true))},
				Check:             checkZoneMatchesState(t, zone),
			},
			{
				// A UI edit: one configured row changed and one unconfigured row granted.
				PreConfig: func() {
					patchLevel(t, c, id, map[string]string{"service_desk.tickets.view": "all", "admin.resources_users_hr": "true"})
				},
				Config: provider + levelConfig("hand", "API User (Hand, renamed)", "", oneRowChanged),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), mapExact(oneRowChanged))},
				Check:             checkZoneMatchesState(t, zone),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "api user (hand, RENAMED)"},
			{
				Config: provider + levelConfig("hand", "API User (Hand, renamed)", `copy_from = "`+copyFromNoCosts+`"`, oneRowChanged),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("copy_from"), knownvalue.StringExact(copyFromNoCosts))},
			},
		},
	})
}

func TestAccSecurityLevelImportBlock(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	tpl, _ := permissions.LookupTemplate("propel-your-msp")
	id := createLevel(t, c, "Made in the UI", tpl.Permissions())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{{
			// A configuration listing only non-default rows, as every template does, imports with no diff.
			Config: provider + fmt.Sprintf("import {\n  to = autotask_security_level.ui\n  id = %q\n}\n", fmt.Sprint(id)) +
				levelConfig("ui", "Made in the UI", "", tpl.Permissions()),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("autotask_security_level.ui", plancheck.ResourceActionNoop),
			}},
		}},
	})
}

func TestAccSecurityLevelSystemLevelsCannotBeImported(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfileExtended)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        provider + levelConfig("sys", "Full Access", "", nil),
			ResourceName:  "autotask_security_level.sys",
			ImportState:   true,
			ImportStateId: "Full Access",
			ExpectError:   regexp.MustCompile(`(?s)system security level.*autotask_security_level data source`),
		}},
	})
}

func TestAccSecurityLevelDestroy(t *testing.T) {
	t.Run("alone, it is deleted", func(t *testing.T) {
		zone, provider := simProvider(t, autotasksim.ProfileExtended)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				if found := levelsNamed(t, zoneClient(t, zone), "Alone"); len(found) != 0 {
					return fmt.Errorf("the level is still there: %+v", found)
				}
				return nil
			},
			Steps: []resource.TestStep{{Config: provider + levelConfig("alone", "Alone", "", nil)}},
		})
	})

	t.Run("held by an active user it is refused, then after its users it is deactivated", func(t *testing.T) {
		zone, provider := simProvider(t, autotasksim.ProfileExtended)
		c := zoneClient(t, zone)
		var userID int64
		config := provider + levelConfig("held", "Held", "", nil)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				found := levelsNamed(t, c, "Held")
				if len(found) != 1 || found[0].IsActive {
					return fmt.Errorf("want the level kept and inactive, got %+v", found)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: config,
					Check: func(s *terraform.State) error {
						levelID, err := stateID(s, "autotask_security_level.held")
						userID = createAPIUser(t, c, levelID, "heldapi1")
						return err
					},
				},
				{Config: config, Destroy: true, ExpectError: regexp.MustCompile(`(?s)in use.*heldapi`)},
				{
					PreConfig: func() {
						if _, err := c.Patch(context.Background(), "Resources", map[string]any{"id": userID, "isActive": false}); err != nil {
							t.Fatal(err)
						}
					},
					Config: config,
				},
			},
		})
	})
}

// TestAccSecurityLevelCustomLevelLimit: the zone's limit on custom levels is checked at plan,
// counting every level the plan creates, with zero writes.
func TestAccSecurityLevelCustomLevelLimit(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	for i := range 49 {
		createLevel(t, c, fmt.Sprintf("Existing %02d", i), nil)
	}
	before := zoneWrites(zone, "SecurityLevels")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + levelConfig("last", "The last one", "", nil) + levelConfig("one_too_many", "One too many", "", nil),
			ExpectError: regexp.MustCompile(`(?s)Too many custom security levels.*` + wrapped("it has 49, and this plan creates 2")),
		}},
	})
	if n := zoneWrites(zone, "SecurityLevels") - before; n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

func TestAccSecurityLevelDroppedCreateResponseLeavesOneLevel(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "SecurityLevels", Operation: "create", Kind: autotasksim.FaultDropResponse, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: provider + levelConfig("dropped", "Dropped response", "", map[string]string{"service_desk.tickets.view": "all"}),
			Check: resource.ComposeTestCheckFunc(checkZoneMatchesState(t, zone), func(*terraform.State) error {
				if n := zone.Sim.Stats().Requests["SecurityLevels"]["create"]; n != 1 {
					return fmt.Errorf("%d creates, want 1", n)
				}
				if found := levelsNamed(t, zoneClient(t, zone), "Dropped response"); len(found) != 1 {
					return fmt.Errorf("%d levels, want 1", len(found))
				}
				return nil
			}),
		}},
	})
}

func TestAccSecurityLevelWebServicesLoginClearedOutsideTerraform(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{
			{
				Config: provider + levelConfig("login", "Login", "", nil),
				Check:  saveID("autotask_security_level.login", &id),
			},
			{
				PreConfig:   func() { patchLevel(t, c, id, map[string]string{permCanLogin: "false"}) },
				Config:      provider + levelConfig("login", "Login", "", nil),
				ExpectError: regexp.MustCompile(`(?s)Web Services API login cannot be re-enabled`),
			},
			{
				// Saying so in the configuration accepts it, with no change to make.
				Config: provider + levelConfig("login", "Login", "", map[string]string{permCanLogin: "false"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("autotask_security_level.login", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

func TestAccSecurityLevelOnAPublicZone(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + levelConfig("public", "Public", "", nil),
			ExpectError: regexp.MustCompile(`(?s)The zone's API cannot manage security levels.*Autotask UI`),
		}},
	})
	if n := zoneWrites(zone, "SecurityLevels") + zoneWrites(zone, "Resources"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}

func TestAccSecurityLevelDataSource(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	system := levelsNamed(t, zoneClient(t, zone), permissions.SystemAPILevel)
	if len(system) != 1 {
		t.Fatalf("system API level: %+v", system)
	}
	custom := map[string]string{"service_desk.tickets.view": "all"}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: provider + levelConfig("custom", "Custom", "", custom) + fmt.Sprintf(`
data "autotask_security_level" "system_by_name" {
  name = %q
}

data "autotask_security_level" "system_by_id" {
  id = %d
}

data "autotask_security_level" "custom_by_name" {
  name = autotask_security_level.custom.name
}

data "autotask_security_level" "custom_by_id" {
  id = autotask_security_level.custom.id
}
`, strings.ToUpper(permissions.SystemAPILevel), system[0].ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_security_level.system_by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(system[0].ID)),
				statecheck.ExpectKnownValue("data.autotask_security_level.system_by_name", tfjsonpath.New("is_system"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.autotask_security_level.system_by_name", tfjsonpath.New("is_api_only"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.autotask_security_level.system_by_id", tfjsonpath.New("name"), knownvalue.StringExact(permissions.SystemAPILevel)),
				statecheck.ExpectKnownValue("data.autotask_security_level.system_by_id", tfjsonpath.New("effective_permissions"), mapExact(system[0].PermissionMap())),
				statecheck.ExpectKnownValue("data.autotask_security_level.custom_by_name", tfjsonpath.New("is_system"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.autotask_security_level.custom_by_name", tfjsonpath.New("permissions"), mapExact(custom)),
				statecheck.ExpectKnownValue("data.autotask_security_level.custom_by_name", tfjsonpath.New("copy_from"), knownvalue.StringExact(permissions.SystemAPILevel)),
				statecheck.ExpectKnownValue("data.autotask_security_level.custom_by_id", tfjsonpath.New("name"), knownvalue.StringExact("Custom")),
			},
		}},
	})
}

// checkZoneMatchesState asks the zone for every level in the state and compares its matrix
// with the state's permissions, defaults filled in, and its name and status with the state.
func checkZoneMatchesState(t *testing.T, zone *simtest.Zone) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		c := zoneClient(t, zone)
		levels, err := managed(s, "autotask_security_level")
		if err != nil {
			return err
		}
		for addr, id := range levels {
			rs := s.RootModule().Resources[addr]
			var level autotask.SecurityLevel
			if err := c.Get(context.Background(), autotask.SecurityLevels, id, &level); err != nil {
				return fmt.Errorf("%s: %w", addr, err)
			}
			if level.Name != rs.Primary.Attributes["name"] || fmt.Sprint(level.IsActive) != rs.Primary.Attributes["is_active"] {
				return fmt.Errorf("%s: zone has %q active=%v, state %q active=%s", addr, level.Name, level.IsActive, rs.Primary.Attributes["name"], rs.Primary.Attributes["is_active"])
			}
			held := map[string]string{}
			for k, v := range rs.Primary.Attributes {
				if key, ok := strings.CutPrefix(k, "permissions."); ok && key != "%" {
					held[key] = v
				}
			}
			held = permissions.Default().FillDefaults(held)
			for k, v := range level.PermissionMap() {
				if held[k] != v {
					return fmt.Errorf("%s: %s is %q in the zone, %q in the state's permissions", addr, k, v, held[k])
				}
			}
		}
		return nil
	}
}

// TestAccSecurityLevelExamples applies the documentation's examples, so they cannot rot.
func TestAccSecurityLevelExamples(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	levels := readExample(t, "resources/autotask_security_level/resource.tf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{
			{Config: provider + levels, Check: checkZoneMatchesState(t, zone)},
			{
				// The data source example reads the first custom level the zone made (id 30400).
				Config: provider + levels + readExample(t, "data-sources/autotask_security_level/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.autotask_security_level.api_user", tfjsonpath.New("is_system"), knownvalue.Bool(true)),
					statecheck.ExpectKnownOutputValue("legacy_permissions", knownvalue.NotNull()),
				},
			},
		},
	})
}

func levelModel(t *testing.T, name string, active bool, perms map[string]string) securityLevelModel {
	t.Helper()
	m, d := types.MapValueFrom(context.Background(), types.StringType, perms)
	if d.HasError() {
		t.Fatal(d)
	}
	return securityLevelModel{ID: types.Int64Value(30400), Name: types.StringValue(name), IsActive: types.BoolValue(active), Permissions: m}
}

func TestExpandSecurityLevelPatchSendsOnlyWhatChanged(t *testing.T) {
	before := map[string]string{"service_desk.tickets.view": "all", "crm.customer_and_cancelation": "all"}
	after := maps.Clone(before)
	after["service_desk.tickets.view"] = "mine"
	delete(after, "crm.customer_and_cancelation") // back to its default
	name, inactive := "M", false
	for label, tc := range map[string]struct {
		plan securityLevelModel
		want autotask.SecurityLevelPatch
	}{
		"nothing": {levelModel(t, "L", true, before), autotask.SecurityLevelPatch{ID: 30400}},
		"rows": {levelModel(t, "L", true, after), autotask.SecurityLevelPatch{ID: 30400, Permissions: []autotask.PermissionRow{
			{Key: "crm.customer_and_cancelation", Value: "none"}, {Key: "service_desk.tickets.view", Value: "mine"},
		}}},
		"name and status": {levelModel(t, "M", false, before), autotask.SecurityLevelPatch{ID: 30400, Name: &name, IsActive: &inactive}},
	} {
		t.Run(label, func(t *testing.T) {
			got, d := expandSecurityLevelPatch(context.Background(), levelModel(t, "L", true, before), tc.plan)
			if d.HasError() {
				t.Fatal(d)
			}
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(tc.want)
			if string(gotJSON) != string(wantJSON) {
				t.Fatalf("patch = %s, want %s (rows in catalogue order)", gotJSON, wantJSON)
			}
			if got.IsEmpty() != (label == "nothing") {
				t.Fatalf("IsEmpty = %v for %s", got.IsEmpty(), gotJSON)
			}
		})
	}
}

func TestFlattenSecurityLevelKeepsOwnedKeysAndNonDefaultRows(t *testing.T) {
	ctx := context.Background()
	zone := permissions.Default().FillDefaults(map[string]string{"service_desk.tickets.view": "all", "admin.resources_users_hr": "true"})
	var rows []autotask.PermissionRow
	for k, v := range zone {
		rows = append(rows, autotask.PermissionRow{Key: k, Value: v})
	}
	rows = append(rows, autotask.PermissionRow{Key: "future.setting", Value: "x"}) // a row this catalogue does not know
	owned, d := types.MapValueFrom(ctx, types.StringType, map[string]string{"service_desk.tickets.view": "all", "crm.customer_and_cancelation": "all"})
	level := autotask.SecurityLevel{ID: 1, Name: "L", Permissions: rows}
	m, d2 := flattenSecurityLevel(ctx, level)
	d.Append(d2...)
	d.Append(m.keepKeys(ctx, level, owned)...)
	if d.HasError() {
		t.Fatal(d)
	}
	got := map[string]string{}
	d = m.Permissions.ElementsAs(ctx, &got, false)
	want := map[string]string{"service_desk.tickets.view": "all", "crm.customer_and_cancelation": "none", "admin.resources_users_hr": "true"}
	if d.HasError() || !maps.Equal(got, want) {
		t.Fatalf("permissions = %v, want %v: owned keys with the zone's value, plus every non-default row", got, want)
	}
	if matrix := catalogRows(level); matrix["future.setting"] != "" || len(matrix) != len(permissions.Default().Settings()) {
		t.Fatalf("the matrix has %d rows, want exactly the catalogue's", len(matrix))
	}
}

// TestAccSecurityLevelReplacement covers what replaces a level: taint, whose plan has no prior
// state and so meets its own name, and copy_from, which also drops the old level's cleared
// login, and is refused while a resource holds the level.
func TestAccSecurityLevelReplacement(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	const addr = "autotask_security_level.replaced"
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps: []resource.TestStep{
			{Config: provider + levelConfig("replaced", "Replaced", "", nil), Check: saveID(addr, &id)},
			{
				// Login cleared in the UI; a new copy_from makes a new level, with login enabled.
				PreConfig: func() { patchLevel(t, c, id, map[string]string{permCanLogin: "false"}) },
				Config:    provider + levelConfig("replaced", "Replaced", `copy_from = "`+copyFromNoCosts+`"`, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					// No "false" row: login is enabled again, its default.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), mapExact(map[string]string{})),
				},
				Check: saveID(addr, &id),
			},
			{
				PreConfig:   func() { createAPIUser(t, c, id, "holderapi1") },
				Config:      provider + levelConfig("replaced", "Replaced", `copy_from = "`+permissions.SystemAPILevel+`"`, nil),
				ExpectError: regexp.MustCompile(`(?s)The security level cannot be replaced.*` + wrapped("1 resource(s), active or inactive, hold")),
			},
			{
				// Let the final destroy through: the holder is deactivated, the level kept inactive.
				PreConfig: func() {
					found, _ := c.ResourcesNamed(context.Background(), "holderapi1")
					if _, err := c.Patch(context.Background(), autotask.Resources, map[string]any{"id": found[0].ID, "isActive": false}); err != nil {
						t.Fatal(err)
					}
				},
				Config: provider + levelConfig("replaced", "Replaced", `copy_from = "`+copyFromNoCosts+`"`, nil),
			},
			{
				// Terraform plans a tainted object with no prior state at all, so the name check
				// meets the level's own name: the error points at -replace, which works.
				Config:      provider + levelConfig("replaced", "Replaced", `copy_from = "`+copyFromNoCosts+`"`, nil),
				Taint:       []string{addr},
				ExpectError: regexp.MustCompile(`(?s)Security level name taken.*` + wrapped("terraform apply -replace=<address>")),
			},
		},
	})
}

// TestCheckCanLogin covers the irreversible login setting: clearing it warns, on a new level
// too; turning it back on after it was cleared fails; the rest says nothing.
func TestCheckCanLogin(t *testing.T) {
	ctx := context.Background()
	level := func(perms map[string]string) *securityLevelModel {
		m, d := types.MapValueFrom(ctx, types.StringType, perms)
		if d.HasError() {
			t.Fatal(d)
		}
		return &securityLevelModel{Permissions: m}
	}
	cleared := map[string]string{permCanLogin: "false"}
	for _, tc := range []struct {
		name             string
		state            *securityLevelModel
		planned          map[string]string
		warnings, errors int
	}{
		{"new level, login cleared", nil, cleared, 1, 0},
		{"new level, login left", nil, map[string]string{}, 0, 0},
		{"login cleared now", level(map[string]string{}), cleared, 1, 0},
		{"login cleared before, kept cleared", level(cleared), cleared, 0, 0},
		{"login cleared before, turned on", level(cleared), map[string]string{permCanLogin: "true"}, 0, 1},
		{"login cleared before, key left out", level(cleared), map[string]string{}, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d diag.Diagnostics
			checkCanLogin(ctx, tc.state, tc.planned, &d)
			if d.WarningsCount() != tc.warnings || d.ErrorsCount() != tc.errors {
				t.Fatalf("%d warnings and %d errors, want %d and %d: %v", d.WarningsCount(), d.ErrorsCount(), tc.warnings, tc.errors, d)
			}
		})
	}
}

// TestAccSecurityLevelAfterAStrayNotFound: one stray 404 on the zone's capability check is not
// taken for the answer, so an extended zone does not look public for the run.
func TestAccSecurityLevelAfterAStrayNotFound(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "SecurityLevels", Operation: "info", Status: 404, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkSecurityLevelsDestroyed(t, zone),
		Steps:                    []resource.TestStep{{Config: provider + levelConfig("stray", "Stray", "", nil), Check: checkZoneMatchesState(t, zone)}},
	})
}

// TestAccLevelWithoutSOAPLoginStillSignsInOverREST: "Can login to Web Services API" concerns the
// SOAP API (1.5 and earlier); an API user on a level saved with it cleared signs in over REST.
func TestAccLevelWithoutSOAPLoginStillSignsInOverREST(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	config := provider + strings.Replace(apiUserConfig("nosoap", ""), "permissions = {}", `permissions = { "web_services_api.can_login" = "false" }`, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkAPIUsersDestroyed(t, zone),
		Steps: []resource.TestStep{{
			Config: config,
			Check:  func(s *terraform.State) error { return signIn(zone, credentialsOf(s, "autotask_api_user.nosoap")) },
		}},
	})
}

// TestAccSecurityLevelHeldCannotBeDeactivatedAtPlan: deactivating a level an active user holds
// fails at plan, naming the user, with no write; once the user is inactive it applies.
func TestAccSecurityLevelHeldCannotBeDeactivatedAtPlan(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	var userID int64
	var writes int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + levelConfig("held", "Held", "", nil),
				Check: func(s *terraform.State) error {
					levelID, err := stateID(s, "autotask_security_level.held")
					userID = createAPIUser(t, c, levelID, "heldapi1")
					writes = zoneWrites(zone, "SecurityLevels")
					return err
				},
			},
			{
				Config:      provider + levelConfig("held", "Held", "is_active = false", nil),
				ExpectError: regexp.MustCompile(`(?s)The security level cannot be deactivated.*` + wrapped(`"heldapi1" (resource`)),
			},
			{
				PreConfig: func() {
					if n := zoneWrites(zone, "SecurityLevels"); n != writes {
						t.Fatalf("%d writes reached the zone", n-writes)
					}
					if _, err := c.Patch(context.Background(), "Resources", map[string]any{"id": userID, "isActive": false}); err != nil {
						t.Fatal(err)
					}
				},
				Config: provider + levelConfig("held", "Held", "is_active = false", nil),
			},
		},
	})
}
