package permissions

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCatalogSectionsInUIOrder(t *testing.T) {
	var got []string
	for _, s := range Default().Sections() {
		got = append(got, s.Key)
	}
	want := []string{"contracts", "crm", "inventory", "projects", "service_desk", "documents_knowledgebase",
		"timesheets", "reports", "admin", "other", "web_services_api"}
	if !slices.Equal(got, want) {
		t.Fatalf("sections = %v, want %v", got, want)
	}
}

func TestCatalogKeyGrammar(t *testing.T) {
	grammar := regexp.MustCompile(`^([a-z_]+)\.([a-z0-9]+(?:_[a-z0-9]+)*)(?:\.(view|add|edit|delete))?$`)
	for _, s := range Default().Settings() {
		m := grammar.FindStringSubmatch(s.Key)
		if m == nil {
			t.Errorf("%q does not follow <section>.<item>[.<right>]", s.Key)
			continue
		}
		if m[1] != s.Section.Key || m[2] != s.Item || m[3] != s.Right {
			t.Errorf("%q: parts %q/%q/%q disagree with section %q item %q right %q", s.Key, m[1], m[2], m[3], s.Section.Key, s.Item, s.Right)
		}
		if (s.Right != "") != (s.Kind == KindObjectRight) {
			t.Errorf("%q: kind %q with right %q", s.Key, s.Kind, s.Right)
		}
		if s.Kind == KindInteger != (len(s.Values) == 0) {
			t.Errorf("%q: kind %q with %d allowed values", s.Key, s.Kind, len(s.Values))
		}
		for _, a := range s.AliasKeys {
			if !grammar.MatchString(a) {
				t.Errorf("alias %q of %q does not follow the grammar", a, s.Key)
			}
		}
	}
}

// The keys the design fixes by name: they are the wire format and must never change.
func TestCatalogDesignKeys(t *testing.T) {
	for _, key := range []string{
		"crm.customer_and_cancelation", "crm.opportunities_and_quotes.add",
		"crm.configuration_items_and_subscriptions.edit", "contracts.contract_visibility",
		"service_desk.tickets.view", "admin.resources_users_hr", "other.not_required_to_change_password",
		"other.can_create_webhooks", "other.maximum_number_of_webhooks", "web_services_api.can_login",
	} {
		if _, ok := Default().Lookup(key); !ok {
			t.Errorf("design key %q is missing", key)
		}
	}
}

func TestCatalogDefaultsAreNoAccess(t *testing.T) {
	noAccess := []string{"none", "no", "false"}
	for _, s := range Default().Settings() {
		switch s.Key {
		case "web_services_api.can_login":
			if s.DefaultValue != "true" {
				t.Errorf("%s default = %q, want true", s.Key, s.DefaultValue)
			}
		case "other.maximum_number_of_webhooks":
			if s.DefaultValue != "10" || s.Min != 0 || s.Max != 100 {
				t.Errorf("%s default %q range %d..%d", s.Key, s.DefaultValue, s.Min, s.Max)
			}
		default:
			if !slices.Contains(noAccess, s.DefaultValue) {
				t.Errorf("%s default = %q, want a no-access value", s.Key, s.DefaultValue)
			}
		}
	}
}

func TestCatalogValueVocabularies(t *testing.T) {
	c := Default()
	for key, want := range map[string][]string{
		"crm.customer_and_cancelation":     {"all", "my_territories", "mine", "none"},
		"service_desk.tickets.view":        {"all", "mine_and_organizations", "mine", "none"},
		"service_desk.tickets.edit":        {"yes", "no"},
		"contracts.contracts.view":         {"all", "organizations", "none"},
		"contracts.contract_visibility":    {"full", "limited", "none"},
		"crm.opportunities_and_quotes.add": {"yes", "no"},
		"service_desk.charges.edit":        {"all", "mine", "none"},
		"admin.resources_users_hr":         {"true", "false"},
		"web_services_api.tickets.add":     {"true", "false"},
	} {
		t.Run(key, func(t *testing.T) {
			s, ok := c.Lookup(key)
			if !ok {
				t.Fatalf("%s missing", key)
			}
			if got := s.AllowedValues(); !slices.Equal(got, want) {
				t.Errorf("%s allowed = %v, want %v", key, got, want)
			}
		})
	}
}

func TestCatalogAliases(t *testing.T) {
	c := Default()
	for alias, want := range map[string]string{
		"crm.accounts.view":                  "crm.companies.view",
		"crm.organizations.delete":           "crm.companies.delete",
		"crm.devices_and_subscriptions.edit": "crm.configuration_items_and_subscriptions.edit",
		"admin.devices":                      "admin.configuration_items",
		"admin.companies_and_contacts":       "admin.organizations_and_contacts",
		"web_services_api.accounts.view":     "web_services_api.companies.view",
	} {
		t.Run(alias, func(t *testing.T) {
			got, ok := c.CanonicalKey(alias)
			if !ok || got != want {
				t.Errorf("CanonicalKey(%q) = %q, %v; want %q", alias, got, ok, want)
			}
		})
	}
	if _, ok := c.CanonicalKey("crm.companies.view"); ok {
		t.Error("a canonical key must not also be an alias")
	}
}

func TestParseCatalogRejectsBadData(t *testing.T) {
	const sets = `value_sets:
  yes_no: {default: "no", values: [{value: "yes", label: "Yes"}, {value: "no", label: "No"}]}
`
	for name, tc := range map[string]struct{ yaml, want string }{
		"duplicate key": {sets + `sections:
  - {key: s, label: S, blocks: [{label: B, rows: [{item: a, label: A, kind: dropdown, values: yes_no}, {item: a, label: A2, kind: dropdown, values: yes_no}]}]}
`, `duplicate key "s.a"`},
		"unknown value set": {sets + `sections:
  - {key: s, label: S, blocks: [{label: B, rows: [{item: a, label: A, kind: dropdown, values: nope}]}]}
`, `unknown value set "nope"`},
		"bad default": {sets + `sections:
  - {key: s, label: S, blocks: [{label: B, rows: [{item: a, label: A, kind: dropdown, values: yes_no, default: maybe}]}]}
`, `default "maybe" is not an allowed value`},
		"unknown field": {sets + `sections:
  - {key: s, label: S, colour: red, blocks: []}
`, "field colour not found"},
		"unknown right": {sets + `sections:
  - {key: s, label: S, blocks: [{label: B, rows: [{item: a, label: A, rights: {approve: yes_no}}]}]}
`, `unknown right "approve"`},
		"integer default out of range": {sets + `sections:
  - {key: s, label: S, blocks: [{label: B, rows: [{item: n, label: N, kind: integer, min: 1, max: 5, default: "9"}]}]}
`, "whole number from 1 to 5"},
		"alias names a key": {sets + `sections:
  - {key: s, label: S, blocks: [{label: B, rows: [{item: a, label: A, kind: dropdown, values: yes_no}, {item: b, label: B, aliases: [a], kind: dropdown, values: yes_no}]}]}
`, `alias "s.a" of "s.b" is also a key`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseCatalog([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// Vendor guides check Resource Impersonation on their copy of API User (system), so the copy is
// modelled without it.
func TestCopyOfAPIUserCarriesNoImpersonation(t *testing.T) {
	for _, s := range Default().Settings() {
		if s.Section.Key == "web_services_api" && s.Right != "" && s.CopyValue != "false" {
			t.Errorf("%s copy value = %q, want false", s.Key, s.CopyValue)
		}
	}
}

// Labels are the UI's words; how a label changed between UI versions belongs in the note.
func TestCatalogLabelsHoldNoHistory(t *testing.T) {
	c := Default()
	for _, s := range c.Settings() {
		for _, label := range []string{s.Block, s.ItemLabel} {
			if strings.Contains(label, "older") || strings.Contains(label, "newer") {
				t.Errorf("%s: label %q holds history", s.Key, label)
			}
		}
	}
	for _, key := range []string{"crm.customer_and_cancelation", "crm.vendor_and_partners", "crm.prospects_leads_and_dead"} {
		t.Run(key, func(t *testing.T) {
			s, _ := c.Lookup(key)
			if s.Block != "Company & Contact Access" {
				t.Errorf("block = %q", s.Block)
			}
			for _, old := range []string{"Account & Contact Access", "Organization & Contact Access"} {
				if !strings.Contains(s.Note, old) {
					t.Errorf("note %q does not name %q", s.Note, old)
				}
			}
		})
	}
}
