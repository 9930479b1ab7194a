package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

func TestAccPermissionCatalogDataSource(t *testing.T) {
	clearAutotaskEnv(t) // the catalogue needs no credentials
	all := permissions.Default().Settings()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "autotask_permission_catalog" "all" {}

data "autotask_permission_catalog" "service_desk" {
  section = "service_desk"
}

output "keys" {
  value = [for s in data.autotask_permission_catalog.all.settings : s.key]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.all", tfjsonpath.New("settings"), knownvalue.ListSizeExact(len(all))),
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.all", tfjsonpath.New("defaults"), knownvalue.MapSizeExact(len(all))),
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.all", tfjsonpath.New("defaults").AtMapKey("web_services_api.can_login"), knownvalue.StringExact("true")),
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.all", tfjsonpath.New("defaults").AtMapKey("service_desk.tickets.view"), knownvalue.StringExact("none")),
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.all", tfjsonpath.New("settings").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"key":            knownvalue.StringExact("contracts.contracts.view"),
					"section":        knownvalue.StringExact("contracts"),
					"section_label":  knownvalue.StringExact("Contracts"),
					"block":          knownvalue.StringExact("Object Permissions"),
					"item":           knownvalue.StringExact("contracts"),
					"right":          knownvalue.StringExact("view"),
					"label":          knownvalue.StringExact("Contracts: View"),
					"aliases":        knownvalue.ListSizeExact(0),
					"kind":           knownvalue.StringExact("object_right"),
					"allowed_values": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("all"), knownvalue.StringExact("organizations"), knownvalue.StringExact("none")}),
					"minimum":        knownvalue.Null(),
					"maximum":        knownvalue.Null(),
					"default":        knownvalue.StringExact("none"),
					"copy_value":     knownvalue.StringExact("all"),
					"note":           knownvalue.StringExact(""),
				})),
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.service_desk", tfjsonpath.New("settings").AtSliceIndex(0).AtMapKey("key"), knownvalue.StringExact("service_desk.tickets.view")),
				statecheck.ExpectKnownValue("data.autotask_permission_catalog.service_desk", tfjsonpath.New("defaults"), knownvalue.MapPartial(map[string]knownvalue.Check{
					"service_desk.tickets.add": knownvalue.StringExact("no"),
				})),
				statecheck.ExpectKnownOutputValue("keys", knownvalue.ListSizeExact(len(all))),
			},
		}},
	})
}

func TestAccPermissionCatalogDataSourceIntegerAndAliases(t *testing.T) {
	clearAutotaskEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "autotask_permission_catalog" "other" {
  section = "other"
}

locals {
  webhooks  = [for s in data.autotask_permission_catalog.other.settings : s if s.key == "other.maximum_number_of_webhooks"][0]
}

output "webhook_range" {
  value = [local.webhooks.kind, local.webhooks.minimum, local.webhooks.maximum, local.webhooks.default]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("webhook_range", knownvalue.TupleExact([]knownvalue.Check{
					knownvalue.StringExact("integer"), knownvalue.Int64Exact(0), knownvalue.Int64Exact(100), knownvalue.StringExact("10"),
				})),
			},
		}},
	})
}

func TestAccPermissionCatalogDataSourceUnknownSection(t *testing.T) {
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `data "autotask_permission_catalog" "x" { section = "sales" }`,
			ExpectError: regexp.MustCompile(`value must be one of:`),
		}},
	})
}
