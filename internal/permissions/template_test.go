package permissions

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// seedCase is what a seed guide says, typed from the guide's text (../shared/seeds), not from
// the template file: the golden tests compare the two.
type seedCase struct {
	slug, vendor, internalName, level, systemLevel, first, last string
	webhooks                                                    bool
	matrix                                                      map[string]string // filled, defaults applied
}

func seedCases() []seedCase {
	c := Default()
	fill := c.FillDefaults
	// Proxuma (seed 004): copy API User (system) (API-only), keep its full access, Can create
	// Webhooks with a maximum of 50, Can login to Web Services API and Full Permission there.
	proxuma := c.FullAccess()
	proxuma["other.can_create_webhooks"] = "true"
	proxuma["other.maximum_number_of_webhooks"] = "50"
	proxuma["web_services_api.can_login"] = "true"
	for _, it := range []string{"companies", "tickets", "ticket_notes", "attachments"} {
		for _, r := range []string{"view", "add", "edit"} {
			proxuma["web_services_api."+it+"."+r] = "true"
		}
	}
	return []seedCase{
		{ // seed 000: every row of the guide's table.
			slug: "propel-your-msp", vendor: "Propel Your MSP", level: "API User (Propel Your MSP)",
			first: "Propel Your MSP", last: "API",
			matrix: fill(map[string]string{
				"contracts.contracts.view":                       "all",
				"contracts.contract_visibility":                  "full",
				"crm.customer_and_cancelation":                   "all",
				"crm.opportunities_and_quotes.add":               "yes",
				"crm.configuration_items_and_subscriptions.view": "all",
				"crm.configuration_items_and_subscriptions.edit": "all",
				"crm.to_dos.add":                                 "yes",
				"service_desk.tickets.view":                      "all",
				"service_desk.tickets.add":                       "yes",
				"admin.resources_users_hr":                       "true",
				"admin.configuration_items":                      "true",
				"other.not_required_to_change_password":          "true",
			}),
		},
		{ // seed 001: every row, including the ones the guide sets to No or None, and the copy's
			// company access, which the guide never clears.
			slug: "msp-ai", internalName: "MSPAI", level: "API User (MSP AI)", first: "MSP AI", last: "API", webhooks: true,
			matrix: fill(map[string]string{
				"crm.customer_and_cancelation": "all", "crm.vendor_and_partners": "all", "crm.prospects_leads_and_dead": "all",
				"contracts.contracts.view": "all", "contracts.contracts.add": "no", "contracts.contract_visibility": "limited",
				"crm.companies.view": "all", "crm.companies.add": "no", "crm.companies.edit": "no", "crm.companies.delete": "none",
				"crm.contacts.view": "all", "crm.contacts.add": "no", "crm.contacts.edit": "no", "crm.contacts.delete": "none",
				"service_desk.tickets.view": "all", "service_desk.tickets.add": "yes", "service_desk.tickets.edit": "yes", "service_desk.tickets.delete": "none",
				"service_desk.ticket_notes.view": "mine", "service_desk.ticket_notes.delete": "none",
				"service_desk.service_calls.view": "all", "service_desk.service_calls.add": "no", "service_desk.service_calls.edit": "no", "service_desk.service_calls.delete": "none",
				"service_desk.charges.view": "all", "service_desk.charges.add": "no", "service_desk.charges.edit": "none", "service_desk.charges.delete": "none",
				"service_desk.expenses.view": "all", "service_desk.expenses.add": "no", "service_desk.expenses.edit": "none", "service_desk.expenses.delete": "none",
				"service_desk.can_view_non_billable_time_entries": "true",
				"other.resources.view":                            "all", "other.resources.add": "no", "other.resources.edit": "no", "other.resources.delete": "none",
				"other.can_create_webhooks": "true", "other.maximum_number_of_webhooks": "10",
				"other.not_required_to_change_password": "true",
				"web_services_api.can_login":            "true",
			}),
		},
		{ // seed 002: the system level, a custom internal integration, no custom level.
			slug: "optimize365", internalName: "Optimize365", systemLevel: "API User (system) (API-only)", first: "Optimize", last: "365",
		},
		{ // seed 003: Integration Vendor "Zapier" on an API system level. The guide is Presh
			// Marketing Solutions'; "zapier" is the former slug of presh-zapier and still finds it.
			slug: "zapier", vendor: "Zapier", systemLevel: "API User (system) (API-only)", first: "Presh", last: "Integration",
		},
		{ // seed 004.
			slug: "proxuma", vendor: "Proxuma - Resource Planning & Project Management", level: "Proxuma API Connection",
			first: "Proxuma", last: "API", webhooks: true, matrix: proxuma,
		},
	}
}

func TestSeedTemplatesGolden(t *testing.T) {
	c := Default()
	for _, want := range seedCases() {
		t.Run(want.slug, func(t *testing.T) {
			got, ok := LookupTemplate(want.slug)
			if !ok {
				t.Fatalf("no template %q", want.slug)
			}
			if got.IntegrationVendor != want.vendor || got.InternalIntegrationName != want.internalName {
				t.Errorf("tracking = vendor %q / internal %q, want %q / %q", got.IntegrationVendor, got.InternalIntegrationName, want.vendor, want.internalName)
			}
			if got.SystemLevel != want.systemLevel || (want.systemLevel == "" && got.LevelName != want.level) {
				t.Errorf("level = system %q / custom %q, want %q / %q", got.SystemLevel, got.LevelName, want.systemLevel, want.level)
			}
			if got.FirstName != want.first || got.LastName != want.last {
				t.Errorf("user = %q %q, want %q %q", got.FirstName, got.LastName, want.first, want.last)
			}
			if got.WebhooksRequired() != want.webhooks {
				t.Errorf("webhooks = %v, want %v", got.WebhooksRequired(), want.webhooks)
			}
			if want.systemLevel != "" {
				if got.Permissions() != nil {
					t.Errorf("a system-level template has no permission map, got %v", got.Permissions())
				}
				return
			}
			if got.CopyFrom != SystemAPILevel {
				t.Errorf("copy_from = %q", got.CopyFrom)
			}
			for _, d := range c.Diff(want.matrix, c.FillDefaults(got.Permissions())) {
				t.Errorf("%s: template gives %q, the guide says %q", d.Key, d.To, d.From)
			}
		})
	}
}

func TestEveryTemplateIsValidAndMinimal(t *testing.T) {
	c := Default()
	ts, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 5 {
		t.Fatalf("only %d templates", len(ts))
	}
	seen := map[string]bool{}
	for _, tpl := range ts {
		if seen[tpl.Slug] {
			t.Errorf("duplicate slug %q", tpl.Slug)
		}
		seen[tpl.Slug] = true
		perms := tpl.Permissions()
		if problems := c.Validate(perms); len(problems) > 0 {
			t.Errorf("%s: %v", tpl.Slug, problems)
		}
		if !maps.Equal(c.WithoutDefaults(perms), perms) {
			t.Errorf("%s: the permission map must hold only rows that differ from the defaults", tpl.Slug)
		}
		if tpl.SystemLevel == "" && len(perms) == 0 {
			t.Errorf("%s: a custom level with no permissions", tpl.Slug)
		}
		if tpl.TrackingIdentifierUnstated && !strings.Contains(strings.ToLower(tpl.Notes), "tracking identifier") {
			t.Errorf("%s: a template with no tracking identifier must say why in its notes", tpl.Slug)
		}
		if tpl.Partial && !strings.Contains(strings.ToLower(tpl.Notes), "partial") {
			t.Errorf("%s: a partial template must say so in its notes", tpl.Slug)
		}
	}
}

// CRM object rows apply to the companies the user can access, so a level that views them needs
// company access too.
func TestTemplatesThatViewCompanyObjectsHaveCompanyAccess(t *testing.T) {
	c := Default()
	for _, tpl := range Templates() {
		if tpl.SystemLevel != "" {
			continue
		}
		t.Run(tpl.Slug, func(t *testing.T) {
			full := c.FillDefaults(tpl.Permissions())
			var viewed []string
			access := false
			for _, s := range c.Settings() {
				switch {
				case s.Kind == KindAccessLevel:
					access = access || full[s.Key] != s.DefaultValue
				case s.Section.Key == "crm" && s.Right == "view" && full[s.Key] != s.DefaultValue:
					viewed = append(viewed, s.Key)
				}
			}
			if len(viewed) > 0 && !access {
				t.Errorf("views %v but has no company access", viewed)
			}
		})
	}
}

// The copy of API User (system) carries no impersonation: a template has the boxes its guide
// checks, and no others.
func TestTemplatesGrantTheImpersonationTheirGuidesCheck(t *testing.T) {
	c := Default()
	items := []string{"companies", "tickets", "ticket_notes", "attachments"}
	chat := []string{"tickets", "ticket_notes", "attachments"}
	for slug, want := range map[string][]string{
		"proxuma":               items, // Full Permission in Web Services API
		"chatstyle":             chat,
		"cloudradial-chat":      chat,
		"msp360-managed-backup": nil, // keeps the copy, which has none
		"datto-rmm":             nil,
		"propel-your-msp":       nil,
	} {
		t.Run(slug, func(t *testing.T) {
			tpl, ok := LookupTemplate(slug)
			if !ok {
				t.Fatalf("no template %q", slug)
			}
			full := c.FillDefaults(tpl.Permissions())
			for _, it := range items {
				for _, r := range []string{"view", "add", "edit"} {
					key := "web_services_api." + it + "." + r
					if w := strconv.FormatBool(slices.Contains(want, it)); full[key] != w {
						t.Errorf("%s = %q, want %q", key, full[key], w)
					}
				}
			}
		})
	}
}

// Templates whose users must be separate, such as one vendor's two products, suggest different
// names.
func TestTemplatesSuggestDistinctUserNames(t *testing.T) {
	seen := map[string]string{}
	for _, tpl := range Templates() {
		name := tpl.FirstName + " " + tpl.LastName
		if other, dup := seen[name]; dup {
			t.Errorf("%s and %s both suggest the user %q", other, tpl.Slug, name)
		}
		seen[name] = tpl.Slug
	}
}

// Datto RMM's guide requires Not required to change password, which a system level cannot give.
func TestDattoRMMKeepsTheCopyAndAPasswordThatDoesNotExpire(t *testing.T) {
	c := Default()
	tpl, ok := LookupTemplate("datto-rmm")
	if !ok || tpl.LevelMode() != "custom" || tpl.CopyFrom != SystemAPILevel {
		t.Fatalf("datto-rmm must copy %s, got mode %q copy_from %q", SystemAPILevel, tpl.LevelMode(), tpl.CopyFrom)
	}
	want := c.FullAccess()
	want["other.not_required_to_change_password"] = "true"
	for _, d := range c.Diff(want, c.FillDefaults(tpl.Permissions())) {
		t.Errorf("%s: template gives %q, want %q", d.Key, d.To, d.From)
	}
}

func TestTemplateSourcesAndNotes(t *testing.T) {
	for name, tc := range map[string]struct {
		slug  string
		field func(Template) string
		want  string
	}{
		"zapier email": {"zapier", func(t Template) string { return t.Notes },
			"the address Presh gives you, or one you create for Presh under your domain"},
		"cyberfox source": {"cyberfox", func(t Template) string { return t.SourceURL },
			"https://cyberfox.helpjuice.com/en_US/115000883932-PSA-Ticketing-System-Integrations/360029344871-Datto-Autotask-PSA-Permissions-for-API-User-Security-Level"},
		"ninjaone-rmm source": {"ninjaone-rmm", func(t Template) string { return t.SourceURL },
			"https://www.ninjaone.com/docs/integrations/service-automation-and-management-psa-and-itsm/autotask/autotask-integration-getting-started/"},
		"optimize365 source": {"optimize365", func(t Template) string { return t.SourceURL },
			"https://www.optimize365.io/docs/integrations/psa/autotask"},
	} {
		t.Run(name, func(t *testing.T) {
			tpl, ok := LookupTemplate(tc.slug)
			if !ok {
				t.Fatalf("no template %q", tc.slug)
			}
			if got := oneLine(tc.field(tpl)); !strings.Contains(got, tc.want) {
				t.Errorf("%q lacks %q", got, tc.want)
			}
		})
	}
	for _, tpl := range Templates() {
		if tpl.SourceURL != "" && (strings.Contains(tpl.Notes, "not recorded") || strings.Contains(tpl.Notes, "does not record")) {
			t.Errorf("%s: the notes say the address is not recorded, but source_url is %q", tpl.Slug, tpl.SourceURL)
		}
	}
}

func TestParseTemplateRejectsBadFiles(t *testing.T) {
	const head = "slug: x\ndisplay_name: X\nuser: {first_name: A, last_name: B}\nversion: 1\nchangelog: [{version: 1, changes: first}]\n"
	for name, tc := range map[string]struct{ yaml, want string }{
		"both tracking kinds":   {head + "integration_vendor: V\ninternal_integration_name: N\nsecurity_level: {system: S}\n", "exactly one of integration_vendor"},
		"no tracking":           {head + "security_level: {system: S}\n", "exactly one of integration_vendor"},
		"unstated and a vendor": {head + "tracking_identifier_unstated: true\nintegration_vendor: V\nsecurity_level: {system: S}\n", "tracking_identifier_unstated excludes"},
		"both level kinds": {head + "integration_vendor: V\nsecurity_level: {system: S, custom: {name: N, copy_from: C, permissions: {service_desk.tickets.view: all}}}\n",
			"exactly one of system and custom"},
		"unknown key": {head + "integration_vendor: V\nsecurity_level: {custom: {name: N, copy_from: C, permissions: {service_desk.ticket.view: all}}}\n",
			`did you mean "service_desk.tickets.view"`},
		"bad value": {head + "integration_vendor: V\nsecurity_level: {custom: {name: N, copy_from: C, permissions: {service_desk.tickets.add: all}}}\n",
			`use "yes" or "no"`},
		"implied row": {head + "integration_vendor: V\nsecurity_level: {custom: {name: N, copy_from: C, permissions: {service_desk.tickets.add: \"no\"}}}\n",
			"already implied"},
		"implied row of a kept copy": {head + "integration_vendor: V\nsecurity_level: {custom: {name: N, copy_from: C, keep_copied_permissions: true, permissions: {service_desk.tickets.add: \"yes\"}}}\n",
			"already implied"},
		"unknown field": {head + "integration_vendor: V\nwebhooks: true\nsecurity_level: {system: S}\n", "field webhooks not found"},
		"version without change log": {"slug: x\ndisplay_name: X\nuser: {first_name: A, last_name: B}\nversion: 2\nchangelog: [{version: 1, changes: first}]\nintegration_vendor: V\nsecurity_level: {system: S}\n",
			"change log must end with it"},
		"slug does not match file": {strings.Replace(head, "slug: x", "slug: y", 1) + "integration_vendor: V\nsecurity_level: {system: S}\n", "match the file name"},
		"former slug not a slug": {head + "former_slugs: [Zapier]\nintegration_vendor: V\nsecurity_level: {system: S}\n",
			`former slug "Zapier" must be lowercase words joined by hyphens`},
		"former slug is the slug": {head + "former_slugs: [x]\nintegration_vendor: V\nsecurity_level: {system: S}\n",
			`former slug "x" must be lowercase words joined by hyphens and differ from the slug`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseTemplate(Default(), "x.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestFormerSlugsKeepWorking: a template renamed to name whose guide it is keeps its old slug
// as an alias. Both find the same template, whose Slug is the new one.
func TestFormerSlugsKeepWorking(t *testing.T) {
	renamed, ok := LookupTemplate("presh-zapier")
	if !ok || renamed.Slug != "presh-zapier" || !slices.Equal(renamed.FormerSlugs, []string{"zapier"}) {
		t.Fatalf("presh-zapier: %v %q %q", ok, renamed.Slug, renamed.FormerSlugs)
	}
	old, ok := LookupTemplate("zapier")
	if !ok || old.Slug != "presh-zapier" || old.Version != renamed.Version || old.DisplayName != renamed.DisplayName || old.Notes != renamed.Notes {
		t.Fatalf("zapier must find presh-zapier, got %v %q", ok, old.Slug)
	}
	if !strings.Contains(renamed.Notes, "Presh Marketing Solutions connects to Autotask through Zapier") {
		t.Errorf("the guide behind presh-zapier is Presh's: %q", renamed.Notes)
	}
	for _, tpl := range Templates() {
		if tpl.Slug == "zapier" {
			t.Error("Templates lists the former slug zapier as a template of its own")
		}
	}
	if _, ok := LookupTemplate("Zapier"); ok {
		t.Error("slugs are matched exactly; the suggestions handle case")
	}
}

func TestSlugsNameOneTemplateEach(t *testing.T) {
	a := Template{Slug: "presh-zapier", FormerSlugs: []string{"zapier"}}
	for name, tc := range map[string]struct {
		ts   []Template
		want string
	}{
		"the shipped templates":                   {Templates(), ""},
		"a former slug taken by another template": {[]Template{a, {Slug: "zapier"}}, `the slug "zapier" names both presh-zapier and zapier`},
		"a former slug of two templates":          {[]Template{a, {Slug: "zapier-own", FormerSlugs: []string{"zapier"}}}, `the slug "zapier" names both presh-zapier and zapier-own`},
		"two templates with one slug":             {[]Template{a, a}, `the slug "presh-zapier" names both`},
	} {
		t.Run(name, func(t *testing.T) {
			err := checkSlugsUnique(tc.ts)
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestClosestTemplates(t *testing.T) {
	for typed, want := range map[string][]string{
		"zappier":                        {"presh-zapier"},    // a typo of the former slug
		"Zapier":                         {"presh-zapier"},    // the Integration Vendor and the former slug
		"presh-zapeir":                   {"presh-zapier"},    // a typo of the slug
		"propel":                         {"propel-your-msp"}, // the first word
		"Propel Your MSP":                {"propel-your-msp"}, // the display name
		"IT Glue":                        {"it-glue"},         // the display name, by case and separator
		"ITG - Documentation Management": {"it-glue"},         // the Integration Vendor
		"MSPAI":                          {"msp-ai"},          // the internal integration name
		"ninjaone":                       {"ninjaone-rmm", "ninjaone-saas-backup"},
		"datto":                          {"datto-rmm"},
		"zzzzzz":                         nil,
	} {
		var got []string
		for _, tpl := range ClosestTemplates(typed, 3) {
			got = append(got, tpl.Slug)
		}
		if !slices.Equal(got, want) {
			t.Errorf("ClosestTemplates(%q) = %q, want %q", typed, got, want)
		}
	}
}

func TestChangesSince(t *testing.T) {
	tpl := Template{Version: 3, Changelog: []ChangelogEntry{{1, "a"}, {2, "b"}, {3, "c"}}}
	got := tpl.ChangesSince(1)
	if len(got) != 2 || got[0].Version != 2 || got[1].Version != 3 {
		t.Fatalf("ChangesSince(1) = %v", got)
	}
	if len(tpl.ChangesSince(3)) != 0 {
		t.Fatal("nothing changed since the current version")
	}
}

func TestChecklistMarkdownPropel(t *testing.T) {
	tpl, _ := LookupTemplate("propel-your-msp")
	want := `# Propel Your MSP: Autotask API user, by hand

## Security level

1. Go to **Admin > Company Settings & Users > Resources/Users (HR) > Security Levels** (older UIs call Company Settings & Users **Features & Settings**).
2. Open the menu of **API User (system) (API-only)** and choose **Copy Security Level**.
3. Name the copy **API User (Propel Your MSP)** and make sure **Active** is checked.
4. Set the permissions:

   In every section except Web Services API, click **No Permission**, then set these:

   | Section | Block | Setting | Value |
   |---|---|---|---|
   | Contracts | Object Permissions | Contracts | View: All |
   | Contracts | Dropdowns | Contract Visibility (for contracts you have access to) | Full |
   | CRM | Company & Contact Access | Customer & Cancelation | All |
   | CRM | Object Permissions (for companies you have access to) | Opportunities & Quotes | Add: Yes |
   | CRM | Object Permissions (for companies you have access to) | Configuration Items & Subscriptions | View: All; Edit: All |
   | CRM | Object Permissions (for companies you have access to) | To-Dos | Add: Yes |
   | Service Desk | Object Permissions | Tickets | View: All; Add: Yes |
   | Admin | Feature Access | Resources/Users (HR) | checked |
   | Admin | Feature Access | Configuration Items | checked |
   | Other | Miscellaneous | Not required to change password (password does not expire) | checked |
   | Web Services API | Feature Access | Can login to Web Services API | checked |
5. Click **Save & Close**.

## API user

1. Go to **Admin > Company Settings & Users > Resources/Users (HR) > Resources/Users** (older UIs call Company Settings & Users **Features & Settings**), open the menu next to **New** and choose **New API User**.
2. First name **Propel Your MSP**, last name **API**, and an email address that should receive integration errors.
3. Make sure **Active** is checked and **Locked** is cleared.
4. Security Level: **API User (Propel Your MSP)**.
5. Primary Internal Location: your main office.
6. Click **Generate Key** and **Generate Secret** and copy both now: the secret is shown only once.
7. API Tracking Identifier: choose **Integration Vendor**, then **Propel Your MSP**.
8. Click **Save & Close** and give Propel Your MSP the username (key) and the secret.

## Notes

` + tpl.Notes + "\n"
	if got := tpl.ChecklistMarkdown(); got != want {
		t.Fatalf("checklist:\n%s\nwant:\n%s", got, want)
	}
}

func TestChecklistMarkdownSystemLevelAndInternalIntegration(t *testing.T) {
	tpl, _ := LookupTemplate("optimize365")
	got := tpl.ChecklistMarkdown()
	for _, want := range []string{
		"Security Level: the system level **API User (system) (API-only)** (no custom level is needed).",
		"choose **Custom (Internal Integration)** and enter the Internal Integration Name **Optimize365**",
		"the username (key), the secret and the tracking identifier",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("checklist lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "## Security level") {
		t.Errorf("a system-level template creates no level:\n%s", got)
	}
	proxuma, _ := LookupTemplate("proxuma")
	if got := proxuma.ChecklistMarkdown(); !strings.Contains(got, "Keep every permission the copy carries") ||
		!strings.Contains(got, "| Other | Webhooks | Maximum number of Webhooks | 50 |") {
		t.Errorf("Proxuma keeps the copied access and changes the webhook maximum:\n%s", got)
	}
}

func TestChecklistMarkdownWhenTheGuideGivesNoTrackingIdentifier(t *testing.T) {
	tpl, ok := LookupTemplate("guardz")
	if !ok {
		t.Fatal("no guardz template")
	}
	if tpl.IntegrationVendor != "" || tpl.InternalIntegrationName != "" || !tpl.TrackingIdentifierUnstated {
		t.Fatalf("guardz tracking = %q / %q / %v", tpl.IntegrationVendor, tpl.InternalIntegrationName, tpl.TrackingIdentifierUnstated)
	}
	if got := tpl.ChecklistMarkdown(); !strings.Contains(got, "Guardz's guide does not say which to choose. Look for Guardz under **Integration Vendor**") {
		t.Fatalf("checklist:\n%s", got)
	}
}

func TestEveryChecklistEndsWithTheNotes(t *testing.T) {
	for _, tpl := range Templates() {
		t.Run(tpl.Slug, func(t *testing.T) {
			if got := tpl.ChecklistMarkdown(); !strings.HasSuffix(got, "\n## Notes\n\n"+tpl.Notes+"\n") {
				t.Errorf("the checklist does not end with the notes:\n%s", got)
			}
		})
	}
}

// Advice the guides give outside their permission tables reaches the checklist.
func TestChecklistCarriesTheGuidesAdvice(t *testing.T) {
	for slug, wants := range map[string][]string{
		"proxuma":     {"lines of business Proxuma should see"},
		"optimize365": {"Resource can view items with no assigned Line of Business", "provide a unique Tracking Identifier"},
		"msp-ai":      {"Onboarding Checklist"},
	} {
		t.Run(slug, func(t *testing.T) {
			tpl, ok := LookupTemplate(slug)
			if !ok {
				t.Fatalf("no template %q", slug)
			}
			got := oneLine(tpl.ChecklistMarkdown())
			for _, want := range wants {
				if !strings.Contains(got, want) {
					t.Errorf("checklist lacks %q:\n%s", want, got)
				}
			}
		})
	}
}

// Both procedures start from the Admin menu entry that older UIs call Features & Settings.
func TestStepsNameTheOlderSettingsMenu(t *testing.T) {
	for name, got := range map[string]string{
		"security level": SecurityLevelSteps(SystemAPILevel, "L", nil),
		"API user":       APIUserSteps(ManualAPIUser{Vendor: "V", IntegrationVendor: "V"}),
	} {
		t.Run(name, func(t *testing.T) {
			first, _, _ := strings.Cut(got, "\n")
			if !strings.HasPrefix(first, "1. Go to **Admin > Company Settings & Users > Resources/Users (HR) > ") ||
				!strings.Contains(first, "(older UIs call Company Settings & Users **Features & Settings**)") {
				t.Errorf("first step: %s", first)
			}
		})
	}
}

// oneLine joins wrapped text, so a phrase is found across a line break.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Following a template's checklist by hand, from the state its procedure starts in, must give
// exactly the template's matrix: no right left over from the copy, none missing.
func TestFollowingEveryChecklistGivesTheTemplatesMatrix(t *testing.T) {
	c := Default()
	for _, tpl := range Templates() {
		if tpl.SystemLevel != "" {
			continue
		}
		perms := tpl.Permissions()
		want := c.FillDefaults(perms)
		_, baseline := c.manualBaseline(perms)
		got := maps.Clone(baseline)
		for _, s := range c.checklistSettings(perms, baseline) {
			got[s.Key] = want[s.Key]
		}
		for _, d := range c.Diff(want, got) {
			t.Errorf("%s: after the checklist %s is %q, the template wants %q", tpl.Slug, d.Key, d.To, d.From)
		}
	}
}
