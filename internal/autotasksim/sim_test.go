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
	"time"
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
		m := z.expect(http.StatusOK, http.MethodGet, target, nil, noAuth())
		for k, v := range want {
			if m[k] != v {
				t.Errorf("%s: %s = %v, want %v", target, k, m[k], v)
			}
		}
		if num(t, m["ci"]) <= 0 {
			t.Errorf("%s: ci = %v", target, m["ci"])
		}
	}
	if z.root != z.srv.URL+"/ATServicesRest/" || !strings.HasPrefix(z.root, "http://127.0.0.1:") {
		t.Errorf("REST root %s", z.root)
	}
	// Unknown or blank user: 500 with the exact body a live zone returns.
	for _, target := range []string{"V1.0/zoneInformation?user=nobody%40example.com", "V1.0/zoneInformation?user=", "V1.0/zoneInformation"} {
		r := z.do(http.MethodGet, target, nil, noAuth())
		if r.status != http.StatusInternalServerError || string(r.body) != `{"errors":["Zone information could not be determined"]}` {
			t.Errorf("%s: %d %s", target, r.status, r.body)
		}
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

func capString(info map[string]any) string {
	var out []string
	for _, c := range []string{"create", "delete", "query", "update"} {
		if info["can"+strings.ToUpper(c[:1])+c[1:]] == true {
			out = append(out, c)
		}
	}
	return strings.Join(out, " ")
}

func TestThresholdInformationCounts(t *testing.T) {
	z := newZone(t, Options{})
	count := func() int64 {
		m := z.expect(http.StatusOK, http.MethodGet, "V1.0/ThresholdInformation", nil)
		if num(t, m["externalRequestThreshold"]) != 10000 || num(t, m["requestThresholdTimeframe"]) != 60 {
			t.Fatalf("threshold = %v", m)
		}
		return num(t, m["currentTimeframeRequestCount"])
	}
	before := count()
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
	z.do(http.MethodGet, "V1.0/zoneInformation?user=x", nil, noAuth()) // not authenticated: not counted
	z.do(http.MethodGet, "V1.0/Version", nil, withHeader(headerSecret, "wrong"))
	if after := count(); after != before+2 { // the entityInformation call and this ThresholdInformation call
		t.Errorf("count went from %d to %d, want +2", before, after)
	}

	c := &requestCounter{}
	now := time.Unix(1_700_000_000, 0)
	for i := range 90 {
		c.add(now.Add(time.Duration(i) * time.Minute))
	}
	if got := c.count(now.Add(89 * time.Minute)); got != 60 {
		t.Errorf("rolling window count = %d, want 60", got)
	}
	if got := c.count(now.Add(5 * time.Hour)); got != 0 {
		t.Errorf("count after the window = %d, want 0", got)
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
		r := z.do(http.MethodGet, target, nil, opt)
		if r.status != http.StatusUnauthorized || string(r.body) != `{"Message":"Authorization has been denied for this request."}` {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
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
		var body any
		if tc.method == http.MethodPost && tc.status == 200 {
			body = map[string]any{"filter": all}
		}
		r := z.do(tc.method, tc.target, body)
		if r.status != tc.status {
			t.Errorf("%s %s: status %d, want %d: %s", tc.method, tc.target, r.status, tc.status, r.body)
			continue
		}
		m := r.obj(t)
		switch tc.status {
		case 405:
			want := "The requested resource does not support http method '" + tc.method + "'."
			if len(m) != 1 || m["Message"] != want {
				t.Errorf("%s %s: 405 body %s", tc.method, tc.target, r.body)
			}
			if got := r.header.Get("Allow"); got != tc.allow {
				t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.target, got, tc.allow)
			}
		case 404:
			msg, _ := m["Message"].(string)
			if len(m) != 1 || !strings.HasPrefix(msg, "No HTTP resource was found that matches the request URI") {
				t.Errorf("%s %s: 404 body %s", tc.method, tc.target, r.body)
			}
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.target, ct)
		}
	}
	// Routing comes before authentication, as in ASP.NET: a wrong verb is 405 even without credentials.
	z.expect(http.StatusMethodNotAllowed, http.MethodPost, "V1.0/Resources", map[string]any{}, noAuth())
	z.expect(http.StatusNotFound, http.MethodGet, "V1.0/SecurityLevels/1", nil, noAuth())
}

func TestGetByID(t *testing.T) {
	z := newZone(t, Options{})
	for _, name := range []string{entityResources, entityInternalLocations, entityOrganizationalLevel1s, entityOrganizationalLevel2s, entityOrganizationalLevelAssociations} {
		for _, id := range z.seeded(name) {
			m := z.expect(http.StatusOK, http.MethodGet, "V1.0/"+name+"/"+strconv.FormatInt(id, 10), nil)
			item, ok := m["item"].(map[string]any)
			if !ok || len(m) != 1 || num(t, item["id"]) != id {
				t.Fatalf("%s/%d: %v", name, id, m)
			}
		}
		r := z.do(http.MethodGet, "V1.0/"+name+"/999999999", nil)
		if r.status != http.StatusNotFound || string(r.body) != `{"item":null}` {
			t.Errorf("%s unknown id: %d %s", name, r.status, r.body)
		}
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
}

// createLevels makes n OrganizationalLevel1s named "<prefix> NNNN" and returns their ids.
func createLevels(t *testing.T, z *zone, prefix string, n int) []int64 {
	t.Helper()
	ids := make([]int64, 0, n)
	for i := range n {
		m := z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": prefix + " " + strconv.Itoa(1000+i)})
		ids = append(ids, num(t, m["itemId"]))
	}
	return ids
}

func TestPagingPOST(t *testing.T) {
	z := newZone(t, Options{})
	created := createLevels(t, z, "Bulk", 1100)
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
	created := createLevels(t, z, "Bulk", 1001)
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
			created = append(created, createLevels(t, z, "Bulk late", 1)...)
		}
	}
	if pages != 6 || !reflect.DeepEqual(got, created) {
		t.Errorf("%d pages, %d ids (want 6 pages, %d ids in order)", pages, len(got), len(created))
	}
}

func TestWritesOrganizationalLevels(t *testing.T) {
	z := newZone(t, Options{})
	m := z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"id": 77, "Name": "Security Services", "DESCRIPTION": "SOC"})
	if len(m) != 1 {
		t.Fatalf("create answer %v, want only itemId", m)
	}
	id := num(t, m["itemId"])
	path := "V1.0/OrganizationalLevel1s/" + strconv.FormatInt(id, 10)
	item := func() map[string]any {
		it, ok := z.expect(http.StatusOK, http.MethodGet, path, nil)["item"].(map[string]any)
		if !ok {
			t.Fatal("no item")
		}
		return it
	}
	if it := item(); it["name"] != "Security Services" || it["description"] != "SOC" || it["isActive"] != true || id == 77 {
		t.Fatalf("created %v (id %d)", it, id)
	}

	// PATCH changes only what it sends; loosely typed values are accepted.
	m = z.expect(http.StatusOK, http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": strconv.FormatInt(id, 10), "IsActive": "False"})
	if num(t, m["itemId"]) != id {
		t.Errorf("PATCH answer %v", m)
	}
	if it := item(); it["isActive"] != false || it["description"] != "SOC" {
		t.Errorf("after PATCH %v", it)
	}
	// PUT replaces: fields left out become null; required ones must be there.
	z.expect(http.StatusOK, http.MethodPut, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "Security Services", "isActive": true})
	if it := item(); it["description"] != nil || it["isActive"] != true {
		t.Errorf("after PUT %v", it)
	}
	z.expectErrors("Missing required field: name", http.MethodPut, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "isActive": true})
	z.expectErrors("Missing required field: name", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"description": "no name"})
	z.expectErrors("Missing required field: name", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "  "})
	z.expectErrors("already exists", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "managed services"})
	z.expectErrors("already exists", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "Managed Services"})
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "security services"}) // its own name, recased
	z.expectErrors("maximum length of 100", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": strings.Repeat("x", 101)})
	z.expectErrors("not valid for field isActive", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "isActive": "maybe"})
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

func TestWritesResources(t *testing.T) {
	z := newZone(t, Options{})
	ids := z.seeded(entityResources)
	id := ids[1]
	path := "V1.0/Resources/" + strconv.FormatInt(id, 10)
	read := func() map[string]any {
		it, ok := z.expect(http.StatusOK, http.MethodGet, path, nil)["item"].(map[string]any)
		if !ok {
			t.Fatal("no item")
		}
		return it
	}
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
		f["id"] = id
		z.expectErrors("read-only", http.MethodPatch, "V1.0/Resources", f)
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
	fields := map[string]map[string]any{}
	list, ok := z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation/fields", nil)["fields"].([]any)
	if !ok {
		t.Fatal("no fields")
	}
	for _, f := range list {
		fm, isObj := f.(map[string]any)
		if !isObj {
			t.Fatal("field not an object")
		}
		fields[str(t, fm["name"])] = fm
	}
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

func TestSeededTenant(t *testing.T) {
	z := newZone(t, Options{})
	query := func(entityName string) []map[string]any {
		its, _ := items(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/"+entityName+"/query", map[string]any{"filter": all}))
		return its
	}
	locs := query(entityInternalLocations)
	defaults := 0
	for _, l := range locs {
		if l["isDefault"] == true {
			defaults++
		}
	}
	if len(locs) < 2 || defaults != 1 {
		t.Errorf("%d internal locations, %d default; want several and exactly one default", len(locs), defaults)
	}
	if len(query(entityOrganizationalLevel1s)) < 2 || len(query(entityOrganizationalLevel2s)) < 2 || len(query(entityOrganizationalLevelAssociations)) < 2 {
		t.Error("want lines of business (level 1, level 2 and their associations)")
	}
	var employees, apiUsers int
	for _, r := range query(entityResources) {
		if !strings.Contains(str(t, r["email"]), "@") || r["firstName"] == nil || r["locationID"] == nil || r["hireDate"] == nil {
			t.Errorf("unrealistic resource %v", r)
		}
		if num(t, r["licenseType"]) == licenseAPIUser {
			apiUsers++
		} else {
			employees++
		}
	}
	if employees < 3 || apiUsers < 2 {
		t.Errorf("%d employees and %d API users", employees, apiUsers)
	}
	c := z.creds
	if len(c.Username) != 15 || len(c.Secret) != 25 || len(c.IntegrationCode) != 27 || strings.ContainsAny(c.Username, `@();:[]|\"`) {
		t.Errorf("admin credentials %q %d %d", c.Username, len(c.Secret), len(c.IntegrationCode))
	}
	if !strings.ContainsAny(c.Secret[1:6], secretSpecial) {
		t.Errorf("secret %q lacks a special character in positions 2 to 6", c.Secret)
	}
	// Fixed credentials are honoured; two zones get different generated ones.
	fixed := Credentials{Username: "apiuser1234567", Secret: "Aa1*xxxxxxxx", IntegrationCode: "FIXEDCODE"}
	if got := newZone(t, Options{Admin: fixed}).creds; got != fixed {
		t.Errorf("fixed admin credentials %v", got)
	}
	if other := newZone(t, Options{}).creds; other.Secret == c.Secret || other.Username == c.Username {
		t.Error("generated credentials repeat")
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

func TestControlAPIAndLatency(t *testing.T) {
	z := newZone(t, Options{Control: true, Latency: 40 * time.Millisecond})
	m := z.expect(http.StatusOK, http.MethodGet, "/_sim/", nil, noAuth())
	if m["profile"] != "public" || m["url"] != z.root || m["control_url"] != ControlURL(z.srv.URL) {
		t.Errorf("control info %v", m)
	}
	z.expect(http.StatusNotFound, http.MethodGet, "/_sim/nothing", nil, noAuth())
	z.expect(http.StatusMethodNotAllowed, http.MethodPost, "/_sim/", nil, noAuth())

	start := time.Now()
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("request took %v with 40ms latency", d)
	}
}

// TestDeleteAndGenericEntity registers a test-only entity to exercise the generic machinery
// (DELETE is not offered by any published entity the simulator serves).
func TestDeleteAndGenericEntity(t *testing.T) {
	w := widgets()
	w.beforeDelete = func(_ *tenant, r record) error {
		if r["name"] == "keep" {
			return businessError("This widget cannot be deleted.")
		}
		return nil
	}
	sim, err := newSimulator(Options{}, ProfilePublic, append(entitiesFor(ProfilePublic), w))
	if err != nil {
		t.Fatal(err)
	}
	z := serveZone(t, sim)
	id := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Widgets", map[string]any{"name": "gone", "count": 3})["itemId"])
	keep := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Widgets", map[string]any{"name": "keep"})["itemId"])
	path := "V1.0/Widgets/" + strconv.FormatInt(id, 10)
	m := z.expect(http.StatusOK, http.MethodDelete, path, nil)
	if len(m) != 1 || num(t, m["itemId"]) != id {
		t.Errorf("DELETE answer %v", m)
	}
	z.expect(http.StatusNotFound, http.MethodGet, path, nil)
	z.expectErrors("No matching records found", http.MethodDelete, path, nil)
	z.expectErrors("cannot be deleted", http.MethodDelete, "V1.0/Widgets/"+strconv.FormatInt(keep, 10), nil)
	info, _ := z.expect(http.StatusOK, http.MethodGet, "V1.0/Widgets/entityInformation", nil)["info"].(map[string]any)
	if capString(info) != "create delete query update" {
		t.Errorf("widget capabilities %v", info)
	}
	// ids are never reused.
	if next := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Widgets", map[string]any{"name": "new"})["itemId"]); next <= keep {
		t.Errorf("id %d reused", next)
	}
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
