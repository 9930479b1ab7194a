package permissions

import (
	"slices"
	"strings"
	"testing"
)

func TestValidateAcceptsValidMap(t *testing.T) {
	perms := map[string]string{
		"crm.customer_and_cancelation":      "my_territories",
		"service_desk.tickets.view":         "mine_and_organizations",
		"service_desk.tickets.add":          "yes",
		"other.maximum_number_of_webhooks":  "50",
		"web_services_api.can_login":        "false",
		"contracts.contract_visibility":     "limited",
		"web_services_api.ticket_notes.add": "true",
	}
	if problems := Default().Validate(perms); len(problems) != 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
}

func TestValidateReportsEachProblem(t *testing.T) {
	for name, tc := range map[string]struct {
		key, value string
		want       []string
	}{
		"unknown key suggests the right section": {"crm.tickets.view", "all",
			[]string{"unknown permission key", `"service_desk.tickets.view"`, "autotask_permission_catalog"}},
		"misspelt item": {"service_desk.ticket.view", "all",
			[]string{"did you mean", `"service_desk.tickets.view"`}},
		"nothing close": {"zzzzzzzzzzzzzzzzzzzzzz", "all",
			[]string{"unknown permission key. The data source"}},
		"alias names canonical key": {"crm.accounts.view", "all",
			[]string{`use the canonical key "crm.companies.view"`}},
		"misspelt alias suggests its canonical key": {"crm.accounts.viw", "all",
			[]string{`did you mean "crm.companies.view"`}},
		"key without its section": {"tickets.view", "all",
			[]string{`did you mean "service_desk.tickets.view"`}},
		"newer label alias": {"crm.devices_and_subscriptions.view", "all",
			[]string{`"crm.configuration_items_and_subscriptions.view"`}},
		"bad value lists allowed values": {"service_desk.tickets.view", "everything",
			[]string{`value "everything" is not allowed; use "all", "mine_and_organizations", "mine" or "none"`}},
		"capitalised value gets a hint": {"crm.customer_and_cancelation", "All",
			[]string{`"All" is not allowed`, "(values are lowercase)"}},
		"yes/no right refuses a scope": {"service_desk.tickets.add", "all",
			[]string{`use "yes" or "no"`}},
		"check box refuses yes": {"admin.resources_users_hr", "yes",
			[]string{`use "true" or "false"`}},
		"integer above range": {"other.maximum_number_of_webhooks", "101",
			[]string{"whole number from 0 to 100"}},
		"integer with leading zero": {"other.maximum_number_of_webhooks", "010",
			[]string{"whole number from 0 to 100"}},
		"integer not a number": {"other.maximum_number_of_webhooks", "ten",
			[]string{`value "ten"`}},
	} {
		t.Run(name, func(t *testing.T) {
			problems := Default().Validate(map[string]string{tc.key: tc.value})
			if len(problems) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
			}
			if problems[0].Key != tc.key {
				t.Errorf("problem key = %q, want %q", problems[0].Key, tc.key)
			}
			for _, w := range tc.want {
				if !strings.Contains(problems[0].Message, w) {
					t.Errorf("message %q lacks %q", problems[0].Message, w)
				}
			}
		})
	}
}

func TestValidateOrdersProblems(t *testing.T) {
	problems := Default().Validate(map[string]string{
		"zz.unknown":                    "x",
		"web_services_api.can_login":    "maybe",
		"contracts.contract_visibility": "some",
		"aa.unknown":                    "x",
	})
	var keys []string
	for _, p := range problems {
		keys = append(keys, p.Key)
	}
	want := []string{"contracts.contract_visibility", "web_services_api.can_login", "aa.unknown", "zz.unknown"}
	if !slices.Equal(keys, want) {
		t.Fatalf("order = %v, want %v", keys, want)
	}
}

func TestFillDefaultsAndWithoutDefaults(t *testing.T) {
	c := Default()
	perms := map[string]string{"service_desk.tickets.view": "all", "web_services_api.can_login": "true"}
	full := c.FillDefaults(perms)
	if len(full) != len(c.Settings()) {
		t.Fatalf("filled map has %d keys, catalogue has %d", len(full), len(c.Settings()))
	}
	if full["service_desk.tickets.view"] != "all" || full["service_desk.tickets.add"] != "no" ||
		full["crm.customer_and_cancelation"] != "none" || full["other.maximum_number_of_webhooks"] != "10" {
		t.Fatalf("unexpected filled values: %v", full)
	}
	sparse := c.WithoutDefaults(full)
	if len(sparse) != 1 || sparse["service_desk.tickets.view"] != "all" {
		t.Fatalf("WithoutDefaults = %v, want only the tickets view", sparse)
	}
	if got := c.WithoutDefaults(map[string]string{"not.a.key": "x"}); got["not.a.key"] != "x" {
		t.Fatalf("unknown keys must survive WithoutDefaults: %v", got)
	}
}

func TestDiff(t *testing.T) {
	c := Default()
	from := map[string]string{"web_services_api.can_login": "true", "service_desk.tickets.view": "all", "x.unknown": "1"}
	to := map[string]string{"service_desk.tickets.view": "mine", "crm.customer_and_cancelation": "all", "x.unknown": "1"}
	got := c.Diff(from, to)
	want := []Change{
		{Key: "crm.customer_and_cancelation", From: "", To: "all"},
		{Key: "service_desk.tickets.view", From: "all", To: "mine"},
		{Key: "web_services_api.can_login", From: "true", To: ""},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Diff = %v, want %v", got, want)
	}
	if d := c.Diff(c.FillDefaults(nil), c.FillDefaults(map[string]string{"service_desk.tickets.add": "no"})); len(d) != 0 {
		t.Fatalf("setting a key to its default must not show in a filled diff: %v", d)
	}
}

func TestClosestKeysIsBounded(t *testing.T) {
	if got := Default().ClosestKeys("service_desk.tickets.vew", 2); len(got) == 0 || len(got) > 2 || got[0] != "service_desk.tickets.view" {
		t.Fatalf("ClosestKeys = %v", got)
	}
}

func TestFullAccessIsMostPermissiveExceptWhereTheCopyDiffers(t *testing.T) {
	c := Default()
	full := c.FullAccess()
	mostPermissive := map[string]bool{"all": true, "yes": true, "full": true, "true": true}
	// Check boxes a copy of API User (system) carries cleared: restrictions, settings Autotask
	// leaves off on every level, and Resource Impersonation, which vendor guides check on the copy.
	cleared := map[string]bool{
		"other.can_create_webhooks": true, "other.not_required_to_change_password": true,
		"other.limit_resource_availability_to_self_plus": true, "other.shared_division_line_of_business": true,
		"other.shared_organization": true, "other.shared_department": true, "other.shared_workgroup": true,
		"timesheets.time_off_requests_require_start_and_end_times": true,
	}
	for _, s := range c.Settings() {
		v := full[s.Key]
		switch {
		case s.Kind == KindInteger:
			if v != s.DefaultValue {
				t.Errorf("%s = %q, want the default %q", s.Key, v, s.DefaultValue)
			}
		case cleared[s.Key] || (s.Section.Key == "web_services_api" && s.Right != ""):
			if v != "false" {
				t.Errorf("%s = %q, want false in a copy", s.Key, v)
			}
		case !mostPermissive[v]:
			t.Errorf("%s = %q: value sets must list the most permissive value first", s.Key, v)
		}
	}
}
