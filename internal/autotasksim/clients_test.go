package autotasksim

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// These tests replay, request by request, what public Autotask clients send (as their source and
// documentation show), to check that clients written against the published API work unchanged.
// The clients themselves are not vendored; the request shapes are.

// wireClient sends raw requests the way a given client library builds them.
type wireClient struct {
	t       *testing.T
	headers map[string]string // exact header names as the client spells them
}

func (c *wireClient) send(method, rawURL, body string) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, rawURL, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range c.headers {
		req.Header[k] = []string{v} // keep the client's spelling, bypassing canonicalisation
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("%s %s: %d, body is not a JSON object: %s", method, rawURL, resp.StatusCode, data)
	}
	return resp.StatusCode, m
}

func (c *wireClient) ok(method, rawURL, body string) map[string]any {
	c.t.Helper()
	status, m := c.send(method, rawURL, body)
	if status != http.StatusOK {
		c.t.Fatalf("%s %s: status %d: %v", method, rawURL, status, m)
	}
	return m
}

// discover does zone discovery with no credentials, as every client does first.
func discover(t *testing.T, z *zone, lookupRoot string) string {
	t.Helper()
	c := &wireClient{t: t}
	zi := c.ok(http.MethodGet, lookupRoot+"v1.0/zoneInformation?user="+url.QueryEscape(z.creds.Username), "")
	u, _ := zi["url"].(string)
	if u != z.root {
		t.Fatalf("zoneInformation url %q, want %q", u, z.root)
	}
	return u
}

// apigrate/autotask-restapi (Node): "${zoneInfo.url}V1.0/..." with the header spelled
// "ApiIntegrationcode", POST queries with includeFields, count, then GET by id.
func TestClientApigrateStyle(t *testing.T) {
	z := newZone(t, Options{})
	root := discover(t, z, z.srv.URL+"/ATServicesRest/")
	c := &wireClient{t: t, headers: map[string]string{
		"UserName": z.creds.Username, "Secret": z.creds.Secret, "ApiIntegrationcode": z.creds.IntegrationCode, "Content-Type": "application/json",
	}}
	q := `{"filter":[{"op":"gte","field":"id","value":0}],"includeFields":["id","userName","isActive"]}`
	its, _ := items(t, c.ok(http.MethodPost, root+"V1.0/Resources/query", q))
	cnt := c.ok(http.MethodPost, root+"V1.0/Resources/query/count", q)
	if len(its) == 0 || float64(len(its)) != cnt["queryCount"] {
		t.Fatalf("%d items, count %v", len(its), cnt["queryCount"])
	}
	idNum, _ := its[0]["id"].(float64)
	id := strconv.FormatFloat(idNum, 'f', 0, 64)
	item := c.ok(http.MethodGet, root+"V1.0/Resources/"+id, "")
	if _, ok := item["item"].(map[string]any); !ok {
		t.Fatalf("GET by id %v", item)
	}
	// apigrate treats a 404 on GET by id as "not found" and returns null.
	if status, _ := c.send(http.MethodGet, root+"V1.0/Resources/1", ""); status != http.StatusNotFound {
		t.Errorf("missing id: %d", status)
	}
	// Its update is PATCH on the collection and reads itemId.
	upd := c.ok(http.MethodPatch, root+"V1.0/Resources", `{"id":`+id+`,"title":"Updated via apigrate"}`)
	if upd["itemId"] != its[0]["id"] {
		t.Errorf("PATCH answer %v", upd)
	}
}

// django-autotask (Python): GET queries with ?search=, following nextPageUrl with the same
// method (GET, empty body) until it is null.
func TestClientDjangoStyle(t *testing.T) {
	z := newZone(t, Options{})
	z.createOrgLevels("Django", 1203)
	root := discover(t, z, z.srv.URL+"/atservicesrest/")
	c := &wireClient{t: t, headers: map[string]string{
		"Username": z.creds.Username, "Secret": z.creds.Secret, "Apiintegrationcode": z.creds.IntegrationCode,
	}}
	search := url.QueryEscape(`{"filter":[{"op":"gte","field":"id","value":0}]}`)
	next := root + "V1.0/OrganizationalLevel1s/query?search=" + search
	total := 0
	for next != "" {
		its, pd := items(t, c.ok(http.MethodGet, next, ""))
		total += len(its)
		next, _ = pd["nextPageUrl"].(string)
	}
	if total != 1203+3 { // plus the seeded levels
		t.Errorf("django-style paging saw %d records", total)
	}
}

// asachs01/autotask-go: lower-cases ATServicesRest in zoneInfo.url, appends "v1.0/", and sends
// HTTP Basic auth on top of the Autotask headers.
func TestClientAutotaskGoStyle(t *testing.T) {
	z := newZone(t, Options{})
	zoneURL := discover(t, z, z.srv.URL+"/atservicesrest/")
	base := strings.Replace(zoneURL, "ATServicesRest", "atservicesrest", 1) + "v1.0/"
	c := &wireClient{t: t, headers: map[string]string{
		"UserName": z.creds.Username, "Secret": z.creds.Secret, "ApiIntegrationCode": z.creds.IntegrationCode,
		"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(z.creds.Username+":"+z.creds.Secret)),
	}}
	its, _ := items(t, c.ok(http.MethodPost, base+"Resources/query", `{"filter":[{"op":"eq","field":"isActive","value":true}]}`))
	if len(its) == 0 {
		t.Error("no active resources")
	}
	c.ok(http.MethodGet, base+"InternalLocations/entityInformation/fields", "")
}

// tphakala/go-autotask: joins zone.URL (which ends in "/") with "/v1.0/...", producing a double
// slash; its metadata package unwraps {"info":...}.
func TestClientGoAutotaskStyle(t *testing.T) {
	z := newZone(t, Options{})
	zoneURL := discover(t, z, z.srv.URL+"/ATServicesRest/")
	c := &wireClient{t: t, headers: map[string]string{
		"UserName": z.creds.Username, "Secret": z.creds.Secret, "ApiIntegrationCode": z.creds.IntegrationCode, "Content-Type": "application/json",
	}}
	info := c.ok(http.MethodGet, zoneURL+"/v1.0/Resources/entityInformation", "")
	if _, ok := info["info"].(map[string]any); !ok {
		t.Errorf("entityInformation %v", info)
	}
	th := c.ok(http.MethodGet, zoneURL+"/v1.0/ThresholdInformation", "")
	if th["externalRequestThreshold"] != float64(10000) {
		t.Errorf("ThresholdInformation %v", th)
	}
	// It follows nextPageUrl with a POST and no body, which a real zone rejects; so does this one.
	q := `{"filter":[{"op":"exist","field":"id"}],"MaxRecords":2}`
	_, pd := items(t, c.ok(http.MethodPost, zoneURL+"/v1.0/Resources/query", q))
	next, _ := pd["nextPageUrl"].(string)
	if status, _ := c.send(http.MethodPost, next, ""); status != http.StatusInternalServerError {
		t.Errorf("bodiless POST to nextPageUrl: %d, want 500", status)
	}
}

// KelvinTegelaar/AutotaskAPI (PowerShell) and Datto's Postman collection: a base URI without a
// trailing slash, lower-case paths and "entityinformation", PascalCase query keys, and string
// values for numbers and booleans.
func TestClientPowerShellAndPostmanStyle(t *testing.T) {
	z := newZone(t, Options{})
	base := strings.TrimSuffix(strings.ToLower(z.srv.URL+"/ATServicesRest"), "/")
	c := &wireClient{t: t, headers: map[string]string{
		"ApiIntegrationcode": z.creds.IntegrationCode, "UserName": z.creds.Username, "Secret": z.creds.Secret, "Content-Type": "application/json",
	}}
	search := url.QueryEscape(`{"filter":[{"field":"isActive","op":"eq","value":"true"}]}`)
	its, _ := items(t, c.ok(http.MethodGet, base+"/v1.0/resources/query?search="+search, ""))
	if len(its) == 0 {
		t.Fatal("no resources")
	}
	c.ok(http.MethodGet, base+"/V1.0/OrganizationalLevel1s/entityinformation", "")
	m := c.ok(http.MethodPost, base+"/V1.0/OrganizationalLevel1s/query",
		`{"Filter":[{"op":"eq","field":"IsActive","value":"True"},{"op":"in","field":"id","value":["1","2"]}],"IncludeFields":["Id","Name"],"MaxRecords":10}`)
	lv, _ := items(t, m)
	if len(lv) != 2 || len(lv[0]) != 2 {
		t.Errorf("Postman-style query %v", lv)
	}
	upd := c.ok(http.MethodPatch, base+"/V1.0/OrganizationalLevel1s", `{"id":"2","IsActive":"False"}`)
	if upd["itemId"] != float64(2) {
		t.Errorf("Postman-style PATCH %v", upd)
	}
	// Impersonation header as the Postman collection sends it.
	c.headers["ImpersonationResourceId"] = strconv.FormatInt(z.seeded(entityResources)[0], 10)
	c.ok(http.MethodGet, base+"/V1.0/Resources/entityInformation/fields", "")
}
