package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// badInputCase is one bad input: a configuration that must fail at plan time with a diagnostic
// that names the attribute (attr) and says what is allowed (rule).
type badInputCase struct {
	kind, name string
	env        map[string]string // AUTOTASK_ variables set for the case
	// provider overrides settings of the zone's provider block (HCL expressions); nil keeps it.
	provider map[string]string
	config   string
	attr     string // regexp: the attribute, as the message or the source line Terraform quotes names it
	rule     string // regexp: what is allowed, or the rule broken
}

// TestAccBadInputFailsAtPlanWithoutWrites is the bad-input matrix: each case fails at plan
// time, its diagnostic names the attribute and what is allowed, and the zone sees no write.
// The cases share one zone, which only planning touches.
func TestAccBadInputFailsAtPlanWithoutWrites(t *testing.T) {
	zone, _ := simProvider(t, autotasksim.ProfileExtended)
	c := zoneClient(t, zone)
	// Names and usernames the zone already holds, for the checks only the zone can make.
	createLevel(t, c, "Existing level", nil)
	inactive := createLevel(t, c, "Old level", nil)
	if _, err := c.Patch(context.Background(), autotask.SecurityLevels, map[string]any{"id": inactive, "isActive": false}); err != nil {
		t.Fatal(err)
	}
	createAPIUser(t, c, 10, "heldapi1")
	if _, err := zone.Sim.CreateAPIUserAsUI(autotasksim.UIAPIUser{FirstName: "Made", LastName: "InTheUI", Email: "ui@example.com",
		SecurityLevel: permissions.SystemAPILevel, InternalIntegrationName: "UI", UserName: "uiheld1"}); err != nil {
		t.Fatal(err) // held as uiheld1@example.com
	}
	start := badInputWrites(zone)

	level := levelConfig("p", "Provider case", "", nil) // what a bad provider block must not create
	cases := []badInputCase{
		// Provider configuration: validators, then the checks Configure makes.
		{kind: "provider", name: "base_url without a scheme", provider: map[string]string{"base_url": `"webservices15.autotask.net"`}, config: level,
			attr: `base_url\s+=`, rule: wrapped(`must start with https:// (or http:// for a local simulator)`)},
		{kind: "provider", name: "base_url carrying credentials", provider: map[string]string{"base_url": `"https://me:pw@ws.example.com/ATServicesRest/"`}, config: level,
			attr: `base_url\s+=`, rule: wrapped(`must not carry credentials; use the username and secret settings`)},
		{kind: "provider", name: "zone_lookup_url without a host", provider: map[string]string{"zone_lookup_url": `"https://"`}, config: level,
			attr: `zone_lookup_url\s+=`, rule: `"https://"\s+has\s+no\s+host`},
		{kind: "provider", name: "zone_lookup_url with a query", provider: map[string]string{"zone_lookup_url": `"https://ws.example.com/ATServicesRest/?zone=15"`}, config: level,
			attr: `zone_lookup_url\s+=`, rule: wrapped(`must not have a query or fragment`)},
		{kind: "provider", name: "base_url plain http to a remote host", provider: map[string]string{"base_url": `"http://sim.example.com"`}, config: level,
			attr: `base_url\s+=`, rule: wrapped(`use https, or set allow_insecure_http = true`)},
		{kind: "provider", name: "impersonation_resource_id of 0", provider: map[string]string{"impersonation_resource_id": "0"}, config: level,
			attr: `impersonation_resource_id`, rule: wrapped(`value must be at least 1, got: 0`)},
		{kind: "provider", name: "max_concurrency_per_entity of 0", provider: map[string]string{"max_concurrency_per_entity": "0"}, config: level,
			attr: `max_concurrency_per_entity`, rule: wrapped(`value must be between 1 and 3, got: 0`)},
		{kind: "provider", name: "budget_guard_percent over 100", provider: map[string]string{"budget_guard_percent": "101"}, config: level,
			attr: `budget_guard_percent`, rule: wrapped(`value must be between 1 and 100, got: 101`)},
		{kind: "provider", name: "max_retries over 10", provider: map[string]string{"max_retries": "11"}, config: level,
			attr: `max_retries`, rule: wrapped(`value must be between 0 and 10, got: 11`)},
		{kind: "provider", name: "request_timeout under a second", provider: map[string]string{"request_timeout": `"500ms"`}, config: level,
			attr: `request_timeout\s+=`, rule: wrapped(`must be a duration such as "30s" or "2m", from 1s to 10m0s`)},
		{kind: "provider", name: "secret with a trailing newline", provider: map[string]string{"secret": `"Ab1*secret\n"`}, config: level,
			attr: `secret:`, rule: wrapped(`contains a control character at byte 11 (a trailing newline from file()? use trimspace())`)},
		{kind: "provider", name: "username with surrounding white space", provider: map[string]string{"username": `" api-user "`}, config: level,
			attr: `username:`, rule: wrapped(`starts or ends with white space, which HTTP headers cannot carry`)},
		{kind: "provider", name: "max_retries from the environment not a number", env: map[string]string{envMaxRetries: "eleven"}, config: level,
			attr: `max_retries\s+\(from\s+AUTOTASK_MAX_RETRIES\)`, rule: wrapped(`"eleven" must be a whole number from 0 to 10`)},
		{kind: "provider", name: "allow_insecure_http from the environment not a bool", env: map[string]string{envAllowInsecure: "perhaps"}, config: level,
			attr: `allow_insecure_http\s+\(from\s+AUTOTASK_ALLOW_INSECURE_HTTP\)`, rule: wrapped(`"perhaps" must be true or false`)},

		// autotask_security_level: the permission map and name offline, then what the zone holds.
		{kind: "security_level", name: "unknown permission key", config: levelConfig("bad", "Bad", "", map[string]string{"crm.tickets.view": "all"}),
			attr: `permission\s+"crm.tickets.view"`, rule: `unknown\s+permission\s+key.*"service_desk.tickets.view"`},
		{kind: "security_level", name: "alias permission key", config: levelConfig("bad", "Bad", "", map[string]string{"crm.accounts.view": "all"}),
			attr: `permission\s+"crm.accounts.view"`, rule: wrapped(`use the canonical key "crm.companies.view"`)},
		{kind: "security_level", name: "permission value not allowed", config: levelConfig("bad", "Bad", "", map[string]string{"service_desk.tickets.add": "all"}),
			attr: `permission\s+"service_desk.tickets.add"`, rule: wrapped(`value "all" is not allowed; use "yes" or "no"`)},
		{kind: "security_level", name: "integer permission out of range", config: levelConfig("bad", "Bad", "", map[string]string{"other.maximum_number_of_webhooks": "101"}),
			attr: `permission\s+"other.maximum_number_of_webhooks"`, rule: wrapped(`use a whole number from 0 to 100`)},
		{kind: "security_level", name: "null permission value", config: "\nresource \"autotask_security_level\" \"bad\" {\n  name = \"Bad\"\n  permissions = {\n    \"service_desk.tickets.view\" = null\n  }\n}\n",
			attr: `permission\s+"service_desk.tickets.view"`, rule: wrapped(`the value is null; leave the key out to take its default`)},
		{kind: "security_level", name: "empty name", config: levelConfig("bad", "", "", nil),
			attr: `Attribute\s+name`, rule: wrapped(`string length must be between 1 and 100`)},
		{kind: "security_level", name: "blank name", config: levelConfig("bad", "   ", "", nil),
			attr: `Attribute\s+name`, rule: wrapped(`must not be blank`)},
		{kind: "security_level", name: "name of a system level", config: levelConfig("bad", "full access", "", nil),
			attr: `name\s+=\s+"full access"`, rule: `"Full Access"\s+is\s+the\s+name\s+of\s+a\s+system\s+security\s+level.*Choose\s+another\s+name`},
		{kind: "security_level", name: "name of an active level", config: levelConfig("bad", "EXISTING LEVEL", "", nil),
			attr: `name\s+=\s+"EXISTING LEVEL"`, rule: `"Existing level"\s+\(id\s+\d+\)\s+already\s+has\s+this\s+name\s+\(names\s+are\s+compared\s+case-insensitively\)`},
		{kind: "security_level", name: "name of an inactive level", config: levelConfig("bad", "Old level", "", nil),
			attr: `name\s+=\s+"Old level"`, rule: `An\s+inactive\s+security\s+level,\s+"Old level"\s+\(id\s+\d+\).*import\s+\{.*or\s+choose\s+another\s+name`},
		{kind: "security_level", name: "copy_from not an API-only system level", config: levelConfig("bad", "Bad", `copy_from = "Full Access"`, nil),
			attr: `Attribute\s+copy_from`, rule: `value\s+must\s+be\s+one\s+of:.*API User \(system\) \(API-only\).*API User \(system\) Can't Read Costs\s+\(API-only\)`},
		{kind: "security_level", name: "copy_from misspelt", config: levelConfig("bad", "Bad", `copy_from = "API User (system) (API only)"`, nil),
			attr: `Attribute\s+copy_from`, rule: `value\s+must\s+be\s+one\s+of:.*got:\s+"API\s+User\s+\(system\)\s+\(API\s+only\)"\.\s+` + wrapped(`Did you mean "API User (system) (API-only)"?`)},
		{kind: "security_level", name: "permissions left out", config: "\nresource \"autotask_security_level\" \"bad\" {\n  name = \"Bad\"\n}\n",
			attr: `argument\s+"permissions"`, rule: wrapped(`is required, but no definition was found`)},

		// autotask_api_user: offline checks, combinations, then what the zone holds.
		{kind: "api_user", name: "email not an address", config: apiUserBadConfig(map[string]string{"email": `"not an address"`}),
			attr: `email\s+=`, rule: wrapped(`"not an address" is not an email address such as name@example.com`)},
		{kind: "api_user", name: "email longer than the zone stores", config: apiUserBadConfig(map[string]string{"email": `"` + strings.Repeat("a", 60) + "@" + strings.Repeat("b", 200) + `.example.com"`}),
			attr: `email\s+=`, rule: wrapped(`The address has 273 characters; Autotask stores at most 254.`)},
		{kind: "api_user", name: "secret_wo breaking the password policy", config: apiUserBadConfig(map[string]string{"secret_wo": `"password"`, "secret_wo_version": "1"}),
			attr: `secret_wo\s+=`, rule: wrapped(`needs characters from at least two of upper case letters, lower case letters and digits; a special character`)},
		{kind: "api_user", name: "user_name with a forbidden character", config: apiUserBadConfig(map[string]string{"user_name": `"jane@doe1"`}),
			attr: `user_name\s+=`, rule: wrapped(`contains '@'; usernames may not contain any of @ ( ) ; : [ ] | \ "`)},
		{kind: "api_user", name: "user_name without a digit", config: apiUserBadConfig(map[string]string{"user_name": `"janedoe"`}),
			attr: `user_name\s+=`, rule: wrapped(`"janedoe" must contain both letters and digits`)},
		{kind: "api_user", name: "user_name too long", config: apiUserBadConfig(map[string]string{"user_name": `"` + strings.Repeat("a1", 17) + `"`}),
			attr: `user_name\s+=`, rule: wrapped(`is longer than 32 characters`)},
		{kind: "api_user", name: "first_name empty", config: apiUserBadConfig(map[string]string{"first_name": `""`}),
			attr: `Attribute\s+first_name`, rule: wrapped(`string length must be between 1 and 50`)},
		{kind: "api_user", name: "integration_vendor not in the picklist", config: apiUserBadConfig(map[string]string{"internal_integration_name": "", "integration_vendor": `"Propel"`}),
			attr: `integration_vendor\s+=`, rule: wrapped(`has no vendor named "Propel". Did you mean "Propel Your MSP"`)},
		{kind: "api_user", name: "integration_vendor misspelt", config: apiUserBadConfig(map[string]string{"internal_integration_name": "", "integration_vendor": `"Zappier"`}),
			attr: `integration_vendor\s+=`, rule: wrapped(`has no vendor named "Zappier". Did you mean "Zapier"?`)},
		{kind: "api_user", name: "both tracking sources", config: apiUserBadConfig(map[string]string{"integration_vendor": `"Zapier"`}),
			attr: `\[integration_vendor,internal_integration_name\]`, rule: wrapped(`These attributes cannot be configured together:`)},
		{kind: "api_user", name: "no tracking source", config: apiUserBadConfig(map[string]string{"internal_integration_name": ""}),
			attr: wrapped(`needs exactly one of integration_vendor`), rule: wrapped(`(the vendor's name in the Integration Vendor picklist) and internal_integration_name (a Custom (Internal Integration)`)},
		{kind: "api_user", name: "no security level", config: apiUserBadConfig(map[string]string{"security_level_id": ""}),
			attr: wrapped(`needs security_level_id:`), rule: wrapped(`the id of an active API-only security level`)},
		{kind: "api_user", name: "security_level_id of 0", config: apiUserBadConfig(map[string]string{"security_level_id": "0"}),
			attr: `Attribute\s+security_level_id`, rule: wrapped(`value must be at least 1, got: 0`)},
		{kind: "api_user", name: "security_level_id of an inactive level", config: apiUserBadConfig(map[string]string{"security_level_id": fmt.Sprint(inactive)}),
			attr: `security_level_id\s+=`, rule: wrapped(fmt.Sprintf(`"Old level" (id %d) is inactive; an API user needs an active API-only level`, inactive))},
		{kind: "api_user", name: "security_level_id the zone does not have", config: apiUserBadConfig(map[string]string{"security_level_id": "999999"}),
			attr: `security_level_id\s+=`, rule: wrapped(`The zone has no security level with id 999999.`)},
		{kind: "api_user", name: "security_level_id not API-only", config: apiUserBadConfig(map[string]string{"security_level_id": "5"}),
			attr: `security_level_id\s+=`, rule: wrapped(`"Service Desk User" (id 5) is not API-only`)},
		{kind: "api_user", name: "user_name with white space", config: apiUserBadConfig(map[string]string{"user_name": `"jane doe1"`}),
			attr: `user_name\s+=`, rule: wrapped(`"jane doe1" contains white space`)},
		{kind: "api_user", name: "both secret modes", config: apiUserBadConfig(map[string]string{"secret_wo": `"Ab1*defghijk"`, "secret_wo_version": "1", "secret_rotation_triggers": `{ a = "1" }`}),
			attr: `\[secret_wo,secret_rotation_triggers\]`, rule: wrapped(`These attributes cannot be configured together:`)},
		{kind: "api_user", name: "secret_wo without secret_wo_version", config: apiUserBadConfig(map[string]string{"secret_wo": `"Ab1*defghijk"`}),
			attr: `\[secret_wo,secret_wo_version\]`, rule: wrapped(`These attributes must be configured together:`)},
		{kind: "api_user", name: "location_id the zone does not have", config: apiUserBadConfig(map[string]string{"location_id": "999999"}),
			attr: `location_id`, rule: `no\s+internal\s+location\s+with\s+id\s+999999\.\s+Its\s+locations:\s+\d+\s+\(`},
		{kind: "api_user", name: "line_of_business_ids the zone does not have", config: apiUserBadConfig(map[string]string{"line_of_business_ids": "[999999]"}),
			attr: `line_of_business_ids`, rule: `no\s+line\s+of\s+business\s+with\s+id\s+999999\.\s+Its\s+lines\s+of\s+business:\s+\d+\s+\(`},
		{kind: "api_user", name: "date_format not in the picklist", config: apiUserBadConfig(map[string]string{"date_format": `"banana"`}),
			attr: `date_format`, rule: `"banana"\s+is\s+not\s+one\s+of\s+the\s+zone's\s+values\s+for\s+date_format:\s+"MM/dd/yyyy"`},
		{kind: "api_user", name: "number_format not in the picklist", config: apiUserBadConfig(map[string]string{"number_format": `"X X"`}),
			attr: `number_format`, rule: `"X X"\s+is\s+not\s+one\s+of\s+the\s+zone's\s+values\s+for\s+number_format:`},
		{kind: "api_user", name: "is_locked true", config: apiUserBadConfig(map[string]string{"is_locked": "true"}),
			attr: `is_locked`, rule: wrapped(`can only be set to false, which unlocks a user`)},
		{kind: "api_user", name: "protected_data_permission not allowed", config: apiUserBadConfig(map[string]string{"protected_data_permission": `"all"`}),
			attr: `Attribute\s+protected_data_permission`, rule: `value\s+must\s+be\s+one\s+of:.*"none".*"view".*"edit".*got:\s+"all"`},
		{kind: "api_user", name: "on_destroy not allowed", config: apiUserBadConfig(map[string]string{"on_destroy": `"delete"`}),
			attr: `Attribute\s+on_destroy`, rule: `value\s+must\s+be\s+one\s+of:.*"deactivate".*"forget".*got:\s+"delete"`},
		{kind: "api_user", name: "user_name taken as key@domain", config: apiUserBadConfig(map[string]string{"user_name": `"UIHELD1"`}),
			attr: `user_name\s+=`, rule: wrapped(`already has the username "uiheld1@example.com"`)},
		{kind: "api_user", name: "user_name taken", config: apiUserBadConfig(map[string]string{"user_name": `"HELDAPI1"`}),
			attr: `user_name\s+=`, rule: `already\s+has\s+the\s+username\s+"heldapi1";\s+usernames\s+are\s+unique\s+among\s+all\s+resources,\s+inactive\s+ones\s+too`},

		// Data sources: the attributes a configuration sets.
		{kind: "data_sources", name: "security_level by id and name", config: "\ndata \"autotask_security_level\" \"x\" {\n  id   = 10\n  name = \"Full Access\"\n}\n",
			attr: `\[id,name\]`, rule: wrapped(`Exactly one of these attributes must be configured:`)},
		{kind: "data_sources", name: "api_user by neither id nor user_name", config: "\ndata \"autotask_api_user\" \"x\" {}\n",
			attr: `\[id,user_name\]`, rule: wrapped(`Exactly one of these attributes must be configured:`)},
		{kind: "data_sources", name: "resource by user_name and email", config: "\ndata \"autotask_resource\" \"x\" {\n  user_name = \"heldapi1\"\n  email     = \"held@example.com\"\n}\n",
			attr: `\[id,user_name,email\]`, rule: wrapped(`Exactly one of these attributes must be configured:`)},
		{kind: "data_sources", name: "api_users only_active not a bool", config: "\ndata \"autotask_api_users\" \"x\" {\n  only_active = \"maybe\"\n}\n",
			attr: `attribute\s+"only_active"`, rule: wrapped(`a bool is required`)},
		{kind: "data_sources", name: "permission_catalog unknown section", config: "\ndata \"autotask_permission_catalog\" \"x\" {\n  section = \"servicedesk\"\n}\n",
			attr: `Attribute\s+section`, rule: `value\s+must\s+be\s+one\s+of:.*"service_desk".*got:\s+"servicedesk"`},
		{kind: "data_sources", name: "permission_template vendor by display name", config: "\ndata \"autotask_permission_template\" \"x\" {\n  vendor = \"Zapier\"\n}\n",
			attr: `vendor\s+=`, rule: `No\s+permission\s+template\s+has\s+the\s+slug\s+"Zapier".\s+Did\s+you\s+mean\s+"presh-zapier"\s+\(Zapier\s+\(Presh\s+Marketing\s+Solutions\)\)\?\s+Known\s+slugs:`},
		{kind: "data_sources", name: "permission_template vendor misspelt", config: "\ndata \"autotask_permission_template\" \"x\" {\n  vendor = \"zappier\"\n}\n",
			attr: `vendor\s+=`, rule: wrapped(`No permission template has the slug "zappier". Did you mean "presh-zapier" (Zapier (Presh Marketing Solutions))?`) + `\s+Known\s+slugs:.*presh-zapier\s+\(formerly\s+zapier\)`},
		{kind: "data_sources", name: "internal_location misspelt", config: "\ndata \"autotask_internal_location\" \"x\" {\n  name = \"Londn\"\n}\n",
			attr: `name\s+=`, rule: wrapped(`No internal location is named "Londn". Did you mean "London"? Locations: "Headquarters",`)},
		{kind: "data_sources", name: "line_of_business unknown name", config: "\ndata \"autotask_line_of_business\" \"x\" {\n  name = \"Nowhere > Nobody\"\n}\n",
			attr: `name\s+=`, rule: `No\s+line\s+of\s+business\s+is\s+named\s+"Nowhere > Nobody".\s+Lines\s+of\s+business:\s+"`},
		{kind: "data_sources", name: "line_of_business misspelt", config: "\ndata \"autotask_line_of_business\" \"x\" {\n  name = \"Managed Services > North Amerca\"\n}\n",
			attr: `name\s+=`, rule: wrapped(`No line of business is named "Managed Services > North Amerca". Did you mean "Managed Services > North America"? Lines of business:`)},
	}

	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.kind+"/"+tc.name] {
			t.Fatalf("two cases are named %s/%s", tc.kind, tc.name) // t.Run would rename one silently
		}
		seen[tc.kind+"/"+tc.name] = true
		t.Run(tc.kind+"/"+tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			before := badInputWrites(zone)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:   badInputProvider(zone, tc.provider) + tc.config,
					PlanOnly: true,
					// Terraform prints the attribute (in the message or the quoted source line)
					// before the detail, except combination errors, which list it after the rule.
					ExpectError: regexp.MustCompile(`(?s)(?:` + tc.attr + `.*` + tc.rule + `|` + tc.rule + `.*` + tc.attr + `)`),
				}},
			})
			if n := badInputWrites(zone) - before; n != 0 {
				t.Fatalf("%d writes reached the zone", n)
			}
		})
	}
	if n := badInputWrites(zone) - start; n != 0 {
		t.Fatalf("%d writes reached the zone in all", n)
	}
	if len(cases) < 25 {
		t.Fatalf("%d cases; the matrix needs at least 25", len(cases))
	}
	checkEveryRefusalIsCaught(t, seen)
}

// zoneRefusals says, for each write the simulator refuses (its businessError messages in the
// files below), how the provider keeps it from reaching the zone: "case:" a bad-input case above
// (failing at plan with no write), "test:" another test showing the plan refuses it, or
// "never:" why no configuration makes the provider send it. (Deleting a held level is refused
// at apply, by Delete, before any write: at plan time its users, destroyed first, still hold it.) A new refusal in the simulator
// fails checkEveryRefusalIsCaught until it is listed here.
var zoneRefusals = map[string]string{
	// descriptor.go: every entity's field rules.
	"%s": "never: the typed bodies of internal/autotask send each field as its type",
	"The field %s can only be set when the %s is created; it is read-only after that.": "test:TestAccChangesTheZoneCannotWriteFailAtPlan",
	"The field %s is read-only and cannot be changed.":                                 "test:TestAccChangesTheZoneCannotWriteFailAtPlan",
	"Missing required field: %s.":                                                      "case:api_user/first_name empty",
	"The value for field %s exceeds the maximum length of %d characters.":              "case:api_user/user_name too long",
	"Value does not reference an existing entity for %s . ":                            "case:api_user/location_id the zone does not have",
	// resources.go: API users.
	"The value for field email is not a valid e-mail address.":                                                                                       "case:api_user/email not an address",
	"Value does not reference an existing entity for lineOfBusinessIDs . The id %d is not an OrganizationalLevelAssociation.":                        "case:api_user/line_of_business_ids the zone does not have",
	"Only API users can be created through the API: set licenseType to the value whose label is \"API User\" in Resources/entityInformation/fields.": "never: expandAPIUserCreate always sends the API User license type",
	"The username '%s' is already in use. Usernames must be unique, inactive resources included.":                                                    "case:api_user/user_name taken",
	"Missing required field: secret.":                                "never: Create always sends a secret, generated or secret_wo",
	"Only API users have a secret.":                                  "never: the provider writes only API users (requireAPIUser)",
	"The secret cannot be removed; send a new secret to replace it.": "never: a secret is never sent as null (APIUserPatch omits it)",
	"The field isLocked can only be cleared: Autotask locks a user after repeated failed logins, never through the API.": "case:api_user/is_locked true",
	"Value does not reference an existing entity for securityLevelID . ":                                                 "case:api_user/security_level_id the zone does not have",
	"The security level %d ('%s') is inactive; only active security levels can be assigned.":                             "case:api_user/security_level_id of an inactive level",
	"The security level %d ('%s') is not an API-only security level; API users need an active API-only level.":           "case:api_user/security_level_id not API-only",
	"The security level %d ('%s') is API-only; only API users can hold it.":                                              "never: the provider writes only API users",
	"An API user needs exactly one API tracking identifier source: apiVendorID (an Integration Vendor from the apiVendorID picklist) or internalIntegrationName (a Custom (Internal Integration), for which the zone generates apiTrackingIdentifier).": "case:api_user/both tracking sources",
	// credentials.go: usernames and secrets.
	"The username '%s' contains '%c'. Usernames may not contain any of @ ( ) ; : [ ] | \\ \".": "case:api_user/user_name with a forbidden character",
	"The username '%s' contains white space.":                                                  "case:api_user/user_name with white space",
	"The username '%s' must contain both letters and numbers.":                                 "case:api_user/user_name without a digit",
	"The secret does not meet the password requirements: %s.":                                  "case:api_user/secret_wo breaking the password policy",
	// security_levels.go: the extended contract's levels.
	"The field permissions cannot be null; send the rows to change.":                                                                                                                                  "never: the provider always sends the permission rows",
	"It is not possible to deactivate the API User system security level.":                                                                                                                            "never: system levels cannot be managed (test:TestAccSecurityLevelSystemLevelsCannotBeImported)",
	"The security level '%s' is a system security level. System security levels cannot be edited or deleted; copy it into a custom level instead.":                                                    "case:security_level/name of a system level",
	"Only API-only security levels can be created through the API: isApiOnly must be true.":                                                                                                           "never: expandSecurityLevelCreate always sends isApiOnly true",
	"A security level with the name '%s' already exists (names are unique, inactive levels included).":                                                                                                "case:security_level/name of an active level",
	"You can create up to %d custom API security levels; this zone already has %d. Delete one first.":                                                                                                 "test:TestAccSecurityLevelCustomLevelLimit",
	"The security level '%s' cannot be deactivated: %s %s it. Assign those resources another level or deactivate them first.":                                                                         "test:TestAccSecurityLevelHeldCannotBeDeactivatedAtPlan",
	"The permission %s (Can login to Web Services API) cannot be re-enabled: once a security level is saved with it cleared, it stays cleared. Send \"false\" for it or create a new security level.": "test:TestAccSecurityLevelWebServicesLoginClearedOutsideTerraform",
	"The security level '%s' is a system security level. System security levels cannot be edited or deleted.":                                                                                         "never: system levels cannot be managed (test:TestAccSecurityLevelSystemLevelsCannotBeImported)",
	"The security level '%s' cannot be deleted: %s and %s hold it. A security level can only be deleted when no resource holds it; deactivate it instead once no active resource holds it.":           "test:TestAccSecurityLevelDestroy",
}

// checkEveryRefusalIsCaught reads the simulator's write refusals from its source and requires
// each to be in zoneRefusals, pointing at a case that ran (cases) or a test that exists.
func checkEveryRefusalIsCaught(t *testing.T, cases map[string]bool) {
	t.Helper()
	refusal := regexp.MustCompile(`businessError\(("(?:[^"\\]|\\.)*")`)
	var tests strings.Builder
	for _, f := range []string{"bad_input_test.go", "public_zone_test.go", "security_level_resource_test.go", "api_user_resource_test.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tests.Write(src)
	}
	found := 0
	for _, f := range []string{"descriptor.go", "resources.go", "credentials.go", "security_levels.go"} {
		src, err := os.ReadFile(filepath.Join("..", "autotasksim", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range refusal.FindAllStringSubmatch(string(src), -1) {
			msg, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %v", m[1], err)
			}
			found++
			how, listed := zoneRefusals[msg]
			kind, what, _ := strings.Cut(how, ":")
			switch {
			case !listed:
				t.Errorf("the simulator's %s refuses %q: add a bad-input case that catches it at plan, and list it in zoneRefusals", f, msg)
			case kind == "case" && !cases[what]:
				t.Errorf("zoneRefusals names the case %q for %q, but no such case ran", what, msg)
			case kind == "test" && !strings.Contains(tests.String(), "func "+what+"(t *testing.T)"):
				t.Errorf("zoneRefusals names the test %s for %q, but it does not exist", what, msg)
			case kind != "case" && kind != "test" && kind != "never":
				t.Errorf("zoneRefusals says %q for %q: want case:, test: or never:", how, msg)
			}
		}
	}
	if found < len(zoneRefusals)-5 {
		t.Fatalf("found %d refusals in the simulator's source; is the pattern still right?", found)
	}
}

// badInputWrites counts the writes of the entities the provider writes.
func badInputWrites(zone *simtest.Zone) int64 {
	return zoneWrites(zone, "SecurityLevels") + zoneWrites(zone, "Resources")
}

// badInputProvider is the zone's provider block with settings replaced, added or (with "")
// removed; values are HCL expressions.
func badInputProvider(zone *simtest.Zone, override map[string]string) string {
	settings := map[string]string{
		"base_url": fmt.Sprintf("%q", zone.URL), "username": fmt.Sprintf("%q", zone.Username),
		"secret": fmt.Sprintf("%q", zone.Secret), "integration_code": fmt.Sprintf("%q", zone.IntegrationCode),
	}
	for k, v := range override {
		settings[k] = v
	}
	return "\nprovider \"autotask\" {\n" + hclBody(settings) + "}\n"
}

// apiUserBadConfig is a valid API user, and the level it holds, with attributes replaced, added
// or (with "") removed; values are HCL expressions.
func apiUserBadConfig(set map[string]string) string {
	attrs := map[string]string{
		"first_name": `"Bad"`, "last_name": `"Input"`, "email": `"bad@example.com"`,
		"security_level_id": "autotask_security_level.bad.id", "internal_integration_name": `"Bad"`,
	}
	for k, v := range set {
		attrs[k] = v
	}
	return "\nresource \"autotask_security_level\" \"bad\" {\n  name = \"Bad input\"\n  permissions = {}\n}\n" +
		"\nresource \"autotask_api_user\" \"bad\" {\n" + hclBody(attrs) + "}\n"
}
