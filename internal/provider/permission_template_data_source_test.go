package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

func TestAccPermissionTemplateDataSource(t *testing.T) {
	clearAutotaskEnv(t) // templates need no credentials
	propel := "data.autotask_permission_template.propel"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "autotask_permission_template" "propel" {
  vendor  = "propel-your-msp"
  version = 1
}

data "autotask_permission_template" "mspai" {
  vendor = "msp-ai"
}

data "autotask_permission_template" "optimize365" {
  vendor = "optimize365"
}

# A module author layers local rows over a preset.
output "layered" {
  value = merge(data.autotask_permission_template.propel.permissions, {
    "service_desk.tickets.edit" = "yes"
  })
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("display_name"), knownvalue.StringExact("Propel Your MSP")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("integration_vendor"), knownvalue.StringExact("Propel Your MSP")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("internal_integration_name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("security_level_mode"), knownvalue.StringExact("custom")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("security_level_name"), knownvalue.StringExact("API User (Propel Your MSP)")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("copy_from"), knownvalue.StringExact("API User (system) (API-only)")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("permissions"), knownvalue.MapSizeExact(12)),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("permissions").AtMapKey("service_desk.tickets.view"), knownvalue.StringExact("all")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("permissions").AtMapKey("admin.resources_users_hr"), knownvalue.StringExact("true")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("first_name"), knownvalue.StringExact("Propel Your MSP")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("last_name"), knownvalue.StringExact("API")),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("webhooks_required"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("partial"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("changelog").AtSliceIndex(0).AtMapKey("version"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("source_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://support\.propelyourmsp\.com/`))),
				statecheck.ExpectKnownValue(propel, tfjsonpath.New("checklist_markdown"), knownvalue.StringRegexp(regexp.MustCompile(
					`(?s)Copy Security Level.*\| Service Desk \| Object Permissions \| Tickets \| View: All; Add: Yes \|.*choose \*\*Integration Vendor\*\*, then \*\*Propel Your MSP\*\*`))),

				statecheck.ExpectKnownValue("data.autotask_permission_template.mspai", tfjsonpath.New("integration_vendor"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.autotask_permission_template.mspai", tfjsonpath.New("internal_integration_name"), knownvalue.StringExact("MSPAI")),
				statecheck.ExpectKnownValue("data.autotask_permission_template.mspai", tfjsonpath.New("webhooks_required"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.autotask_permission_template.mspai", tfjsonpath.New("version"), knownvalue.Int64Exact(2)),

				statecheck.ExpectKnownValue("data.autotask_permission_template.optimize365", tfjsonpath.New("security_level_mode"), knownvalue.StringExact("system")),
				statecheck.ExpectKnownValue("data.autotask_permission_template.optimize365", tfjsonpath.New("security_level_name"), knownvalue.StringExact("API User (system) (API-only)")),
				statecheck.ExpectKnownValue("data.autotask_permission_template.optimize365", tfjsonpath.New("permissions"), knownvalue.MapSizeExact(0)),
				statecheck.ExpectKnownValue("data.autotask_permission_template.optimize365", tfjsonpath.New("copy_from"), knownvalue.Null()),

				statecheck.ExpectKnownOutputValue("layered", knownvalue.MapPartial(map[string]knownvalue.Check{
					"service_desk.tickets.edit": knownvalue.StringExact("yes"),
					"service_desk.tickets.add":  knownvalue.StringExact("yes"),
				})),
			},
		}},
	})
}

func TestAccPermissionTemplateDataSourceBadInput(t *testing.T) {
	clearAutotaskEnv(t)
	for cfg, want := range map[string]string{
		`vendor = "propel"`:                     `(?s)No permission template has the slug "propel". Did you mean\s+"propel-your-msp"\?\s+Known slugs:.*zapier`,
		`vendor = "zapier"` + "\n  version = 7": `"zapier" is at version 2; version 7 does not exist`,
		`vendor = "zapier"` + "\n  version = 0": `version.*must be at least 1`,
	} {
		t.Run(cfg, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "data \"autotask_permission_template\" \"x\" {\n  " + cfg + "\n}\n",
					ExpectError: regexp.MustCompile(want),
				}},
			})
		})
	}
}

func TestVersionMismatchListsChangesSincePin(t *testing.T) {
	tpl := permissions.Template{Slug: "v", Version: 3, Changelog: []permissions.ChangelogEntry{
		{Version: 1, Changes: "first"}, {Version: 2, Changes: "added tickets edit"}, {Version: 3, Changes: "dropped contracts add"},
	}}
	if msg := versionMismatch(tpl, 3); msg != "" {
		t.Fatalf("current version: %q", msg)
	}
	msg := versionMismatch(tpl, 1)
	for _, want := range []string{"at version 3", "pins version 1", "version 2: added tickets edit", "version 3: dropped contracts add", "set version = 3"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "first") {
		t.Errorf("%q lists a change from before the pin", msg)
	}
}

func TestAccPermissionTemplatesDataSource(t *testing.T) {
	clearAutotaskEnv(t)
	all := permissions.Templates()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "autotask_permission_templates" "all" {}

output "propel" {
  value = [for t in data.autotask_permission_templates.all.templates : t if t.slug == "propel-your-msp"][0]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_permission_templates.all", tfjsonpath.New("templates"), knownvalue.ListSizeExact(len(all))),
				statecheck.ExpectKnownValue("data.autotask_permission_templates.all", tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("slug"), knownvalue.StringExact(all[0].Slug)),
				statecheck.ExpectKnownOutputValue("propel", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"slug":                      knownvalue.StringExact("propel-your-msp"),
					"display_name":              knownvalue.StringExact("Propel Your MSP"),
					"integration_vendor":        knownvalue.StringExact("Propel Your MSP"),
					"internal_integration_name": knownvalue.Null(),
					"security_level_mode":       knownvalue.StringExact("custom"),
					"partial":                   knownvalue.Bool(false),
					"version":                   knownvalue.Int64Exact(1),
				})),
			},
		}},
	})
}
