package autotasksim

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// userSeq makes generated usernames unique across a test binary.
var userSeq atomic.Int64

const testSecret = "Ab1*defghijkLMN" // meets the policy: special character in position 4

// apiUser is a created API user and its login.
type apiUser struct {
	id    int64
	creds Credentials
}

// picklistValue resolves a Resources picklist label (case-insensitive) to its value, as clients
// must.
func (z *zone) picklistValue(fieldName, label string) string {
	z.t.Helper()
	values, ok := z.fieldsOf(entityResources)[fieldName]["picklistValues"].([]any)
	if !ok {
		z.t.Fatalf("Resources.%s has no picklist", fieldName)
	}
	for _, v := range values {
		pv := asObj(z.t, v)
		if strings.EqualFold(str(z.t, pv["label"]), label) {
			return str(z.t, pv["value"])
		}
	}
	z.t.Fatalf("Resources.%s has no value labelled %q", fieldName, label)
	return ""
}

// apiUserBody is a valid POST body for a custom internal integration, with overrides (a nil
// override removes the property).
func (z *zone) apiUserBody(over map[string]any) map[string]any {
	z.t.Helper()
	n := userSeq.Add(1)
	body := map[string]any{
		"firstName":               "Propel Your MSP",
		"lastName":                "API",
		"email":                   "propel@example.com",
		"userName":                "propelapi" + strconv.FormatInt(1000+n, 10),
		"secret":                  testSecret,
		"licenseType":             z.picklistValue("licenseType", "api user"),
		"securityLevelID":         levelAPIUser,
		"internalIntegrationName": "Propel",
	}
	for k, v := range over {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return body
}

// createAPIUser creates an API user and returns its id and login (the tracking identifier for an
// internal integration, the vendor's tracking code for a vendor-tracked user).
func (z *zone) createAPIUser(over map[string]any) apiUser {
	z.t.Helper()
	body := z.apiUserBody(over)
	id := num(z.t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources", body)["itemId"])
	item := z.item(entityResources, id)
	creds := Credentials{Username: str(z.t, item["userName"]), Secret: str(z.t, body["secret"])}
	if code, ok := item["apiTrackingIdentifier"].(string); ok {
		creds.IntegrationCode = code
	} else {
		vid := num(z.t, item["apiVendorID"])
		for _, v := range z.sim.Vendors() {
			if v.ID == vid {
				creds.IntegrationCode = v.TrackingCode
			}
		}
	}
	return apiUser{id: id, creds: creds}
}

func (z *zone) seededAdminID() int64 {
	z.sim.tenant.mu.RLock()
	defer z.sim.tenant.mu.RUnlock()
	return z.sim.tenant.adminID
}

// login calls an authenticated route with creds.
func (z *zone) login(c Credentials) *response {
	z.t.Helper()
	return z.do(http.MethodGet, "V1.0/Resources/entityInformation", nil, withCreds(c))
}

var extendedResourceFieldNames = []string{"apiTrackingIdentifier", "apiVendorID", "canViewItemsWithNoLineOfBusiness", "internalIntegrationName",
	"isLocked", "lineOfBusinessIDs", "protectedDataPermission", "secret", "securityLevelID"}

func TestWritesResources(t *testing.T) {
	z := newZone(t, Options{})
	ids := z.seeded(entityResources)
	id := ids[1]
	read := func() map[string]any { return z.item(entityResources, id) }
	before := read()

	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "title": "Team Lead", "officePhone": "+1 212 555 0199", "hireDate": "2019-09-16T09:30:00+01:00"})
	after := read()
	if after["title"] != "Team Lead" || after["hireDate"] != "2019-09-16T08:30:00Z" || after["firstName"] != before["firstName"] {
		t.Errorf("after PATCH %v", after)
	}

	// Read-only fields: sending the current value is fine, changing it is not.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "userName": before["userName"], "licenseType": before["licenseType"]})
	for _, f := range []map[string]any{
		{"userName": "someoneelse"}, {"licenseType": 7}, {"userType": 10}, {"resourceType": "Contractor"},
		{"surveyResourceRating": 1.0}, {"defaultServiceDeskRoleID": 5}, {"userName": nil},
	} {
		t.Run(fmt.Sprint(f), func(t *testing.T) {
			f["id"] = id
			z.on(t).expectErrors("read-only", http.MethodPatch, "V1.0/Resources", f)
		})
	}
	// Picklists, references and formats are checked.
	z.expectErrors("Value does not reference an existing entity for dateFormat", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "dateFormat": "yyyy/dd/MM"})
	z.expectErrors("Value does not reference an existing entity for greeting", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "greeting": 99})
	z.expectErrors("Value does not reference an existing entity for locationID", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "locationID": 1})
	z.expectErrors("not a valid e-mail address", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "email": "not-an-address"})
	z.expectErrors("Missing required field: firstName", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "firstName": nil})
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "locationID": z.seeded(entityInternalLocations)[2], "gender": "f", "greeting": "2"})
	if got := read(); got["gender"] != "F" || num(t, got["greeting"]) != 2 {
		t.Errorf("picklist values not normalised: gender %v greeting %v", got["gender"], got["greeting"])
	}

	// PUT of a record as read (plus a change) round-trips; dropping a required field fails.
	current := read()
	current["middleName"] = "Q"
	z.expect(http.StatusOK, http.MethodPut, "V1.0/Resources", current)
	if got := read(); got["middleName"] != "Q" || got["email"] != current["email"] {
		t.Errorf("after PUT %v", got)
	}
	delete(current, "lastName")
	z.expectErrors("Missing required field: lastName", http.MethodPut, "V1.0/Resources", current)

	// There is no create: POST is 405 whatever the body says.
	z.expect(http.StatusMethodNotAllowed, http.MethodPost, "V1.0/Resources", map[string]any{"firstName": "New", "lastName": "User", "licenseType": 7})
}

func TestEntityFieldsMetadata(t *testing.T) {
	z := newZone(t, Options{})
	fields := z.fieldsOf(entityResources)
	lt := fields["licenseType"]
	if lt["isPickList"] != true || lt["isReadOnly"] != true || lt["dataType"] != "integer" || lt["isRequired"] != true {
		t.Errorf("licenseType metadata %v", lt)
	}
	apiUser := ""
	values, ok := lt["picklistValues"].([]any)
	if !ok {
		t.Fatal("licenseType has no picklistValues")
	}
	for _, pv := range values {
		p := asObj(t, pv)
		if strings.EqualFold(str(t, p["label"]), "api user") {
			apiUser = str(t, p["value"])
		}
	}
	if apiUser == "" {
		t.Fatal(`no "API User" license type`)
	}
	// The admin API user carries the license type that the picklist calls "API User".
	admin := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "userName", "value": z.creds.Username}},
	})
	its, _ := items(t, admin)
	if len(its) != 1 || strconv.FormatInt(num(t, its[0]["licenseType"]), 10) != apiUser {
		t.Errorf("admin license type %v, API User = %s", its, apiUser)
	}

	if loc := fields["locationID"]; loc["isReference"] != true || loc["referenceEntityType"] != "InternalLocation" || loc["picklistValues"] != nil {
		t.Errorf("locationID metadata %v", loc)
	}
	if f := fields["defaultServiceDeskRoleID"]; f["isQueryable"] != false {
		t.Errorf("defaultServiceDeskRoleID should not be queryable: %v", f)
	}
	if f := fields["hireDate"]; f["dataType"] != "datetime" {
		t.Errorf("hireDate metadata %v", f)
	}
	if f := fields["email"]; num(t, f["length"]) != 254 || f["dataType"] != "string" {
		t.Errorf("email metadata %v", f)
	}
	if f := fields["id"]; f["isReadOnly"] != true || f["dataType"] != "long" {
		t.Errorf("id metadata %v", f)
	}
	for _, name := range []string{"securityLevelID", "secret", "apiVendorID", "password"} {
		if _, found := fields[name]; found {
			t.Errorf("the public Resources entity must not have %s", name)
		}
	}

	udf := z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation/userDefinedFields", nil)
	if f, ok := udf["fields"].([]any); !ok || len(f) != 0 {
		t.Errorf("userDefinedFields %v", udf)
	}
	info, ok := z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)["info"].(map[string]any)
	if !ok || info["name"] != "Resource" || capString(info) != "query update" || num(t, info["userAccessForCreate"]) != 0 || num(t, info["userAccessForUpdate"]) != 1 {
		t.Errorf("Resources entityInformation %v", info)
	}
}

func TestExtendedResourcesMetadata(t *testing.T) {
	z := newExtendedZone(t)
	info := asObj(t, z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)["info"])
	if capString(info) != "create query update" || num(t, info["userAccessForCreate"]) != 1 {
		t.Errorf("extended Resources entityInformation %v", info)
	}
	g := z.expect(http.StatusOK, http.MethodGet, "V1.0/EntityInformation", nil)
	caps := map[string]string{}
	for _, d := range arr(t, g["entityDescriptions"]) {
		in := asObj(t, asObj(t, d)["info"])
		caps[str(t, in["name"])] = capString(in)
	}
	if caps["Resource"] != "create query update" || caps["SecurityLevel"] != "create delete query update" || len(caps) != 6 {
		t.Errorf("extended capabilities %v", caps)
	}

	fields := z.fieldsOf(entityResources)
	for _, name := range extendedResourceFieldNames {
		if fields[name] == nil {
			t.Errorf("extended field %s missing", name)
		}
	}
	for name, want := range map[string]map[string]any{
		"secret":                  {"isReadOnly": false, "isQueryable": false, "dataType": "string"},
		"apiTrackingIdentifier":   {"isReadOnly": true, "length": int64(27)},
		"apiVendorID":             {"isPickList": true, "isReadOnly": true, "dataType": "integer"}, // create-only
		"securityLevelID":         {"isReference": true, "referenceEntityType": "SecurityLevel", "isRequired": true},
		"lineOfBusinessIDs":       {"dataType": "integer[]", "isReference": true, "referenceEntityType": "OrganizationalLevelAssociation", "isQueryable": false},
		"protectedDataPermission": {"isPickList": true},
		// Create-only fields: settable by POST, but isReadOnly, since no update can change them.
		"licenseType":             {"isReadOnly": true, "isRequired": true},
		"userName":                {"isReadOnly": true, "isRequired": true},
		"internalIntegrationName": {"isReadOnly": true},
	} {
		t.Run(name, func(t *testing.T) {
			for k, v := range want {
				got := fields[name][k]
				if n, isInt := v.(int64); isInt {
					if num(t, got) != n {
						t.Errorf("%s = %v, want %v", k, got, v)
					}
				} else if got != v {
					t.Errorf("%s = %v, want %v", k, got, v)
				}
			}
		})
	}
	// The vendor picklist: every template's Integration Vendor plus older names, ids resolvable by label.
	labels := map[string]bool{}
	for _, v := range arr(t, fields["apiVendorID"]["picklistValues"]) {
		labels[str(t, asObj(t, v)["label"])] = true
	}
	for _, tpl := range permissions.Templates() {
		if tpl.IntegrationVendor != "" && !labels[tpl.IntegrationVendor] {
			t.Errorf("vendor %q (template %s) missing from the apiVendorID picklist", tpl.IntegrationVendor, tpl.Slug)
		}
	}
	for _, name := range []string{"Propel Your MSP", "Zapier", "Proxuma - Resource Planning & Project Management", "IT Glue - Documentation Management", "MSPCFO", "TimeZest - scheduling"} {
		if !labels[name] {
			t.Errorf("vendor %q missing from the apiVendorID picklist", name)
		}
	}
	var pd []string
	for _, v := range arr(t, fields["protectedDataPermission"]["picklistValues"]) {
		pd = append(pd, str(t, asObj(t, v)["value"]))
	}
	if strings.Join(pd, ",") != "none,view,edit" {
		t.Errorf("protectedDataPermission values %v", pd)
	}
}

func TestExtendedSeededResources(t *testing.T) {
	z := newExtendedZone(t)
	its, _ := items(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": all}))
	for _, it := range its {
		if _, leaked := it["secret"]; leaked {
			t.Errorf("a resource returns its secret: %v", it)
		}
		if it["securityLevelID"] == nil || it["isLocked"] != false || it["protectedDataPermission"] == nil || it["lineOfBusinessIDs"] == nil {
			t.Errorf("seeded resource without extended fields: %v", it)
		}
		api := num(t, it["licenseType"]) == licenseAPIUser
		if level := num(t, it["securityLevelID"]); api && level != levelAPIUser || !api && level == levelAPIUser {
			t.Errorf("%v holds level %d", it["userName"], level)
		}
	}
	admin := z.item(entityResources, z.seededAdminID())
	if admin["apiTrackingIdentifier"] != z.creds.IntegrationCode || admin["internalIntegrationName"] != "Autotask Simulator" || admin["apiVendorID"] != nil {
		t.Errorf("admin %v", admin)
	}
	// The vendor-tracked seed user logs in with its vendor's tracking code.
	vendor := z.credsOf(1)
	itg := int64(0)
	for _, v := range z.sim.Vendors() {
		if v.Label == "ITG - Documentation Management" {
			itg = v.ID
			if vendor.IntegrationCode != v.TrackingCode {
				t.Errorf("IT Glue user logs in with %s, want the vendor code %s", vendor.IntegrationCode, v.TrackingCode)
			}
		}
	}
	its, _ = items(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "apiVendorID", "value": itg}},
	}))
	if len(its) != 1 || its[0]["userName"] != vendor.Username || its[0]["apiTrackingIdentifier"] != nil {
		t.Errorf("query by apiVendorID %v", its)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(vendor))
}

func TestCreateAPIUser(t *testing.T) {
	z := newExtendedZone(t)
	l1 := z.seeded(entityOrganizationalLevelAssociations)
	level := z.createSecurityLevel("API User (Propel Your MSP)", map[string]string{"crm.customer_and_cancelation": "all"})
	body := z.apiUserBody(map[string]any{"securityLevelID": level, "lineOfBusinessIDs": []int64{l1[2], l1[0], l1[2]}, "protectedDataPermission": "View"})
	m := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources", body)
	id := num(t, m["itemId"])
	if len(m) != 1 {
		t.Errorf("create answer %v", m)
	}
	it := z.item(entityResources, id)
	code := str(t, it["apiTrackingIdentifier"])
	if !regexp.MustCompile(`^[A-Z0-9]{27}$`).MatchString(code) {
		t.Errorf("apiTrackingIdentifier %q is not 27 upper-case letters and digits", code)
	}
	var defaultLoc int64
	locs, _ := items(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/InternalLocations/query", map[string]any{"filter": []map[string]any{{"op": "eq", "field": "isDefault", "value": true}}}))
	defaultLoc = num(t, locs[0]["id"])
	want := map[string]any{
		"userName": body["userName"], "firstName": "Propel Your MSP", "isActive": true, "isLocked": false,
		"internalIntegrationName": "Propel", "apiVendorID": nil, "protectedDataPermission": "view",
		"canViewItemsWithNoLineOfBusiness": true, "resourceType": "Employee", "dateFormat": "MM/dd/yyyy",
	}
	for k, v := range want {
		if it[k] != v {
			t.Errorf("%s = %v, want %v", k, it[k], v)
		}
	}
	if num(t, it["securityLevelID"]) != level || num(t, it["locationID"]) != defaultLoc || num(t, it["licenseType"]) != licenseAPIUser || num(t, it["userType"]) != userTypeAPIUser {
		t.Errorf("created resource %v", it)
	}
	if lob, _ := it["lineOfBusinessIDs"].([]any); len(lob) != 2 || num(t, lob[0]) != l1[0] || num(t, lob[1]) != l1[2] {
		t.Errorf("lineOfBusinessIDs %v, want sorted and de-duplicated", it["lineOfBusinessIDs"])
	}
	if _, leaked := it["secret"]; leaked {
		t.Error("GET returns the secret")
	}
	// The new user can log in with its username, secret and tracking identifier.
	creds := Credentials{Username: str(t, body["userName"]), Secret: testSecret, IntegrationCode: code}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil, withCreds(creds))
	z.expect(http.StatusOK, http.MethodGet, "V1.0/zoneInformation?user="+creds.Username, nil, noAuth())
	// The secret is never readable: not in IncludeFields, not in a filter.
	z.expectErrors("unable to find field", http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": all, "includeFields": []string{"secret"}})
	z.expectErrors("cannot be queried", http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": []map[string]any{{"op": "eq", "field": "secret", "value": testSecret}}})
	// Resources are never deleted.
	z.expect(http.StatusMethodNotAllowed, http.MethodDelete, "V1.0/Resources/"+strconv.FormatInt(id, 10), nil)

	// A vendor-tracked user: no generated identifier; it logs in with the vendor's code.
	zapier := z.picklistValue("apiVendorID", "ZAPIER")
	u := z.createAPIUser(map[string]any{"internalIntegrationName": nil, "apiVendorID": zapier, "locationID": z.seeded(entityInternalLocations)[1]})
	item := z.item(entityResources, u.id)
	if item["apiTrackingIdentifier"] != nil || strconv.FormatInt(num(t, item["apiVendorID"]), 10) != zapier || num(t, item["locationID"]) != z.seeded(entityInternalLocations)[1] {
		t.Errorf("vendor-tracked user %v", item)
	}
	var zapierCode string
	for _, v := range z.sim.Vendors() {
		if v.Label == "Zapier" {
			zapierCode = v.TrackingCode
		}
	}
	if u.creds.IntegrationCode != zapierCode || len(zapierCode) != 27 {
		t.Fatalf("Zapier tracking code %q", zapierCode)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))
	z.expectErrors("IntegrationCode is invalid.", http.MethodGet, "V1.0/Version", nil, withCreds(Credentials{Username: u.creds.Username, Secret: u.creds.Secret, IntegrationCode: code}))

	// PUT of a record as read keeps everything, the secret included.
	item["title"] = "Zapier integration"
	z.expect(http.StatusOK, http.MethodPut, "V1.0/Resources", item)
	if got := z.item(entityResources, u.id); got["title"] != "Zapier integration" || got["apiVendorID"] == nil {
		t.Errorf("after PUT %v", got)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))
}

func TestCreateAPIUserValidation(t *testing.T) {
	z := newExtendedZone(t)
	professional := z.picklistValue("licenseType", "Professional")
	inactive := z.createSecurityLevel("Inactive level", nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": inactive, "isActive": false})
	legacy := z.credsOf(2).Username // an inactive API user
	if _, err := z.sim.CreateAPIUserAsUI(uiUser(func(u *UIAPIUser) { u.UserName = "uikey1" })); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		over map[string]any
		want string
	}{
		{"employee license", map[string]any{"licenseType": professional}, `Only API users can be created through the API: set licenseType to the value whose label is "API User"`},
		{"no license", map[string]any{"licenseType": nil}, "Missing required field: licenseType."},
		{"unknown license", map[string]any{"licenseType": 99}, "Value does not reference an existing entity for licenseType"},
		{"no first name", map[string]any{"firstName": nil}, "Missing required field: firstName."},
		{"no last name", map[string]any{"lastName": ""}, "Missing required field: lastName."},
		{"no email", map[string]any{"email": nil}, "Missing required field: email."},
		{"bad email", map[string]any{"email": "propel"}, "not a valid e-mail address"},
		{"no username", map[string]any{"userName": nil}, "Missing required field: userName."},
		{"no secret", map[string]any{"secret": nil}, "Missing required field: secret."},
		{"no level", map[string]any{"securityLevelID": nil}, "Missing required field: securityLevelID."},
		{"unknown level", map[string]any{"securityLevelID": 424242}, "Value does not reference an existing entity for securityLevelID"},
		{"non-API level", map[string]any{"securityLevelID": 2}, "is not an API-only security level"},
		{"inactive level", map[string]any{"securityLevelID": inactive}, "is inactive"},
		{"unknown location", map[string]any{"locationID": 1}, "Value does not reference an existing entity for locationID"},
		{"neither tracking source", map[string]any{"internalIntegrationName": nil}, "exactly one API tracking identifier source"},
		{"both tracking sources", map[string]any{"apiVendorID": 1}, "exactly one API tracking identifier source"},
		{"unknown vendor", map[string]any{"internalIntegrationName": nil, "apiVendorID": 9999}, "Value does not reference an existing entity for apiVendorID"},
		{"tracking identifier sent", map[string]any{"apiTrackingIdentifier": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0"}, "read-only"},
		{"locked", map[string]any{"isLocked": true}, "isLocked can only be cleared"},
		{"unknown line of business", map[string]any{"lineOfBusinessIDs": []int64{424242}}, "lineOfBusinessIDs"},
		{"bad line of business list", map[string]any{"lineOfBusinessIDs": "1,2"}, "lineOfBusinessIDs"},
		{"bad protected data", map[string]any{"protectedDataPermission": "full"}, "Value does not reference an existing entity for protectedDataPermission"},
		// Username rules.
		{"letters only", map[string]any{"userName": "propelapi"}, "must contain both letters and numbers"},
		{"digits only", map[string]any{"userName": "123456789"}, "must contain both letters and numbers"},
		{"white space", map[string]any{"userName": "propel api1"}, "white space"},
		{"too long", map[string]any{"userName": strings.Repeat("a1", 17)}, "maximum length of 32"},
		{"taken", map[string]any{"userName": strings.ToUpper(z.creds.Username)}, "already in use"},
		{"taken by an inactive user", map[string]any{"userName": legacy}, "already in use"},
		{"the key of a UI-made key@domain", map[string]any{"userName": "UIKey1"}, "already in use"},
		// Secret policy.
		{"short secret", map[string]any{"secret": "A1*bcd"}, "at least 7 characters"},
		{"one character class", map[string]any{"secret": "a*bcdefgh"}, "at least two of upper case letters, lower case letters and digits"},
		{"special too late", map[string]any{"secret": "Abcdef1*xyz"}, "special character in positions 2 to 6"},
		{"special first only", map[string]any{"secret": "*Abcdef1xyz"}, "special character in positions 2 to 6"},
	}
	for _, c := range userNameForbidden {
		cases = append(cases, struct {
			name string
			over map[string]any
			want string
		}{"username with " + string(c), map[string]any{"userName": "propel" + string(c) + "api1"}, "Usernames may not contain any of"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			z := z.on(t)
			r := z.do(http.MethodPost, "V1.0/Resources", z.apiUserBody(tc.over))
			if r.status != http.StatusInternalServerError || !strings.Contains(errorText(t, r), tc.want) {
				t.Errorf("%d %s (want 500 with %q)", r.status, r.body, tc.want)
			}
		})
	}
	// Nothing was created; then the boundary cases that pass.
	n := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query/count", map[string]any{"filter": all})["queryCount"])
	if n != int64(len(z.seeded(entityResources))) {
		t.Errorf("%d resources after refused creates", n)
	}
	for _, tc := range []struct {
		name string
		over map[string]any
		ok   bool
	}{
		{"7 characters, lower case and digits", map[string]any{"secret": "a1*bcde"}, true}, // special in position 3
		{"upper case and digits", map[string]any{"secret": "AB-CDEFG1"}, true},
		{"upper and lower case", map[string]any{"secret": "Ab!cdefgh"}, true},
		{"special only in position 8", map[string]any{"secret": "aB12345$"}, false},
		{"other special characters in the username", map[string]any{"userName": "a1-b.c_d+e~f!"}, true},
		{"32-character username", map[string]any{"userName": strings.Repeat("a1", 16)}, true},
		{"the other API-only system level", map[string]any{"securityLevelID": 11}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := z.on(t)
			r := z.do(http.MethodPost, "V1.0/Resources", z.apiUserBody(tc.over))
			if (r.status == http.StatusOK) != tc.ok {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
}

func TestAPIUserUpdatesAndLogin(t *testing.T) {
	z := newExtendedZone(t)
	u := z.createAPIUser(nil)
	patch := func(fields map[string]any) map[string]any {
		fields["id"] = u.id
		return fields
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))

	// A new secret replaces the old one at once.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{"secret": "Xy9#newsecret"}))
	if r := z.login(u.creds); r.status != http.StatusUnauthorized {
		t.Errorf("old secret after rotation: %d %s", r.status, r.body)
	}
	u.creds.Secret = "Xy9#newsecret"
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))
	z.expectErrors("password requirements", http.MethodPatch, "V1.0/Resources", patch(map[string]any{"secret": "weak"}))
	z.expectErrors("cannot be removed", http.MethodPatch, "V1.0/Resources", patch(map[string]any{"secret": nil}))
	z.expectErrors("Only API users have a secret", http.MethodPatch, "V1.0/Resources", map[string]any{"id": z.seeded(entityResources)[1], "secret": "Xy9#newsecret"})
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds)) // refused rotations changed nothing

	// Tracking source, username and license type are fixed once created.
	item := z.item(entityResources, u.id)
	for field, value := range map[string]any{"internalIntegrationName": "Other", "apiVendorID": 1, "userName": "renamed1", "licenseType": 3} {
		t.Run(field, func(t *testing.T) {
			z.on(t).expectErrors("can only be set when the Resource is created", http.MethodPatch, "V1.0/Resources", patch(map[string]any{field: value}))
		})
	}
	z.expectErrors("read-only", http.MethodPatch, "V1.0/Resources", patch(map[string]any{"apiTrackingIdentifier": "X"}))
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{
		"internalIntegrationName": item["internalIntegrationName"], "userName": item["userName"], "apiTrackingIdentifier": item["apiTrackingIdentifier"],
	}))

	// Writable extended fields.
	lob := z.seeded(entityOrganizationalLevelAssociations)[1]
	custom := z.createSecurityLevel("Custom", nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{
		"securityLevelID": custom, "protectedDataPermission": "EDIT", "canViewItemsWithNoLineOfBusiness": false, "lineOfBusinessIDs": []int64{lob},
	}))
	got := z.item(entityResources, u.id)
	if num(t, got["securityLevelID"]) != custom || got["protectedDataPermission"] != "edit" || got["canViewItemsWithNoLineOfBusiness"] != false {
		t.Errorf("after PATCH %v", got)
	}
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{"lineOfBusinessIDs": nil}))
	if lobs, _ := z.item(entityResources, u.id)["lineOfBusinessIDs"].([]any); lobs == nil || len(lobs) != 0 {
		t.Errorf("lineOfBusinessIDs after null: %v", lobs)
	}
	z.expectErrors("not an API-only security level", http.MethodPatch, "V1.0/Resources", patch(map[string]any{"securityLevelID": 1}))
	z.expectErrors("is API-only; only API users can hold it", http.MethodPatch, "V1.0/Resources", map[string]any{"id": z.seeded(entityResources)[1], "securityLevelID": custom})

	// isLocked: a locked user cannot log in; the API can only clear the lock.
	z.expectErrors("isLocked can only be cleared", http.MethodPatch, "V1.0/Resources", patch(map[string]any{"isLocked": true}))
	z.sim.tenant.mu.Lock()
	z.sim.tenant.table(entityResources).rows[u.id]["isLocked"] = true // as Autotask does after failed logins
	z.sim.tenant.mu.Unlock()
	if r := z.login(u.creds); r.status != http.StatusUnauthorized {
		t.Errorf("locked user: %d %s", r.status, r.body)
	}
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{"isLocked": true, "title": "still locked"})) // unchanged value
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{"isLocked": false}))
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))

	// Deactivated: 401; reactivated: back in.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{"isActive": false}))
	if r := z.login(u.creds); r.status != http.StatusUnauthorized || string(r.body) != `{"Message":"Authorization has been denied for this request."}` {
		t.Errorf("deactivated user: %d %s", r.status, r.body)
	}
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", patch(map[string]any{"isActive": true}))

	// Wrong integration code: 500.
	bad := u.creds
	bad.IntegrationCode = z.creds.IntegrationCode
	z.expectErrors("IntegrationCode is invalid.", http.MethodGet, "V1.0/Version", nil, withCreds(bad))

	// "Can login to Web Services API" concerns only the SOAP API (1.5 and earlier): a level saved
	// with it cleared still lets its API users sign in to REST, and the right secret is still
	// needed.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": custom, "permissions": rowsOf(map[string]string{"web_services_api.can_login": "false"})})
	if got := permsOf(t, z.item(entitySecurityLevels, custom))["web_services_api.can_login"]; got != "false" {
		t.Fatalf("can_login on the user's level is %q, want \"false\"", got)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))
	z.expect(http.StatusOK, http.MethodGet, "V1.0/zoneInformation?user="+u.creds.Username, nil, noAuth())
	bad = u.creds
	bad.Secret = "nope"
	if r := z.login(bad); r.status != http.StatusUnauthorized {
		t.Errorf("wrong secret on a level with can_login cleared: %d", r.status)
	}
}

func TestExtendedStatePersistsAPIUsers(t *testing.T) {
	path := t.TempDir() + "/tenant.json"
	z := newZone(t, Options{Profile: ProfileExtended, StatePath: path})
	level := z.createSecurityLevel("Persisted level", map[string]string{"crm.customer_and_cancelation": "all", "web_services_api.can_login": "true"})
	u := z.createAPIUser(map[string]any{"securityLevelID": level, "lineOfBusinessIDs": []int64{z.seeded(entityOrganizationalLevelAssociations)[0]}})

	z2 := newZone(t, Options{Profile: ProfileExtended, StatePath: path})
	z2.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(u.creds))
	if got := permsOf(t, z2.item(entitySecurityLevels, level)); got["crm.customer_and_cancelation"] != "all" {
		t.Errorf("reloaded level %v", got["crm.customer_and_cancelation"])
	}
	if lob, _ := z2.item(entityResources, u.id)["lineOfBusinessIDs"].([]any); len(lob) != 1 {
		t.Errorf("reloaded lineOfBusinessIDs %v", lob)
	}
	if next := z2.createSecurityLevel("After restart", nil); next != level+1 {
		t.Errorf("next level id %d, want %d", next, level+1)
	}
	// A state file belongs to its profile.
	if _, err := New(Options{Profile: ProfilePublic, StatePath: path}); err == nil || !strings.Contains(err.Error(), `"extended" profile`) {
		t.Errorf("loading an extended state file on the public profile: %v", err)
	}
}

// changedValue is a valid value for a Resources field that differs from current, built from the
// field's metadata as a client would, with the business rules of a few fields in mind.
func (z *zone) changedValue(name string, meta map[string]any, current any) any {
	z.t.Helper()
	switch name {
	case "email":
		return "changed-" + strconv.FormatInt(userSeq.Add(1), 10) + "@example.com"
	case "secret":
		return "Zz9#changedSecret"
	case "securityLevelID": // another active API-only level
		if current != nil && num(z.t, current) == 11 {
			return levelAPIUser
		}
		return 11
	case "userName":
		return "changed" + strconv.FormatInt(1000+userSeq.Add(1), 10)
	case "resourceType":
		return "Contractor"
	}
	if meta["isPickList"] == true {
		for _, v := range arr(z.t, meta["picklistValues"]) {
			pv := asObj(z.t, v)
			if pv["isActive"] == true && fmt.Sprint(current) != str(z.t, pv["value"]) {
				return str(z.t, pv["value"])
			}
		}
		z.t.Fatalf("%s: no other picklist value", name)
	}
	if meta["isReference"] == true {
		ref := str(z.t, meta["referenceEntityType"]) + "s"
		for _, id := range z.seeded(ref) {
			if current == nil || fmt.Sprint(current) != strconv.FormatInt(id, 10) {
				if meta["dataType"] == "integer[]" {
					return []int64{id}
				}
				return id
			}
		}
		z.t.Fatalf("%s: no other %s", name, ref)
	}
	switch meta["dataType"] {
	case "boolean":
		return current != true
	case "integer", "long":
		if current == nil {
			return 5
		}
		return num(z.t, current) + 1
	case "double", "decimal":
		return 12.5
	case "datetime":
		return "2020-01-02T00:00:00Z"
	case "string":
		v := "Changed value"
		if n := int(num(z.t, meta["length"])); n > 0 && n < len(v) {
			v = v[:n]
		}
		return v
	}
	z.t.Fatalf("%s: no changed value for dataType %v", name, meta["dataType"])
	return nil
}

// TestResourcesReadOnlyFlagsMatchPatch: a client decides from entityInformation/fields isReadOnly
// alone which Resources fields it may write. On both profiles and under both readings, every
// field reported writable takes a changed value by PATCH, and every field reported read-only
// refuses a change (500 naming the field as read-only) but accepts its current value.
func TestResourcesReadOnlyFlagsMatchPatch(t *testing.T) {
	for _, profile := range []Profile{ProfilePublic, ProfileExtended} {
		for _, reading := range []ResourceFieldsReading{ReadingREST, ReadingSOAP} {
			t.Run(string(profile)+"/"+string(reading), func(t *testing.T) {
				z := newZone(t, Options{Profile: profile, ResourceFieldsReading: reading}).on(t)
				id := z.seeded(entityResources)[5] // the vendor-tracked API user
				fields := z.fieldsOf(entityResources)
				before := z.item(entityResources, id)
				if num(t, before["licenseType"]) != licenseAPIUser {
					t.Fatalf("resource %d is not an API user: %v", id, before)
				}
				names := make([]string, 0, len(fields))
				for name := range fields {
					names = append(names, name)
				}
				sort.Strings(names)
				var readOnly []string
				for _, name := range names {
					if name == "id" {
						continue // PATCH names its record by id
					}
					meta := fields[name]
					if meta["isReadOnly"] == true {
						readOnly = append(readOnly, name)
					}
					t.Run(name, func(t *testing.T) {
						z := z.on(t)
						if name == "isLocked" { // the API can only clear it: lock the user as Autotask does
							z.sim.tenant.mu.Lock()
							z.sim.tenant.table(entityResources).rows[id]["isLocked"] = true
							z.sim.tenant.mu.Unlock()
						}
						current := z.item(entityResources, id)[name]
						value := z.changedValue(name, meta, current)
						r := z.do(http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, name: value})
						if meta["isReadOnly"] != true {
							if r.status != http.StatusOK {
								t.Fatalf("isReadOnly false, but PATCH %s=%v: %d %s", name, value, r.status, r.body)
							}
							if got, returned := z.item(entityResources, id)[name]; returned && fmt.Sprint(got) == fmt.Sprint(current) {
								t.Errorf("PATCH %s=%v answered 200 but the value is still %v", name, value, got)
							}
							return
						}
						if r.status != http.StatusInternalServerError {
							t.Fatalf("isReadOnly true, but PATCH %s=%v: %d %s", name, value, r.status, r.body)
						}
						if msg := errorText(t, r); !strings.Contains(msg, "The field "+name+" ") || !strings.Contains(msg, "read-only") {
							t.Errorf("refusal %q does not name %s as read-only", msg, name)
						}
						if got := z.item(entityResources, id)[name]; fmt.Sprint(got) != fmt.Sprint(current) {
							t.Errorf("a refused PATCH changed %s from %v to %v", name, current, got)
						}
						z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, name: current}) // unchanged: accepted
					})
				}
				want := []string{"defaultServiceDeskRoleID", "licenseType", "resourceType", "surveyResourceRating", "userName", "userType"}
				if profile == ProfileExtended {
					want = append(want, "apiTrackingIdentifier", "apiVendorID", "internalIntegrationName")
				}
				if reading == ReadingSOAP {
					want = append(want, soapReadOnlyResourceFields...)
				}
				if !sameSet(readOnly, want) {
					t.Errorf("read-only Resources fields %v, want %v", readOnly, want)
				}
			})
		}
	}
}

// TestResourceFieldsReading: the SOAP reading makes locationID, dateFormat and timeFormat
// read-only (create-only on the extended profile); the REST reading, the default, leaves them
// writable. PUT follows PATCH.
func TestResourceFieldsReading(t *testing.T) {
	for _, tc := range []struct {
		profile  Profile
		reading  ResourceFieldsReading
		readOnly bool
	}{
		{ProfilePublic, "", false},
		{ProfilePublic, ReadingREST, false},
		{ProfilePublic, "SOAP", true},
		{ProfileExtended, ReadingREST, false},
		{ProfileExtended, ReadingSOAP, true},
	} {
		t.Run(string(tc.profile)+"/"+string(tc.reading), func(t *testing.T) {
			z := newZone(t, Options{Profile: tc.profile, ResourceFieldsReading: tc.reading}).on(t)
			wantReading := ReadingREST
			if tc.readOnly {
				wantReading = ReadingSOAP
			}
			if got := z.sim.ResourceFieldsReading(); got != wantReading {
				t.Errorf("ResourceFieldsReading() = %q, want %q", got, wantReading)
			}
			fields := z.fieldsOf(entityResources)
			id := z.seeded(entityResources)[1]
			other := map[string]any{"locationID": z.seeded(entityInternalLocations)[2], "dateFormat": "yyyy-MM-dd", "timeFormat": "HH:mm"}
			for _, name := range soapReadOnlyResourceFields {
				if fields[name]["isReadOnly"] != tc.readOnly {
					t.Errorf("%s isReadOnly %v, want %v", name, fields[name]["isReadOnly"], tc.readOnly)
				}
				item := z.item(entityResources, id)
				z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, name: item[name]}) // unchanged
				put := z.item(entityResources, id)
				put[name] = other[name]
				if tc.readOnly {
					z.expectErrors("The field "+name+" ", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, name: other[name]})
					z.expectErrors("read-only", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, name: other[name]})
					z.expectErrors("read-only", http.MethodPut, "V1.0/Resources", put)
					z.expectErrors("read-only", http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, name: nil})
					put[name] = item[name]
					z.expect(http.StatusOK, http.MethodPut, "V1.0/Resources", put) // the record as read
				} else {
					z.expect(http.StatusOK, http.MethodPut, "V1.0/Resources", put)
				}
				if got := z.item(entityResources, id)[name]; (fmt.Sprint(got) == fmt.Sprint(other[name])) == tc.readOnly {
					t.Errorf("%s is %v after the writes", name, got)
				}
			}
			if tc.profile == ProfileExtended {
				// A POST may still choose them: on the extended profile they are create-only.
				u := z.createAPIUser(map[string]any{"locationID": other["locationID"], "dateFormat": "dd/MM/yyyy", "timeFormat": "HH:mm"})
				got := z.item(entityResources, u.id)
				if num(t, got["locationID"]) != other["locationID"] || got["dateFormat"] != "dd/MM/yyyy" || got["timeFormat"] != "HH:mm" {
					t.Errorf("created with %v %v %v", got["locationID"], got["dateFormat"], got["timeFormat"])
				}
			}
		})
	}
	if _, err := New(Options{ResourceFieldsReading: "wsdl"}); err == nil || !strings.Contains(err.Error(), `"rest" or "soap"`) {
		t.Errorf("an unknown reading: %v", err)
	}
}

// TestEmailChangesAwaitConfirmation: with the option, an API user's email change is accepted and
// not applied; without it, it is applied.
func TestEmailChangesAwaitConfirmation(t *testing.T) {
	for _, awaits := range []bool{false, true} {
		z := newZone(t, Options{Profile: ProfilePublic, EmailChangesAwaitConfirmation: awaits})
		u, err := z.sim.CreateAPIUserAsUI(UIAPIUser{FirstName: "Mail", LastName: "Change", Email: "old@example.com",
			SecurityLevel: "API User (system) (API-only)", InternalIntegrationName: "Mail"})
		if err != nil {
			t.Fatal(err)
		}
		z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": u.ID, "email": "new@example.com"})
		want := map[bool]string{false: "new@example.com", true: "old@example.com"}[awaits]
		if got := z.item("Resources", u.ID)["email"]; got != want {
			t.Errorf("awaiting confirmation %v: the email is %v, want %s", awaits, got, want)
		}
	}
}
