package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

func TestAccZoneDataSourcePublic(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `data "autotask_zone" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("profile"), knownvalue.StringExact("public")),
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("url"), knownvalue.StringExact(zone.URL)),
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("zone_name"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("api_versions"), knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.NotNull()})),
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("request_threshold"), knownvalue.Int64Exact(10000)),
			},
		}},
	})
}

func TestAccZoneDiscoveryThroughTheLookupURL(t *testing.T) {
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	// Credentials from the environment, as in an HCP Terraform workspace.
	t.Setenv(envUsername, zone.Username)
	t.Setenv(envSecret, zone.Secret)
	t.Setenv(envIntegrationCode, zone.IntegrationCode)
	t.Setenv(envZoneLookupURL, zone.URL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `data "autotask_zone" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("url"), knownvalue.StringExact(zone.URL)),
			},
		}},
	})
}

func TestAccMissingCredentialsAreNamedOnFirstUse(t *testing.T) {
	clearAutotaskEnv(t)
	t.Setenv(envUsername, "someone")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `data "autotask_zone" "this" {}`,
			ExpectError: regexp.MustCompile(`has\s+no\s+secret\s+\(or\s+AUTOTASK_SECRET\),\s+integration_code\s+\(or\s+AUTOTASK_INTEGRATION_CODE\)`),
		}},
	})
}

func TestAccInternalLocationDataSource(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + `
data "autotask_internal_location" "default" {}

data "autotask_internal_location" "london" {
  name = "london"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.autotask_internal_location.default", tfjsonpath.New("name"), knownvalue.StringExact("Headquarters")),
					statecheck.ExpectKnownValue("data.autotask_internal_location.default", tfjsonpath.New("is_default"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.autotask_internal_location.london", tfjsonpath.New("name"), knownvalue.StringExact("London")),
					statecheck.ExpectKnownValue("data.autotask_internal_location.london", tfjsonpath.New("is_default"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.autotask_internal_location.london", tfjsonpath.New("id"), knownvalue.NotNull()),
				},
			},
			{
				Config:      provider + `data "autotask_internal_location" "x" { name = "Paris" }`,
				ExpectError: regexp.MustCompile(`(?s)No internal location is named "Paris".\s+Locations:.*"Headquarters"`), // nothing near
			},
			{
				Config:      provider + `data "autotask_internal_location" "x" { name = "west coast" }`,
				ExpectError: regexp.MustCompile(`(?s)No\s+internal\s+location\s+is\s+named\s+"west\s+coast".\s+Did\s+you\s+mean\s+"West\s+Coast\s+Office"\?\s+Locations:`),
			},
		},
	})
}

func TestAccLineOfBusinessDataSource(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + `
data "autotask_line_of_business" "ms_na" {
  name = "managed services >  North America"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.autotask_line_of_business.ms_na", tfjsonpath.New("organizational_level_1_name"), knownvalue.StringExact("Managed Services")),
					statecheck.ExpectKnownValue("data.autotask_line_of_business.ms_na", tfjsonpath.New("organizational_level_2_name"), knownvalue.StringExact("North America")),
					statecheck.ExpectKnownValue("data.autotask_line_of_business.ms_na", tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.autotask_line_of_business.ms_na", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      provider + `data "autotask_line_of_business" "x" { name = "Managed Services" }`,
				ExpectError: regexp.MustCompile(`(?s)No\s+line\s+of\s+business\s+is\s+named\s+"Managed\s+Services".\s+Did\s+you\s+mean\s+"Managed\s+Services\s+>\s+North\s+America"\s+or\s+"Managed\s+Services\s+>\s+EMEA"\?\s+Lines\s+of\s+business:`),
			},
			{
				Config:      provider + `data "autotask_line_of_business" "x" { name = "North America" }`,
				ExpectError: regexp.MustCompile(`(?s)Did\s+you\s+mean\s+"Managed\s+Services\s+>\s+North\s+America"\s+or\s+"Professional\s+Services\s+>\s+North\s+America"\?`),
			},
		},
	})
}

func TestAccIntegrationVendorsOnAPublicZone(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + `data "autotask_integration_vendors" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)public profile.*API Tracking Identifier > Integration Vendor`),
		}},
	})
}

func TestAccResourceDataSource(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfilePublic)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: provider + fmt.Sprintf(`
data "autotask_resource" "admin" {
  user_name = %q
}

data "autotask_resource" "by_id" {
  id = data.autotask_resource.admin.id
}

data "autotask_resource" "by_email" {
  email = data.autotask_resource.admin.email
}
`, zone.Username),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.autotask_resource.admin", tfjsonpath.New("license_type"), knownvalue.StringExact("API User")),
					statecheck.ExpectKnownValue("data.autotask_resource.admin", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.autotask_resource.by_id", tfjsonpath.New("user_name"), knownvalue.StringExact(zone.Username)),
					statecheck.ExpectKnownValue("data.autotask_resource.by_email", tfjsonpath.New("user_name"), knownvalue.StringExact(zone.Username)),
				},
			},
			{
				Config:      provider + `data "autotask_resource" "x" { user_name = "nobody-here" }`,
				ExpectError: regexp.MustCompile(`No resource has username "nobody-here"`),
			},
		},
	})
	// A configuration error in a case of its own: the harness destroys with the last config.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      provider + `data "autotask_resource" "x" {}`,
			ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured`),
		}},
	})
}

func TestAccZoneAndIntegrationVendorsOnAnExtendedZone(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	var propel autotasksim.Vendor
	for _, v := range zone.Sim.Vendors() {
		if v.Label == "Propel Your MSP" {
			propel = v
		}
	}
	if propel.Label == "" {
		t.Fatal("the simulator has no Propel Your MSP vendor")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "autotask_zone" "this" {}

data "autotask_integration_vendors" "all" {}

output "propel" {
  value = one([for v in data.autotask_integration_vendors.all.vendors : v if v.label == "Propel Your MSP"])
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_zone.this", tfjsonpath.New("profile"), knownvalue.StringExact("extended")),
				statecheck.ExpectKnownValue("data.autotask_integration_vendors.all", tfjsonpath.New("vendors"), knownvalue.ListSizeExact(len(zone.Sim.Vendors()))),
				statecheck.ExpectKnownOutputValue("propel", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":        knownvalue.Int64Exact(propel.ID),
					"label":     knownvalue.StringExact("Propel Your MSP"),
					"is_active": knownvalue.Bool(true),
				})),
			},
		}},
	})
}

func TestAccProviderSettingsKnownOnlyAfterApply(t *testing.T) {
	clearAutotaskEnv(t)
	t.Setenv(envUsername, "from-the-environment") // must not stand in for the unknown value
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "user" {
  input = "someone"
}

provider "autotask" {
  username         = terraform_data.user.output
  secret           = "Ab1*defghijkLMN"
  integration_code = "TRACKINGCODE27CHARACTERSXYZ"
  base_url         = "http://127.0.0.1:9/"
}

data "autotask_zone" "this" {}
`,
			ExpectError: regexp.MustCompile(`known\s+only\s+after\s+apply:\s+username\.`),
		}},
	})
}

// TestAccLookupExamples applies the lookup data sources' examples against the simulator as
// they stand, so the names they use exist in it.
func TestAccLookupExamples(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfileExtended)
	var config string
	for _, name := range []string{"autotask_zone", "autotask_internal_location", "autotask_line_of_business", "autotask_resource", "autotask_integration_vendors"} {
		config += readExample(t, "data-sources/"+name+"/data-source.tf")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("autotask_profile", knownvalue.StringExact("extended")),
				statecheck.ExpectKnownOutputValue("it_glue_license", knownvalue.StringExact("API User")),
				statecheck.ExpectKnownOutputValue("propel_vendor_id", knownvalue.NotNull()),
				statecheck.ExpectKnownValue("data.autotask_resource.technician", tfjsonpath.New("first_name"), knownvalue.StringExact("Marcus")),
			},
		}},
	})
}
