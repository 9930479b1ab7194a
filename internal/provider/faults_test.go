package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// TestAccTwentySetupsConvergeUnderFaults applies 20 vendor setups (a level and a user each)
// while a fifth of all requests meet a 429, a thread-threshold 500, a 502 or a 503, and a tenth
// of the creates lose their answer after the commit or are committed late, after a 504. A write a
// gateway error interrupted is looked for until request_timeout (3s here) and, still missing,
// fails the apply saying applying again makes it; the next apply finishes it. The result:
// exactly 20 levels and 20 users, no duplicate and no orphan, and every secret signs in.
func TestAccTwentySetupsConvergeUnderFaults(t *testing.T) {
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfileExtended, FaultSeed: 20})
	var config strings.Builder
	config.WriteString(strings.Replace(providerBlock(zone), "provider \"autotask\" {", "provider \"autotask\" {\n  request_timeout = \"3s\"", 1))
	for i := range 20 {
		config.WriteString(apiUserConfig(fmt.Sprintf("vendor%02d", i), ""))
	}
	cli := newCLIDir(t, config.String())
	if err := zone.Sim.SetFaults(autotasksim.FaultSuite()); err != nil {
		t.Fatal(err)
	}
	var applied bool
	attempt := 0
	for attempt < 6 && !applied {
		attempt++
		out, err := cli.try("apply", "-input=false", "-auto-approve")
		applied = err == nil
		flat := strings.Join(strings.Fields(out), " ")
		if !applied && !strings.Contains(flat, "applying again makes it") && !strings.Contains(flat, "HTTP 50") && !strings.Contains(flat, "HTTP 429") {
			t.Fatalf("apply %d failed for a reason faults do not explain:\n%s", attempt, out)
		}
	}
	if !applied {
		t.Fatal("six applies did not converge")
	}
	t.Logf("converged in %d applies", attempt)
	zone.Sim.ClearFaults()
	if out, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after converging is not empty (%v):\n%s", err, out)
	}

	c := zoneClient(t, zone)
	levels, err := autotask.QueryAs[autotask.SecurityLevel](context.Background(), c, autotask.SecurityLevels,
		autotask.Query{Filter: []autotask.Filter{autotask.Eq("isSystem", false)}})
	if err != nil || len(levels) != 20 {
		t.Fatalf("%d custom levels (%v), want 20", len(levels), err)
	}
	users := 0
	for _, r := range cli.resources() {
		if r.Type != "autotask_api_user" {
			continue
		}
		users++
		creds := apiUserCredentials{userName: fmt.Sprint(r.Values["user_name"]), secret: fmt.Sprint(r.Values["secret"]), code: fmt.Sprint(r.Values["tracking_identifier"])}
		if err := signIn(zone, creds); err != nil {
			t.Error(err)
		}
	}
	// No duplicate and no orphan: each setup's user exists once in the zone.
	for i := range 20 {
		name := fmt.Sprintf("vendor%02d", i)
		all, err := autotask.QueryAs[autotask.APIUser](context.Background(), c, autotask.Resources,
			autotask.Query{Filter: []autotask.Filter{autotask.Eq("lastName", name)}})
		if err != nil || len(all) != 1 {
			t.Fatalf("%d users named %s in the zone (%v); want exactly 1", len(all), name, err)
		}
	}
	if users != 20 {
		t.Fatalf("%d users in state, want 20", users)
	}
	cli.run("destroy", "-input=false", "-auto-approve")
}

// TestAccBudgetGuardStopsThePlanBeforeAnyWrite: with the zone's hourly budget nearly spent by
// other integrations, the plan stops with the explanation, and nothing is written.
func TestAccBudgetGuardStopsThePlanBeforeAnyWrite(t *testing.T) {
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfileExtended, HourlyThreshold: 100})
	// Other integrations spend 92 of the 100 requests: two per client (its budget read and one
	// read), each client fresh so nothing is cached, and without a guard of its own.
	for range 46 {
		c, err := autotask.New(autotask.Options{Username: zone.Username, Secret: zone.Secret, IntegrationCode: zone.IntegrationCode,
			BaseURL: zone.URL, BudgetGuardPercent: 100})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Fields(context.Background(), "Resources"); err != nil {
			t.Fatal(err)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(zone) + apiUserConfig("late", ""),
			ExpectError: regexp.MustCompile(`(?s)used 9\d of its 100 API requests this hour.*` + wrapped("budget_guard_percent")),
		}},
	})
	if n := zoneWrites(zone, "Resources") + zoneWrites(zone, "SecurityLevels"); n != 0 {
		t.Fatalf("%d writes reached the zone", n)
	}
}
