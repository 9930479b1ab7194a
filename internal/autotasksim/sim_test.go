package autotasksim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestZoneInformation(t *testing.T) {
	z := newZone(t, Options{})
	want := map[string]any{"zoneName": "Autotask Simulator", "url": z.root, "webUrl": z.srv.URL + "/"}
	for _, target := range []string{
		"V1.0/zoneInformation?user=" + url.QueryEscape(z.creds.Username),
		"/atservicesrest/v1.0/zoneinformation?user=" + url.QueryEscape(strings.ToUpper(z.creds.Username)),
		"/ATServicesRest/V1.0/ZoneInformation?User=" + url.QueryEscape(z.creds.Username),
		"V1.0/zoneInformation?user=dwhitfield", // any user of the tenant, not only API users
	} {
		t.Run(target, func(t *testing.T) {
			m := z.on(t).expect(http.StatusOK, http.MethodGet, target, nil, noAuth())
			for k, v := range want {
				if m[k] != v {
					t.Errorf("%s = %v, want %v", k, m[k], v)
				}
			}
			if num(t, m["ci"]) <= 0 {
				t.Errorf("ci = %v", m["ci"])
			}
		})
	}
	if z.root != z.srv.URL+"/ATServicesRest/" || !strings.HasPrefix(z.root, "http://127.0.0.1:") {
		t.Errorf("REST root %s", z.root)
	}
	// Unknown or blank user: 500 with the exact body a live zone returns.
	for _, target := range []string{"V1.0/zoneInformation?user=nobody%40example.com", "V1.0/zoneInformation?user=", "V1.0/zoneInformation"} {
		t.Run(target, func(t *testing.T) {
			r := z.on(t).do(http.MethodGet, target, nil, noAuth())
			if r.status != http.StatusInternalServerError || string(r.body) != `{"errors":["Zone information could not be determined"]}` {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
	z.expect(http.StatusMethodNotAllowed, http.MethodPost, "V1.0/zoneInformation?user=x", nil, noAuth())
}

func TestVersionAndGlobalRoutes(t *testing.T) {
	z := newZone(t, Options{})
	m := z.expect(http.StatusOK, http.MethodGet, "/ATServicesRest/VersionInformation", nil, noAuth())
	if !reflect.DeepEqual(m["apiVersions"], []any{"1.0"}) {
		t.Errorf("VersionInformation = %v", m)
	}
	z.expect(http.StatusOK, http.MethodGet, "/atservicesrest/versioninformation", nil, noAuth())
	z.expect(http.StatusNotFound, http.MethodGet, "V1.0/VersionInformation", nil) // no /V1.0 in that path

	v := z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	for _, k := range []string{"majorVersion", "minorVersion", "build"} {
		if str(t, v[k]) == "" {
			t.Errorf("Version.%s empty", k)
		}
	}
	z.expectErrors("not an API user", http.MethodGet, "V1.0/Version", nil, noAuth())

	mods := z.expect(http.StatusOK, http.MethodGet, "V1.0/Modules", nil)
	if list, ok := mods["modules"].([]any); !ok || len(list) == 0 {
		t.Errorf("Modules = %v", mods)
	}

	g := z.expect(http.StatusOK, http.MethodGet, "V1.0/EntityInformation", nil)
	descs, ok := g["entityDescriptions"].([]any)
	if !ok {
		t.Fatalf("EntityInformation = %v", g)
	}
	caps := map[string]string{}
	for _, d := range descs {
		info := asObj(t, asObj(t, d)["info"])
		caps[str(t, info["name"])] = capString(info)
	}
	want := map[string]string{
		"Resource":                       "query update",
		"InternalLocation":               "query",
		"OrganizationalLevel1":           "create query update",
		"OrganizationalLevel2":           "create query update",
		"OrganizationalLevelAssociation": "create query update",
	}
	if !reflect.DeepEqual(caps, want) {
		t.Errorf("entity capabilities = %v, want %v", caps, want)
	}
}

func TestAuthentication(t *testing.T) {
	z := newZone(t, Options{})
	target := "V1.0/Resources/entityInformation"
	vendor, retired := z.credsOf(1), z.credsOf(2)

	z.expect(http.StatusOK, http.MethodGet, target, nil)
	// Header names are case-insensitive.
	z.expect(http.StatusOK, http.MethodGet, target, nil, noAuth(), func(h http.Header) {
		h["username"] = []string{z.creds.Username}
		h["secret"] = []string{z.creds.Secret}
		h["ApiIntegrationcode"] = []string{z.creds.IntegrationCode}
	})
	z.expect(http.StatusOK, http.MethodGet, target, nil, withCreds(vendor))
	z.expect(http.StatusOK, http.MethodGet, target, nil, withHeader(headerUserName, strings.ToUpper(z.creds.Username)))

	z.expectErrors("not an API user", http.MethodGet, target, nil, noAuth())
	z.expectErrors("not an API user", http.MethodGet, target, nil, withHeader(headerUserName, "nobody"))
	z.expectErrors("not an API user", http.MethodGet, target, nil, withHeader(headerUserName, "mlee")) // an employee, no API credentials
	z.expectErrors("IntegrationCode is invalid.", http.MethodGet, target, nil, withHeader(headerIntegrationCode, "WRONGCODE"))
	z.expectErrors("IntegrationCode is invalid.", http.MethodGet, target, nil, func(h http.Header) { h.Del(headerIntegrationCode) })
	z.expectErrors("IntegrationCode is invalid.", http.MethodGet, target, nil, withHeader(headerIntegrationCode, vendor.IntegrationCode))

	for name, opt := range map[string]reqOpt{
		"wrong secret":             withHeader(headerSecret, z.creds.Secret+"x"),
		"missing secret":           func(h http.Header) { h.Del(headerSecret) },
		"another user's secret":    withHeader(headerSecret, vendor.Secret),
		"deactivated API user":     withCreds(retired),
		"wrong secret, wrong code": func(h http.Header) { h.Set(headerSecret, "x"); h.Set(headerIntegrationCode, "y") },
	} {
		t.Run(name, func(t *testing.T) {
			r := z.on(t).do(http.MethodGet, target, nil, opt)
			if r.status != http.StatusUnauthorized || string(r.body) != `{"Message":"Authorization has been denied for this request."}` {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}

	// Impersonation: an active, non-API resource.
	employees := z.seeded(entityResources)
	z.expect(http.StatusOK, http.MethodGet, target, nil, withHeader(headerImpersonation, strconv.FormatInt(employees[1], 10)))
	z.expectErrors("does not reference", http.MethodGet, target, nil, withHeader(headerImpersonation, "12345"))
	z.expectErrors("does not reference", http.MethodGet, target, nil, withHeader(headerImpersonation, "abc"))
	z.expectErrors("cannot be impersonated", http.MethodGet, target, nil, withHeader(headerImpersonation, strconv.FormatInt(employees[3], 10))) // inactive
	z.expectErrors("cannot be impersonated", http.MethodGet, target, nil, withHeader(headerImpersonation, strconv.FormatInt(employees[4], 10))) // API user

	// Deactivating an API user through the API locks it out; reactivating lets it back in.
	vendorID := employees[5]
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": vendorID, "isActive": false})
	z.expect(http.StatusUnauthorized, http.MethodGet, target, nil, withCreds(vendor))
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": vendorID, "isActive": true})
	z.expect(http.StatusOK, http.MethodGet, target, nil, withCreds(vendor))
}

func TestRoutingStatuses(t *testing.T) {
	z := newZone(t, Options{})
	res := strconv.FormatInt(z.seeded(entityResources)[0], 10)
	loc := strconv.FormatInt(z.seeded(entityInternalLocations)[0], 10)
	s := "?search=" + search(t, map[string]any{"filter": all})
	cases := []struct {
		method, target string
		status         int
		allow          string
	}{
		// Resources: query, GET, PUT, PATCH only.
		{http.MethodPost, "V1.0/Resources", 405, "PATCH, PUT"},
		{http.MethodGet, "V1.0/Resources", 405, "PATCH, PUT"},
		{http.MethodDelete, "V1.0/Resources", 405, "PATCH, PUT"},
		{http.MethodDelete, "V1.0/Resources/" + res, 405, "GET"},
		{http.MethodPatch, "V1.0/Resources/" + res, 405, "GET"},
		{http.MethodPut, "V1.0/Resources/query", 405, "POST"},
		{http.MethodGet, "V1.0/Resources/query", 405, "POST"}, // GET needs ?search=
		{http.MethodGet, "V1.0/Resources/query/count", 405, "POST"},
		{http.MethodGet, "V1.0/Resources/query/next?paging=x", 405, "POST"},
		{http.MethodDelete, "V1.0/Resources/query/count" + s, 405, "GET, POST"},
		{http.MethodPost, "V1.0/Resources/entityInformation", 405, "GET"},
		{http.MethodPut, "V1.0/Resources/entityInformation/fields", 405, "GET"},
		{http.MethodPost, "V1.0/Resources/entityInformation/userDefinedFields", 405, "GET"},
		{http.MethodPost, "V1.0/EntityInformation", 405, "GET"},
		{http.MethodPut, "V1.0/ThresholdInformation", 405, "GET"},
		// InternalLocations is query-only: no collection route at all.
		{http.MethodPatch, "V1.0/InternalLocations", 404, ""},
		{http.MethodPost, "V1.0/InternalLocations", 404, ""},
		{http.MethodDelete, "V1.0/InternalLocations/" + loc, 405, "GET"},
		// Unknown routes.
		{http.MethodGet, "V1.0/SecurityLevels/entityInformation", 404, ""},
		{http.MethodPost, "V1.0/SecurityLevels", 404, ""},
		{http.MethodGet, "V1.0/SecurityLevels/query" + s, 404, ""},
		{http.MethodGet, "V1.0/Tasks/1", 404, ""},
		{http.MethodGet, "V1.0/Resources/" + res + "/ServiceDeskRoles", 404, ""},
		{http.MethodGet, "V1.0/Resources/abc", 404, ""},
		{http.MethodGet, "V1.0/Resources/query/other", 404, ""},
		{http.MethodGet, "V1.0", 404, ""},
		{http.MethodGet, "/", 404, ""},
		{http.MethodGet, "/V1.0/Resources/" + res, 404, ""}, // missing the ATServicesRest prefix
		{http.MethodGet, "/ATServicesRest/V2.0/Resources/" + res, 404, ""},
		{http.MethodGet, "/_sim/", 404, ""}, // control API off
		// Case-insensitive paths, trailing and doubled slashes.
		{http.MethodGet, "/atservicesrest/v1.0/resources/ENTITYINFORMATION/Fields", 200, ""},
		{http.MethodGet, "/ATSERVICESREST/V1.0/internallocations/" + loc, 200, ""},
		{http.MethodGet, "V1.0/Resources/entityinformation/", 200, ""},
		{http.MethodGet, "/ATServicesRest//v1.0/Resources/" + res, 200, ""},
		{http.MethodPost, "/atservicesrest/V1.0/RESOURCES/Query/Count", 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			var body any
			if tc.method == http.MethodPost && tc.status == 200 {
				body = map[string]any{"filter": all}
			}
			r := z.on(t).do(tc.method, tc.target, body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			m := r.obj(t)
			switch tc.status {
			case 405:
				want := "The requested resource does not support http method '" + tc.method + "'."
				if len(m) != 1 || m["Message"] != want {
					t.Errorf("405 body %s", r.body)
				}
				if got := r.header.Get("Allow"); got != tc.allow {
					t.Errorf("Allow %q, want %q", got, tc.allow)
				}
			case 404:
				msg, _ := m["Message"].(string)
				if len(m) != 1 || !strings.HasPrefix(msg, "No HTTP resource was found that matches the request URI") {
					t.Errorf("404 body %s", r.body)
				}
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
	// Routing comes before authentication, as in ASP.NET: a wrong verb is 405 even without credentials.
	z.expect(http.StatusMethodNotAllowed, http.MethodPost, "V1.0/Resources", map[string]any{}, noAuth())
	z.expect(http.StatusNotFound, http.MethodGet, "V1.0/SecurityLevels/1", nil, noAuth())
}

func TestGetByID(t *testing.T) {
	z := newZone(t, Options{})
	for _, name := range []string{entityResources, entityInternalLocations, entityOrganizationalLevel1s, entityOrganizationalLevel2s, entityOrganizationalLevelAssociations} {
		t.Run(name, func(t *testing.T) {
			z := z.on(t)
			for _, id := range z.seeded(name) {
				m := z.expect(http.StatusOK, http.MethodGet, "V1.0/"+name+"/"+strconv.FormatInt(id, 10), nil)
				item, ok := m["item"].(map[string]any)
				if !ok || len(m) != 1 || num(t, item["id"]) != id {
					t.Fatalf("%d: %v", id, m)
				}
			}
			r := z.do(http.MethodGet, "V1.0/"+name+"/999999999", nil)
			if r.status != http.StatusNotFound || string(r.body) != `{"item":null}` {
				t.Errorf("unknown id: %d %s", r.status, r.body)
			}
		})
	}
	// Entity JSON: camelCase, every field present, id first, UTC date-times with Z.
	r := z.do(http.MethodGet, "V1.0/Resources/"+strconv.FormatInt(z.seeded(entityResources)[0], 10), nil)
	if !strings.HasPrefix(string(r.body), `{"item":{"id":`) || !strings.Contains(string(r.body), `"hireDate":"2016-03-01T00:00:00Z"`) ||
		!strings.Contains(string(r.body), `"defaultServiceDeskRoleID":null`) {
		t.Errorf("Resource JSON: %s", r.body)
	}
}

func TestQueryOverHTTP(t *testing.T) {
	z := newZone(t, Options{})
	filter := []map[string]any{
		{"op": "eq", "field": "IsActive", "value": "True"},
		{"op": "or", "items": []map[string]any{
			{"op": "eq", "field": "lastname", "value": "whitfield"},
			{"op": "and", "items": []map[string]any{
				{"op": "beginsWith", "field": "FIRSTNAME", "value": "Mar"},
				{"op": "in", "field": "locationID", "value": []int64{z.seeded(entityInternalLocations)[0]}},
			}},
		}},
	}
	want := []string{"dwhitfield", "mlee"}
	userNames := func(m map[string]any) []string {
		its, pd := items(t, m)
		if num(t, pd["count"]) != int64(len(its)) || num(t, pd["requestCount"]) != 500 || pd["nextPageUrl"] != nil || pd["prevPageUrl"] != nil {
			t.Errorf("pageDetails = %v", pd)
		}
		var out []string
		for _, it := range its {
			out = append(out, str(t, it["userName"]))
		}
		return out
	}
	get := z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/query?search="+search(t, map[string]any{"filter": filter}), nil)
	post := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{"Filter": filter})
	if g, p := userNames(get), userNames(post); !reflect.DeepEqual(g, want) || !reflect.DeepEqual(p, want) {
		t.Errorf("GET %v, POST %v, want %v", g, p, want)
	}
	// The search parameter name is case-insensitive too.
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/query?Search="+search(t, map[string]any{"filter": all}), nil)

	// IncludeFields and MaxRecords, in either key case.
	m := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{
		"filter": all, "includeFields": []string{"USERNAME", "email"}, "maxRecords": 2,
	})
	its, pd := items(t, m)
	if len(its) != 2 || num(t, pd["requestCount"]) != 2 || pd["nextPageUrl"] == nil {
		t.Fatalf("MaxRecords 2: %v", m)
	}
	for _, it := range its {
		if len(it) != 3 || it["id"] == nil || it["userName"] == nil || it["email"] == nil {
			t.Errorf("IncludeFields projection: %v", it)
		}
	}

	// Counts ignore MaxRecords; GET and POST agree.
	countBody := map[string]any{"filter": []map[string]any{{"op": "eq", "field": "licenseType", "value": 7}}, "MaxRecords": 1}
	c1 := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query/count", countBody)
	c2 := z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/query/count?search="+search(t, countBody), nil)
	if num(t, c1["queryCount"]) != 3 || num(t, c2["queryCount"]) != 3 || len(c1) != 1 {
		t.Errorf("count = %v / %v, want 3 API users", c1, c2)
	}

	// Bad queries are business errors.
	z.expectErrors("unable to find field", http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": []map[string]any{{"op": "eq", "field": "securityLevelID", "value": 1}}})
	z.expectErrors("cannot be queried", http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": []map[string]any{{"op": "exist", "field": "defaultServiceDeskRoleID"}}})
	z.expectErrors("no user-defined fields", http.MethodPost, "V1.0/Resources/query/count", map[string]any{"filter": []map[string]any{{"op": "eq", "field": "Ranking", "udf": true, "value": "x"}}})
	z.expectErrors("filter", http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": []any{}})
	z.expectErrors("missing", http.MethodPost, "V1.0/Resources/query", nil)
	z.expectErrors("not valid JSON", http.MethodGet, "V1.0/Resources/query?search=%7Bfilter", nil)
	z.expectErrors("missing", http.MethodGet, "V1.0/Resources/query?search=", nil)

	// A null value for a boolean field is an error (true or false only), on every query route.
	nullBool := map[string]any{"filter": []map[string]any{{"op": "eq", "field": "isActive", "value": nil}}}
	for _, target := range []string{"V1.0/Resources/query", "V1.0/Resources/query/count"} {
		z.expectErrors("boolean field isActive needs the value true or false, not null", http.MethodPost, target, nullBool)
		z.expectErrors("boolean field isActive needs the value true or false, not null", http.MethodGet, target+"?search="+search(t, nullBool), nil)
	}
	z.expectErrors("not null", http.MethodPost, "V1.0/InternalLocations/query", map[string]any{"filter": []map[string]any{{"op": "noteq", "field": "isDefault", "value": nil}}})
	// exist and notExist need no value.
	z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": []map[string]any{{"op": "exist", "field": "isActive", "value": nil}}})
}

func TestPagingPOST(t *testing.T) {
	z := newZone(t, Options{})
	created := z.createOrgLevels("Bulk", 1100)
	body := map[string]any{"filter": []map[string]any{{"op": "beginsWith", "field": "name", "value": "bulk"}}}

	var got []int64
	var pages []map[string]any
	r := z.do(http.MethodPost, "V1.0/OrganizationalLevel1s/query", body)
	for {
		if r.status != http.StatusOK {
			t.Fatalf("page %d: %d %s", len(pages)+1, r.status, r.body)
		}
		its, pd := items(t, r.obj(t))
		pages = append(pages, pd)
		for _, it := range its {
			got = append(got, num(t, it["id"]))
		}
		next, _ := pd["nextPageUrl"].(string)
		if next == "" {
			break
		}
		if !strings.HasPrefix(next, z.root+"V1.0/OrganizationalLevel1s/query/next?paging=") || strings.Contains(next, "search=") {
			t.Fatalf("POST nextPageUrl %s", next)
		}
		// A GET on a POST query's next page is 405; an empty POST is a business error.
		z.expect(http.StatusMethodNotAllowed, http.MethodGet, next, nil)
		z.expectErrors("missing", http.MethodPost, next, nil)
		r = z.do(http.MethodPost, next, body)
	}
	if !reflect.DeepEqual(got, created) {
		t.Fatalf("paged %d ids, want the %d created, in order", len(got), len(created))
	}
	counts := []int64{}
	for _, pd := range pages {
		counts = append(counts, num(t, pd["count"]))
		if num(t, pd["requestCount"]) != 500 {
			t.Errorf("requestCount %v", pd["requestCount"])
		}
	}
	if !reflect.DeepEqual(counts, []int64{500, 500, 100}) {
		t.Errorf("page sizes %v", counts)
	}
	if pages[0]["prevPageUrl"] != nil {
		t.Errorf("first page has a prevPageUrl")
	}

	// The paging token has the live shape.
	next, _ := pages[0]["nextPageUrl"].(string)
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	if tok := u.Query().Get("paging"); tok != `{"pageSize":500,"previousIds":[-1],"nextIds":[`+strconv.FormatInt(created[499], 10)+`]}` {
		t.Errorf("paging token %s", tok)
	}

	// prevPageUrl walks back: page 3's previous is page 2, whose previous is page 1.
	prev3, _ := pages[2]["prevPageUrl"].(string)
	its, pd := items(t, z.expect(http.StatusOK, http.MethodPost, prev3, body))
	if num(t, its[0]["id"]) != created[500] || len(its) != 500 {
		t.Errorf("prev of page 3 starts at %v", its[0]["id"])
	}
	prev2, _ := pd["prevPageUrl"].(string)
	its, pd = items(t, z.expect(http.StatusOK, http.MethodPost, prev2, body))
	if num(t, its[0]["id"]) != created[0] || pd["prevPageUrl"] != nil {
		t.Errorf("prev of page 2 starts at %v, prev %v", its[0]["id"], pd["prevPageUrl"])
	}

	z.expectErrors("paging parameter is not valid", http.MethodPost, "V1.0/OrganizationalLevel1s/query/next?paging=%7B%7D", body)
	z.expectErrors("paging parameter is missing", http.MethodPost, "V1.0/OrganizationalLevel1s/query/next", body)
}

func TestPagingGET(t *testing.T) {
	z := newZone(t, Options{})
	created := z.createOrgLevels("Bulk", 1001)
	q := map[string]any{"filter": []map[string]any{{"op": "contains", "field": "name", "value": "ulk"}}, "MaxRecords": 200}
	target := "V1.0/OrganizationalLevel1s/query?search=" + search(t, q)
	var got []int64
	pages := 0
	for target != "" {
		m := z.expect(http.StatusOK, http.MethodGet, target, nil)
		pages++
		its, pd := items(t, m)
		for _, it := range its {
			got = append(got, num(t, it["id"]))
		}
		target, _ = pd["nextPageUrl"].(string)
		if target != "" && !strings.Contains(target, "&search=") {
			t.Fatalf("GET nextPageUrl lacks the search: %s", target)
		}
		if pages == 3 {
			// Keyset paging: a record created mid-way shows up once, at the end.
			created = append(created, z.createOrgLevels("Bulk late", 1)...)
		}
	}
	if pages != 6 || !reflect.DeepEqual(got, created) {
		t.Errorf("%d pages, %d ids (want 6 pages, %d ids in order)", pages, len(got), len(created))
	}
}

func TestWriteErrors(t *testing.T) {
	z := newZone(t, Options{})
	z.expectErrors("id of the OrganizationalLevel1 to update is missing", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"name": "x"})
	z.expectErrors("id of the OrganizationalLevel1 to update is missing", http.MethodPut, "V1.0/OrganizationalLevel1s", map[string]any{"id": "abc", "name": "x"})
	z.expectErrors("No matching records found", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": 424242, "name": "x"})
	z.expectErrors("body is empty", http.MethodPost, "V1.0/OrganizationalLevel1s", nil)
	z.expectErrors("not valid JSON", http.MethodPost, "V1.0/OrganizationalLevel1s", "{name:")
	z.expectErrors("must be a JSON object", http.MethodPost, "V1.0/OrganizationalLevel1s", "[1]")
	z.expectErrors("more than once", http.MethodPost, "V1.0/OrganizationalLevel1s", `{"name":"a","NAME":"b"}`)

	l1, l2 := z.seeded(entityOrganizationalLevel1s), z.seeded(entityOrganizationalLevel2s)
	z.expectErrors("Value does not reference an existing entity for organizationalLevel1ID . ", http.MethodPost, "V1.0/OrganizationalLevelAssociations",
		map[string]any{"organizationalLevel1ID": 999, "organizationalLevel2ID": l2[0]})
	z.expectErrors("already exists", http.MethodPost, "V1.0/OrganizationalLevelAssociations",
		map[string]any{"organizationalLevel1ID": l1[0], "organizationalLevel2ID": l2[0]})
	m := z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevelAssociations",
		map[string]any{"organizationalLevel1ID": l1[1], "organizationalLevel2ID": l2[1], "unknownProperty": "ignored, as ASP.NET does"})
	if num(t, m["itemId"]) <= 0 {
		t.Errorf("association create %v", m)
	}
}

func TestProfiles(t *testing.T) {
	for _, in := range []string{"", "public", "PUBLIC", "extended"} {
		if _, err := ParseProfile(in); err != nil {
			t.Errorf("ParseProfile(%q): %v", in, err)
		}
	}
	if _, err := ParseProfile("private"); err == nil {
		t.Error("ParseProfile accepted an unknown profile")
	}
	if _, err := New(Options{Profile: "nope"}); err == nil {
		t.Error("New accepted an unknown profile")
	}
	z := newZone(t, Options{Profile: ProfileExtended})
	if z.sim.Profile() != ProfileExtended {
		t.Error("profile not kept")
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
}

func TestConcurrentCreates(t *testing.T) {
	z := newZone(t, Options{ThreadLimit: -1}) // 40 parallel writes of one integration code: no thread limit
	defer func() {
		if n := z.sim.Stats().Rejected.ThreadLimit; n != 0 {
			t.Errorf("%d requests rejected with the thread limit disabled", n)
		}
	}()
	const n = 40
	var wg sync.WaitGroup
	ids := make(chan int64, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := z.tryDo(http.MethodPost, "V1.0/OrganizationalLevel2s", map[string]any{"name": "Parallel " + strconv.Itoa(i)})
			if err != nil || r.status != http.StatusOK {
				return
			}
			var out struct{ ItemID int64 }
			if json.Unmarshal(r.body, &out) == nil {
				ids <- out.ItemID
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct ids from %d concurrent creates", len(seen), n)
	}
}
