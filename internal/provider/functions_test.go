package provider

import (
	"context"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// runFunction calls a provider function in process, as Terraform would.
func runFunction(t *testing.T, f function.Function, args ...map[string]string) (attr.Value, *function.FuncError) {
	t.Helper()
	values := make([]attr.Value, len(args))
	for i, a := range args {
		m, d := types.MapValueFrom(context.Background(), types.StringType, a)
		if d.HasError() {
			t.Fatal(d)
		}
		values[i] = m
	}
	var def function.DefinitionResponse
	f.Definition(context.Background(), function.DefinitionRequest{}, &def)
	var unknown attr.Value = types.StringUnknown()
	if _, isMap := def.Definition.Return.(function.MapReturn); isMap {
		unknown = types.MapUnknown(types.StringType)
	}
	resp := function.RunResponse{Result: function.NewResultData(unknown)}
	f.Run(context.Background(), function.RunRequest{Arguments: function.NewArgumentsData(values)}, &resp)
	return resp.Result.Value(), resp.Error
}

func TestChecklistFunction(t *testing.T) {
	perms := map[string]string{"service_desk.tickets.view": "all", "other.maximum_number_of_webhooks": "5"}
	got, err := runFunction(t, newChecklistFunction(), perms)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := got.(types.String); !ok || s.ValueString() != permissions.Default().ManualSteps(perms) {
		t.Fatalf("checklist = %v, want the catalogue's manual steps", got)
	}
}

func TestExcessPermissionsFunction(t *testing.T) {
	for name, tc := range map[string]struct{ granted, allowed, want map[string]string }{
		"access level":  {map[string]string{"crm.customer_and_cancelation": "all"}, map[string]string{"crm.customer_and_cancelation": "mine"}, map[string]string{"crm.customer_and_cancelation": "all"}},
		"object scope":  {map[string]string{"service_desk.tickets.view": "mine"}, map[string]string{"service_desk.tickets.view": "all"}, map[string]string{}},
		"yes and no":    {map[string]string{"service_desk.tickets.add": "yes"}, nil, map[string]string{"service_desk.tickets.add": "yes"}},
		"dropdown":      {map[string]string{"contracts.contract_visibility": "full"}, map[string]string{"contracts.contract_visibility": "limited"}, map[string]string{"contracts.contract_visibility": "full"}},
		"check box":     {map[string]string{"admin.resources_users_hr": "true"}, nil, map[string]string{"admin.resources_users_hr": "true"}},
		"integer":       {map[string]string{"other.maximum_number_of_webhooks": "10"}, map[string]string{"other.maximum_number_of_webhooks": "5"}, map[string]string{"other.maximum_number_of_webhooks": "10"}},
		"within":        {nil, nil, map[string]string{}},
		"default login": {nil, map[string]string{"web_services_api.can_login": "false"}, map[string]string{"web_services_api.can_login": "true"}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := runFunction(t, newExcessPermissionsFunction(), tc.granted, tc.allowed)
			if err != nil {
				t.Fatal(err)
			}
			m, ok := got.(types.Map)
			if !ok {
				t.Fatalf("excess_permissions returned %T", got)
			}
			out := map[string]string{}
			if d := m.ElementsAs(context.Background(), &out, false); d.HasError() || !maps.Equal(out, tc.want) {
				t.Fatalf("excess_permissions = %v, want %v", out, tc.want)
			}
		})
	}
}

func TestFunctionsRefuseBadPermissionMaps(t *testing.T) {
	for name, tc := range map[string]struct {
		f        function.Function
		args     []map[string]string
		argument int64
		want     string
	}{
		"unknown key": {newChecklistFunction(), []map[string]string{{"crm.tickets.view": "all"}}, 0,
			`permissions: permission "crm.tickets.view": unknown permission key`},
		"alias key": {newExcessPermissionsFunction(), []map[string]string{{"crm.accounts.view": "all"}, nil}, 0,
			`granted: permission "crm.accounts.view": this is an older or newer UI name; use the canonical key "crm.companies.view"`},
		"bad value": {newExcessPermissionsFunction(), []map[string]string{nil, {"service_desk.tickets.add": "all"}}, 1,
			`allowed: permission "service_desk.tickets.add": value "all" is not allowed; use "yes" or "no"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runFunction(t, tc.f, tc.args...)
			if err == nil || !strings.Contains(err.Text, tc.want) || err.FunctionArgument == nil || *err.FunctionArgument != tc.argument {
				t.Fatalf("error = %+v; want argument %d and %q", err, tc.argument, tc.want)
			}
		})
	}
}

func TestFunctionsFromConfiguration(t *testing.T) {
	clearAutotaskEnv(t) // pure functions: no credentials
	granted := map[string]string{"service_desk.tickets.view": "all", "service_desk.tickets.delete": "mine"}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `output "x" { value = provider::autotask::checklist({ "crm.tickets.view" = "all" }) }`,
				ExpectError: regexp.MustCompile(wrapped(`permissions: permission "crm.tickets.view": unknown permission key`)),
			},
			{
				Config: readExample(t, "functions/checklist/function.tf") + `
output "excess" {
  value = provider::autotask::excess_permissions(
    { "service_desk.tickets.view" = "all", "service_desk.tickets.delete" = "mine" },
    { "service_desk.tickets.view" = "all" },
  )
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("propel_with_tickets_checklist", knownvalue.StringRegexp(regexp.MustCompile(`\| Service Desk \| Object Permissions \| Tickets \| View: All`))),
					statecheck.ExpectKnownOutputValue("excess", knownvalue.MapExact(map[string]knownvalue.Check{
						"service_desk.tickets.delete": knownvalue.StringExact(granted["service_desk.tickets.delete"]),
					})),
				},
			},
		},
	})
}

// TestAccLeastPrivilegeAuditExample applies the audit guide's example and makes the UI grant
// more: the next plan's check block warns, naming the excess row.
func TestAccLeastPrivilegeAuditExample(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	cli := newCLIDir(t, provider+readExample(t, "guides/least-privilege-audit/main.tf"))
	skipWithoutFunctions(t, cli)
	const warning = "Check block assertion failed"
	if out := cli.run("apply", "-input=false", "-auto-approve"); strings.Contains(out, warning) {
		t.Fatalf("the check fails before any drift:\n%s", out)
	}
	level := levelsNamed(t, zoneClient(t, zone), "API User (Propel Your MSP)")
	patchLevel(t, zoneClient(t, zone), level[0].ID, map[string]string{"service_desk.tickets.delete": "all"})
	out := cli.run("plan", "-input=false")
	if !strings.Contains(out, warning) || !strings.Contains(out, `"service_desk.tickets.delete":"all"`) {
		t.Fatalf("want the check to warn about the drift:\n%s", out)
	}
}

// TestAccNoDeleteOverridesExample: the module-author example refuses an override that grants a
// delete right, and takes one that does not.
func TestAccNoDeleteOverridesExample(t *testing.T) {
	clearAutotaskEnv(t)
	cli := newCLIDir(t, readExample(t, "guides/no-delete-overrides/main.tf"))
	skipWithoutFunctions(t, cli)
	cli.run("plan", "-input=false", `-var=overrides={"service_desk.tickets.edit"="yes"}`)
	out, err := cli.try("plan", "-input=false", `-var=overrides={"service_desk.tickets.delete"="all"}`)
	if err == nil || !strings.Contains(out, "overrides may not grant a delete right") {
		t.Fatalf("want the override refused (%v):\n%s", err, out)
	}
}

func skipWithoutFunctions(t *testing.T, _ *cliDir) {
	t.Helper()
	if !terraformVersion(t).atLeast("1.8") {
		t.Skip("provider functions need Terraform 1.8 or later")
	}
}
