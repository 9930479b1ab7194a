package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
		`vendor = "propel"`:                     `(?s)No\s+permission\s+template\s+has\s+the\s+slug\s+"propel".\s+Did\s+you\s+mean\s+"propel-your-msp"\s+\(Propel\s+Your\s+MSP\)\?\s+Known\s+slugs:.*zapier`,
		`vendor = "zappier"`:                    `(?s)Did\s+you\s+mean\s+"presh-zapier"\s+\(Zapier\s+\(Presh\s+Marketing\s+Solutions\)\)\?`,
		`vendor = "IT Glue"`:                    `(?s)Did\s+you\s+mean\s+"it-glue"\s+\(IT\s+Glue\)\?`,
		`vendor = "ninjaone"`:                   `(?s)Did\s+you\s+mean\s+"ninjaone-rmm"\s+\(NinjaOne\s+RMM\)\s+or\s+"ninjaone-saas-backup"\s+\(NinjaOne\s+SaaS\s+Backup\)\?`,
		`vendor = "zapier"` + "\n  version = 7": `"presh-zapier" is at version 2; version 7 does not exist`,
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

// TestAccPermissionTemplateFormerSlug: a former slug finds the same template as its new slug,
// and slug says the new one.
func TestAccPermissionTemplateFormerSlug(t *testing.T) {
	clearAutotaskEnv(t)
	tpl, _ := permissions.LookupTemplate("presh-zapier")
	var checks []statecheck.StateCheck
	for _, name := range []string{"old", "new"} {
		addr := "data.autotask_permission_template." + name
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("slug"), knownvalue.StringExact("presh-zapier")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_name"), knownvalue.StringExact(tpl.DisplayName)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("integration_vendor"), knownvalue.StringExact("Zapier")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.Int64Exact(int64(tpl.Version))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("checklist_markdown"), knownvalue.StringExact(tpl.ChecklistMarkdown())),
		)
	}
	checks = append(checks,
		statecheck.ExpectKnownValue("data.autotask_permission_template.old", tfjsonpath.New("vendor"), knownvalue.StringExact("zapier")),
		statecheck.ExpectKnownValue("data.autotask_permission_template.propel", tfjsonpath.New("slug"), knownvalue.StringExact("propel-your-msp")),
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "autotask_permission_template" "old" {
  vendor  = "zapier"
  version = 2
}

data "autotask_permission_template" "new" {
  vendor = "presh-zapier"
}

data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}
`,
			ConfigStateChecks: checks,
		}},
	})
}

// TestPermissionTemplateReadWarnsOnAFormerSlug: reading by a former slug warns once, naming the
// attribute and the new slug; the new slug reads without a warning.
func TestPermissionTemplateReadWarnsOnAFormerSlug(t *testing.T) {
	ctx := context.Background()
	d := &permissionTemplateDataSource{}
	var sr datasource.SchemaResponse
	d.Schema(ctx, datasource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	for vendor, warnings := range map[string]int{"zapier": 1, "presh-zapier": 0} {
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.(tftypes.Object).AttributeTypes { //nolint:forcetypeassert // a schema's type is an object
			attrs[name] = tftypes.NewValue(at, nil)
		}
		attrs["vendor"] = tftypes.NewValue(tftypes.String, vendor)
		req := datasource.ReadRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, attrs)}}
		resp := datasource.ReadResponse{State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}}
		d.Read(ctx, req, &resp)
		if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != warnings {
			t.Fatalf("%s: want %d warnings and no error, got %v", vendor, warnings, resp.Diagnostics)
		}
		var slug types.String
		resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("slug"), &slug)...)
		if slug.ValueString() != "presh-zapier" {
			t.Errorf("%s: slug = %s", vendor, slug)
		}
		if warnings == 0 {
			continue
		}
		w := resp.Diagnostics.Warnings()[0]
		withPath, ok := w.(diag.DiagnosticWithPath)
		if !ok || !withPath.Path().Equal(path.Root("vendor")) || w.Summary() != "Template slug renamed" {
			t.Errorf("the warning is not on vendor: %v", w)
		}
		for _, want := range []string{`"zapier" is the former slug of the template "presh-zapier" (Zapier (Presh Marketing Solutions))`,
			"name whose guide it is", "keeps working", `set vendor = "presh-zapier"`} {
			if !strings.Contains(w.Detail(), want) {
				t.Errorf("the warning %q lacks %q", w.Detail(), want)
			}
		}
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

output "renamed" {
  value = { for t in data.autotask_permission_templates.all.templates : t.slug => t.former_slugs if length(t.former_slugs) > 0 }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.autotask_permission_templates.all", tfjsonpath.New("templates"), knownvalue.ListSizeExact(len(all))),
				statecheck.ExpectKnownValue("data.autotask_permission_templates.all", tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("slug"), knownvalue.StringExact(all[0].Slug)),
				statecheck.ExpectKnownOutputValue("propel", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"slug":                      knownvalue.StringExact("propel-your-msp"),
					"former_slugs":              knownvalue.ListSizeExact(0),
					"display_name":              knownvalue.StringExact("Propel Your MSP"),
					"integration_vendor":        knownvalue.StringExact("Propel Your MSP"),
					"internal_integration_name": knownvalue.Null(),
					"security_level_mode":       knownvalue.StringExact("custom"),
					"partial":                   knownvalue.Bool(false),
					"version":                   knownvalue.Int64Exact(1),
				})),
				statecheck.ExpectKnownOutputValue("renamed", knownvalue.MapExact(map[string]knownvalue.Check{
					"presh-zapier": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("zapier")}),
				})),
			},
		}},
	})
}
