package autotasksim

import (
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// uiUser is a valid New API User form for a vendor-tracked user, with overrides.
func uiUser(over func(u *UIAPIUser)) UIAPIUser {
	u := UIAPIUser{
		FirstName: "Propel Your MSP", LastName: "API", Email: "propel@example.com",
		SecurityLevel: permissions.SystemAPILevel, IntegrationVendor: "propel your msp",
	}
	if over != nil {
		over(&u)
	}
	return u
}

// credsOfUI is the login a UI-made user signs in with.
func credsOfUI(c UIAPIUserCreated) Credentials {
	return Credentials{Username: c.UserName, Secret: c.Secret, IntegrationCode: c.TrackingIdentifier}
}

func vendorCode(z *zone, label string) string {
	for _, v := range z.sim.Vendors() {
		if strings.EqualFold(v.Label, label) {
			return v.TrackingCode
		}
	}
	z.t.Fatalf("no vendor %q", label)
	return ""
}

var (
	generatedUserName  = regexp.MustCompile(`^[a-z][a-z0-9]{13}[0-9]@example\.com$`)
	generatedIdentifer = regexp.MustCompile(`^[A-Z0-9]{27}$`)
)

// TestCreateAPIUserAsUI: on both profiles the control route and the in-process method create an
// API user as the UI does, and the user signs in at once with what they answer.
func TestCreateAPIUserAsUI(t *testing.T) {
	for _, profile := range []Profile{ProfilePublic, ProfileExtended} {
		t.Run(string(profile), func(t *testing.T) {
			z := newZone(t, Options{Profile: profile, Control: true}).on(t)
			cases := []struct {
				name     string
				in       UIAPIUser
				userName func(string) bool // the stored username
				level    int64
				vendor   string // the vendor label; empty for an internal integration
			}{
				{"vendor, generated key", uiUser(nil), generatedUserName.MatchString, levelAPIUser, "Propel Your MSP"},
				{"internal integration, bare user name", uiUser(func(u *UIAPIUser) {
					u.IntegrationVendor, u.InternalIntegrationName, u.UserName = "", "Nightly Sync", "nightly1sync"
				}), func(s string) bool { return s == "nightly1sync@example.com" }, levelAPIUser, ""},
				{"email-shaped user name, stored as given", uiUser(func(u *UIAPIUser) {
					u.UserName, u.IntegrationVendor = "Zap4ier@Other-Domain.example.org", "ZAPIER"
				}), func(s string) bool { return s == "Zap4ier@Other-Domain.example.org" }, levelAPIUser, "Zapier"},
				{"the other API-only system level, by any case", uiUser(func(u *UIAPIUser) {
					u.SecurityLevel = "  api user (system) can't read costs (api-only) "
				}), generatedUserName.MatchString, 11, "Propel Your MSP"},
			}
			for i, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					z := z.on(t)
					var got UIAPIUserCreated
					if i%2 == 0 { // alternate between the HTTP route and the method
						r := z.do(http.MethodPost, "/_sim/ui/api-users", tc.in, noAuth())
						if r.status != http.StatusOK {
							t.Fatalf("POST /_sim/ui/api-users: %d %s", r.status, r.body)
						}
						if keys := r.obj(t); len(keys) != 4 {
							t.Errorf("answer %s, want exactly id, user_name, secret, tracking_identifier", r.body)
						}
						if err := json.Unmarshal(r.body, &got); err != nil {
							t.Fatal(err)
						}
					} else {
						var err error
						if got, err = z.sim.CreateAPIUserAsUI(tc.in); err != nil {
							t.Fatal(err)
						}
					}
					if !tc.userName(got.UserName) {
						t.Errorf("user_name %q", got.UserName)
					}
					if err := checkSecret(got.Secret); err != nil || len(got.Secret) != 25 {
						t.Errorf("secret %q: %v", got.Secret, err)
					}
					if tc.vendor != "" && got.TrackingIdentifier != vendorCode(z, tc.vendor) {
						t.Errorf("tracking identifier %q, want %s's", got.TrackingIdentifier, tc.vendor)
					}
					if tc.vendor == "" && (!generatedIdentifer.MatchString(got.TrackingIdentifier) || got.TrackingIdentifier == z.creds.IntegrationCode) {
						t.Errorf("generated tracking identifier %q", got.TrackingIdentifier)
					}

					// The tenant holds it as it holds UI-made API users.
					item := z.item(entityResources, got.ID)
					want := map[string]any{
						"firstName": tc.in.FirstName, "lastName": tc.in.LastName, "email": tc.in.Email, "userName": got.UserName,
						"isActive": true, "resourceType": "Employee", "dateFormat": "MM/dd/yyyy", "timeFormat": "hh:mm a", "numberFormat": "X,XXX.XX",
					}
					for k, v := range want {
						if item[k] != v {
							t.Errorf("%s = %v, want %v", k, item[k], v)
						}
					}
					if strconv.FormatInt(num(t, item["licenseType"]), 10) != z.picklistValue("licenseType", "API User") ||
						num(t, item["userType"]) != tc.level || num(t, item["locationID"]) != z.seeded(entityInternalLocations)[0] {
						t.Errorf("licenseType %v userType %v locationID %v", item["licenseType"], item["userType"], item["locationID"])
					}
					if profile == ProfileExtended {
						if num(t, item["securityLevelID"]) != tc.level || item["isLocked"] != false || item["protectedDataPermission"] != "none" ||
							item["canViewItemsWithNoLineOfBusiness"] != true || len(arr(t, item["lineOfBusinessIDs"])) != 0 {
							t.Errorf("extended fields %v", item)
						}
						if tc.vendor != "" && (item["apiTrackingIdentifier"] != nil || item["internalIntegrationName"] != nil ||
							strconv.FormatInt(num(t, item["apiVendorID"]), 10) != z.picklistValue("apiVendorID", tc.vendor)) {
							t.Errorf("vendor-tracked user %v", item)
						}
						if tc.vendor == "" && (item["apiTrackingIdentifier"] != got.TrackingIdentifier || item["internalIntegrationName"] != tc.in.InternalIntegrationName || item["apiVendorID"] != nil) {
							t.Errorf("internal integration %v", item)
						}
					} else {
						for _, name := range extendedResourceFieldNames {
							if _, leaked := item[name]; leaked {
								t.Errorf("the public profile returns %s", name)
							}
						}
					}

					// It signs in with what the UI showed, and zone discovery knows it.
					z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(credsOfUI(got)))
					z.expect(http.StatusOK, http.MethodGet, "V1.0/zoneInformation?user="+got.UserName, nil, noAuth())
					wrong := credsOfUI(got)
					wrong.Secret = testSecret
					if r := z.login(wrong); r.status != http.StatusUnauthorized {
						t.Errorf("wrong secret: %d", r.status)
					}
					// A client finds it by the username it was given, in either case.
					its, _ := items(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{
						"filter": []map[string]any{{"op": "eq", "field": "userName", "value": strings.ToUpper(got.UserName)}},
					}))
					if len(its) != 1 || num(t, its[0]["id"]) != got.ID {
						t.Errorf("query by userName: %v", its)
					}
				})
			}
			if profile == ProfileExtended {
				// A custom API-only level made through the API; a level outside the userType
				// picklist gives the API User userType.
				level := z.createSecurityLevel("API User (Propel Your MSP)", nil)
				got, err := z.sim.CreateAPIUserAsUI(uiUser(func(u *UIAPIUser) { u.SecurityLevel = "API User (Propel Your MSP)" }))
				if err != nil {
					t.Fatal(err)
				}
				if item := z.item(entityResources, got.ID); num(t, item["securityLevelID"]) != level || num(t, item["userType"]) != userTypeAPIUser {
					t.Errorf("on a custom level: %v", item)
				}
				z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(credsOfUI(got)))
			}
		})
	}
}

// TestCreateAPIUserAsUIRefusals: input the UI refuses is an error in process and a 400 over
// HTTP, and creates nothing.
func TestCreateAPIUserAsUIRefusals(t *testing.T) {
	for _, profile := range []Profile{ProfilePublic, ProfileExtended} {
		t.Run(string(profile), func(t *testing.T) {
			z := newZone(t, Options{Profile: profile, Control: true}).on(t)
			taken, err := z.sim.CreateAPIUserAsUI(uiUser(func(u *UIAPIUser) { u.UserName = "taken1" }))
			if err != nil {
				t.Fatal(err)
			}
			admin := z.creds.Username // a bare key
			type tc struct {
				name string
				over func(u *UIAPIUser)
				want string
			}
			cases := []tc{
				{"no first name", func(u *UIAPIUser) { u.FirstName = " " }, "first_name is required"},
				{"no last name", func(u *UIAPIUser) { u.LastName = "" }, "last_name is required"},
				{"no email", func(u *UIAPIUser) { u.Email = "" }, "email is required"},
				{"bad email", func(u *UIAPIUser) { u.Email = "propel" }, "not a valid e-mail address"},
				{"email with a display name", func(u *UIAPIUser) { u.Email = "Propel <propel@example.com>" }, "not a valid e-mail address"},
				{"long first name", func(u *UIAPIUser) { u.FirstName = strings.Repeat("x", 51) }, "first_name is longer than 50"},
				{"no level", func(u *UIAPIUser) { u.SecurityLevel = "" }, "security_level is required"},
				{"unknown level", func(u *UIAPIUser) { u.SecurityLevel = "API User (Nobody)" }, `security_level "API User (Nobody)" does not exist`},
				{"not API-only", func(u *UIAPIUser) { u.SecurityLevel = "full access" }, `security_level "Full Access" is not an API-only level`},
				{"neither tracking source", func(u *UIAPIUser) { u.IntegrationVendor = "" }, "exactly one API tracking identifier source"},
				{"both tracking sources", func(u *UIAPIUser) { u.InternalIntegrationName = "Propel" }, "exactly one API tracking identifier source"},
				{"unknown vendor", func(u *UIAPIUser) { u.IntegrationVendor = "Nobody Inc" }, "is not in the Integration Vendor picklist"},
				{"long internal name", func(u *UIAPIUser) { u.IntegrationVendor, u.InternalIntegrationName = "", strings.Repeat("x", 101) }, "longer than 100"},
				{"letters only", func(u *UIAPIUser) { u.UserName = "propelapi" }, "must contain both letters and numbers"},
				{"white space", func(u *UIAPIUser) { u.UserName = "propel api1" }, "white space"},
				{"forbidden character", func(u *UIAPIUser) { u.UserName = "propel;api1" }, "Usernames may not contain any of"},
				{"forbidden character in the key", func(u *UIAPIUser) { u.UserName = "pro(pel1@example.com" }, "Usernames may not contain any of"},
				{"no key", func(u *UIAPIUser) { u.UserName = "@example.com" }, "is not email-shaped"},
				{"no domain", func(u *UIAPIUser) { u.UserName = "propel1@" }, "is not email-shaped"},
				{"single-label domain", func(u *UIAPIUser) { u.UserName = "propel1@localhost" }, "is not email-shaped"},
				{"two @", func(u *UIAPIUser) { u.UserName = "propel1@a@example.com" }, "is not email-shaped"},
				{"too long", func(u *UIAPIUser) { u.UserName = "propel1234567890abc1" + "x" }, "longer than 32 characters"},
				{"taken, other case", func(u *UIAPIUser) { u.UserName = strings.ToUpper(taken.UserName) }, "already in use"},
				{"taken: a bare key whose key@domain exists", func(u *UIAPIUser) { u.UserName = "TAKEN1" }, "already in use"},
				{"taken: key@domain of a bare username", func(u *UIAPIUser) { u.UserName = admin + "@example.com" }, "already in use"},
				{"taken: a bare username", func(u *UIAPIUser) { u.UserName = admin }, "already in use"},
			}
			if profile == ProfileExtended {
				inactive := z.createSecurityLevel("Retired level", nil)
				z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": inactive, "isActive": false})
				cases = append(cases, tc{"inactive level", func(u *UIAPIUser) { u.SecurityLevel = "retired LEVEL" }, `security_level "Retired level" is inactive`})
			} else {
				// The public zone's levels are the system ones: custom names do not exist there.
				cases = append(cases, tc{"a custom level on the public profile", func(u *UIAPIUser) { u.SecurityLevel = "API User (Propel Your MSP)" }, "Active API-only levels: \"API User (system) (API-only)\", \"API User (system) Can't Read Costs (API-only)\""})
			}
			before := len(z.seeded(entityResources))
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					z := z.on(t)
					in := uiUser(c.over)
					_, err := z.sim.CreateAPIUserAsUI(in)
					var ue *uiError
					if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
						t.Errorf("CreateAPIUserAsUI: %v, want a refusal with %q", err, c.want)
					}
					r := z.do(http.MethodPost, "/_sim/ui/api-users", in, noAuth())
					if r.status != http.StatusBadRequest || !strings.Contains(errorText(t, r), c.want) {
						t.Errorf("POST /_sim/ui/api-users: %d %s, want 400 with %q", r.status, r.body, c.want)
					}
				})
			}
			if n := len(z.seeded(entityResources)); n != before {
				t.Errorf("%d resources after refusals, want %d", n, before)
			}

			// The body is checked like the fault rules: unknown properties, non-objects and
			// trailing data are 400; only POST is routed.
			for _, body := range []string{`{"first_name":"A","last_name":"B","email":"a@example.com","security_level":"x","vendor":"Zapier"}`, `[]`, `{} {}`, `{`} {
				if r := z.do(http.MethodPost, "/_sim/ui/api-users", body, noAuth()); r.status != http.StatusBadRequest {
					t.Errorf("body %s: %d %s", body, r.status, r.body)
				}
			}
			z.expect(http.StatusMethodNotAllowed, http.MethodGet, "/_sim/ui/api-users", nil, noAuth())
		})
	}
	// Without the control API there is no route; the method still works.
	z := newZone(t, Options{})
	z.expect(http.StatusNotFound, http.MethodPost, "/_sim/ui/api-users", uiUser(nil), noAuth())
	if _, err := z.sim.CreateAPIUserAsUI(uiUser(nil)); err != nil {
		t.Error(err)
	}
}

// TestUIAPIUserOnThePublicProfileValidates: on the public profile a UI-made user reads back, by
// GET and by query, exactly as the swagger's ResourceModel says (strictly: no extra property).
func TestUIAPIUserOnThePublicProfileValidates(t *testing.T) {
	doc := loadSwagger(t)
	v := &validator{defs: doc.Definitions, strict: true}
	z := newZone(t, Options{})
	internal, err := z.sim.CreateAPIUserAsUI(uiUser(func(u *UIAPIUser) { u.IntegrationVendor, u.InternalIntegrationName = "", "Internal" }))
	if err != nil {
		t.Fatal(err)
	}
	vendor, err := z.sim.CreateAPIUserAsUI(uiUser(nil))
	if err != nil {
		t.Fatal(err)
	}
	schemaOf := func(method, path string) *schema {
		var op swaggerOp
		if err := json.Unmarshal(doc.Paths[path][method], &op); err != nil {
			t.Fatal(err)
		}
		return op.Responses["200"].Schema
	}
	for _, c := range []UIAPIUserCreated{internal, vendor} {
		r := z.do(http.MethodGet, "V1.0/Resources/"+strconv.FormatInt(c.ID, 10), nil, withCreds(credsOfUI(c)))
		if r.status != http.StatusOK {
			t.Fatalf("GET as the new user: %d %s", r.status, r.body)
		}
		if errs := v.validateJSON(schemaOf("get", "/V1.0/Resources/{id}"), r.body); len(errs) > 0 {
			t.Errorf("GET: %v\n%s", errs, r.body)
		}
		q := map[string]any{"filter": []map[string]any{{"op": "eq", "field": "userName", "value": c.UserName}}}
		r = z.do(http.MethodGet, "V1.0/Resources/query?search="+search(t, q), nil)
		if errs := v.validateJSON(schemaOf("get", "/V1.0/Resources/query"), r.body); r.status != http.StatusOK || len(errs) > 0 {
			t.Errorf("query: %d %v\n%s", r.status, errs, r.body)
		}
		r = z.do(http.MethodPost, "V1.0/Resources/query", q)
		if errs := v.validateJSON(schemaOf("post", "/V1.0/Resources/query"), r.body); r.status != http.StatusOK || len(errs) > 0 {
			t.Errorf("POST query: %d %v\n%s", r.status, errs, r.body)
		}
	}
	// PATCH and PUT of a UI-made user work as for any resource (the record as read round-trips).
	item := z.item(entityResources, vendor.ID)
	item["title"] = "Vendor integration"
	z.expect(http.StatusOK, http.MethodPut, "V1.0/Resources", item)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": vendor.ID, "isActive": false})
	if r := z.login(credsOfUI(vendor)); r.status != http.StatusUnauthorized {
		t.Errorf("deactivated UI-made user: %d", r.status)
	}
}

// TestUIAPIUsersPersist: UI-made users survive a restart from the state file with their logins,
// on both profiles; a Reset removes them.
func TestUIAPIUsersPersist(t *testing.T) {
	for _, profile := range []Profile{ProfilePublic, ProfileExtended} {
		t.Run(string(profile), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tenant.json")
			z := newZone(t, Options{Profile: profile, StatePath: path}).on(t)
			vendor, err := z.sim.CreateAPIUserAsUI(uiUser(nil))
			if err != nil {
				t.Fatal(err)
			}
			internal, err := z.sim.CreateAPIUserAsUI(uiUser(func(u *UIAPIUser) { u.IntegrationVendor, u.InternalIntegrationName = "", "Internal" }))
			if err != nil {
				t.Fatal(err)
			}
			z2 := newZone(t, Options{Profile: profile, StatePath: path}).on(t)
			for _, c := range []UIAPIUserCreated{vendor, internal} {
				z2.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(credsOfUI(c)))
				if got, want := z2.item(entityResources, c.ID), z.item(entityResources, c.ID); !jsonEqual(t, got, want) {
					t.Errorf("reloaded %v, want %v", got, want)
				}
			}
			// Still free of a taken name after the restart.
			if _, err := z2.sim.CreateAPIUserAsUI(uiUser(func(u *UIAPIUser) { u.UserName = vendor.UserName })); err == nil {
				t.Error("a reloaded username was given out again")
			}
			if err := z2.sim.Reset(); err != nil {
				t.Fatal(err)
			}
			if r := z2.login(credsOfUI(vendor)); r.status != http.StatusInternalServerError {
				t.Errorf("after Reset the UI-made user signs in: %d", r.status)
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
