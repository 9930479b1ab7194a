package autotasksim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// zone is an in-process simulator behind httptest (127.0.0.1 only) plus a tiny client.
type zone struct {
	t     *testing.T
	sim   *Simulator
	srv   *httptest.Server
	root  string
	creds Credentials
}

func newZone(t *testing.T, opts Options) *zone {
	t.Helper()
	sim, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return serveZone(t, sim)
}

func newExtendedZone(t *testing.T) *zone {
	t.Helper()
	return newZone(t, Options{Profile: ProfileExtended})
}

// on returns the zone reporting to t, for use inside t.Run: a subtest must not fail its parent.
func (z *zone) on(t *testing.T) *zone {
	c := *z
	c.t = t
	return &c
}

func serveZone(t *testing.T, sim *Simulator) *zone {
	t.Helper()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &zone{t: t, sim: sim, srv: srv, root: RESTRoot(srv.URL), creds: sim.Credentials()}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// obj decodes the body as a JSON object, keeping numbers exact.
func (r *response) obj(t *testing.T) map[string]any {
	t.Helper()
	v, err := decodeJSON(r.body)
	if err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, r.body)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("body is not an object: %s", r.body)
	}
	return m
}

// header options for request.
type reqOpt func(h http.Header)

func noAuth() reqOpt {
	return func(h http.Header) {
		h.Del(headerUserName)
		h.Del(headerSecret)
		h.Del(headerIntegrationCode)
	}
}

func withHeader(name, value string) reqOpt {
	return func(h http.Header) { h.Set(name, value) }
}

func withCreds(c Credentials) reqOpt {
	return func(h http.Header) {
		h.Set(headerUserName, c.Username)
		h.Set(headerSecret, c.Secret)
		h.Set(headerIntegrationCode, c.IntegrationCode)
	}
}

// do sends a request. target is relative to the REST root ("V1.0/Resources/query"), relative to
// the server ("/ATServicesRest/..."), or absolute. body may be nil, a string or any JSON value.
func (z *zone) do(method, target string, body any, opts ...reqOpt) *response {
	z.t.Helper()
	r, err := z.tryDo(method, target, body, opts...)
	if err != nil {
		z.t.Fatal(err)
	}
	return r
}

// tryDo is do without failing the test, for use from other goroutines.
func (z *zone) tryDo(method, target string, body any, opts ...reqOpt) (*response, error) {
	u := target
	switch {
	case strings.HasPrefix(target, "http"):
	case strings.HasPrefix(target, "/"):
		u = z.srv.URL + target
	default:
		u = z.root + target
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(z.t.Context(), method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	withCreds(z.creds)(req.Header)
	for _, o := range opts {
		o(req.Header)
	}
	resp, err := z.srv.Client().Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// asObj asserts that a decoded JSON value is an object.
func asObj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not an object: %#v", v)
	}
	return m
}

// arr asserts that a decoded JSON value is an array.
func arr(t *testing.T, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("not an array: %#v", v)
	}
	return a
}

// expect asserts a status and returns the decoded object body.
func (z *zone) expect(status int, method, target string, body any, opts ...reqOpt) map[string]any {
	z.t.Helper()
	r := z.do(method, target, body, opts...)
	if r.status != status {
		z.t.Fatalf("%s %s: status %d, want %d; body %s", method, target, r.status, status, r.body)
	}
	return r.obj(z.t)
}

// expectErrors asserts a 500 {"errors":[...]} whose message contains want.
func (z *zone) expectErrors(want, method, target string, body any, opts ...reqOpt) {
	z.t.Helper()
	m := z.expect(http.StatusInternalServerError, method, target, body, opts...)
	errs, ok := m["errors"].([]any)
	if !ok || len(errs) == 0 || len(m) != 1 {
		z.t.Fatalf("%s %s: want {\"errors\":[...]}, got %v", method, target, m)
	}
	msg, _ := errs[0].(string)
	if !strings.Contains(msg, want) {
		z.t.Fatalf("%s %s: error %q does not contain %q", method, target, msg, want)
	}
}

// errorText joins the messages of an {"errors":[...]} body; anything else fails the test.
func errorText(t *testing.T, r *response) string {
	t.Helper()
	m := r.obj(t)
	errs, ok := m["errors"].([]any)
	if !ok || len(m) != 1 || len(errs) == 0 {
		t.Fatalf("want {\"errors\":[...]}, got %s", r.body)
	}
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = str(t, e)
	}
	return strings.Join(parts, " | ")
}

// search encodes a query for a GET ?search= parameter.
func search(t *testing.T, q any) string {
	t.Helper()
	data, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	return url.QueryEscape(string(data))
}

// items returns a query response's items and pageDetails.
func items(t *testing.T, m map[string]any) ([]map[string]any, map[string]any) {
	t.Helper()
	raw, ok := m["items"].([]any)
	if !ok {
		t.Fatalf("no items array in %v", m)
	}
	out := make([]map[string]any, 0, len(raw))
	for _, it := range raw {
		obj, isObj := it.(map[string]any)
		if !isObj {
			t.Fatalf("item is not an object: %v", it)
		}
		out = append(out, obj)
	}
	pd, ok := m["pageDetails"].(map[string]any)
	if !ok {
		t.Fatalf("no pageDetails in %v", m)
	}
	return out, pd
}

// num reads a JSON number as int64.
func num(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("not a number: %#v", v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// str reads a JSON string.
func str(t *testing.T, v any) string {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("not a string: %#v", v)
	}
	return s
}

// all is the filter that matches every record.
var all = []map[string]any{{"op": "exist", "field": "id"}}

// item reads one record with GET /V1.0/{entity}/{id}.
func (z *zone) item(entityName string, id int64) map[string]any {
	z.t.Helper()
	return asObj(z.t, z.expect(http.StatusOK, http.MethodGet, "V1.0/"+entityName+"/"+strconv.FormatInt(id, 10), nil)["item"])
}

// seeded returns the ids of an entity's seeded records, in order.
func (z *zone) seeded(entityName string) []int64 {
	z.t.Helper()
	z.sim.tenant.mu.RLock()
	defer z.sim.tenant.mu.RUnlock()
	return z.sim.tenant.table(entityName).sortedIDs()
}

// credsOf returns the credentials of a seeded API user other than the admin.
func (z *zone) credsOf(index int) Credentials {
	z.t.Helper()
	t := z.sim.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	c := t.creds[index]
	r := t.table(entityResources).rows[c.ResourceID]
	u, _ := r["userName"].(string)
	return Credentials{Username: u, Secret: c.Secret, IntegrationCode: c.IntegrationCode}
}

// fieldsOf reads an entity's entityInformation/fields by name.
func (z *zone) fieldsOf(entityName string) map[string]map[string]any {
	z.t.Helper()
	list, ok := z.expect(http.StatusOK, http.MethodGet, "V1.0/"+entityName+"/entityInformation/fields", nil)["fields"].([]any)
	if !ok {
		z.t.Fatalf("%s: no fields", entityName)
	}
	out := map[string]map[string]any{}
	for _, f := range list {
		fm := asObj(z.t, f)
		out[str(z.t, fm["name"])] = fm
	}
	return out
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

func sameSet(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	m := map[string]bool{}
	for _, g := range got {
		m[g] = true
	}
	for _, w := range want {
		if !m[w] {
			return false
		}
	}
	return true
}
