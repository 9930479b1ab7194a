package autotasksim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// seeded returns the ids of an entity's seeded records, in order.
func (z *zone) seeded(entityName string) []int64 {
	z.t.Helper()
	e := z.sim.byName[strings.ToLower(entityName)]
	z.sim.tenant.mu.RLock()
	defer z.sim.tenant.mu.RUnlock()
	return z.sim.tenant.table(e).sortedIDs()
}

// credsOf returns the credentials of a seeded API user other than the admin.
func (z *zone) credsOf(index int) Credentials {
	z.t.Helper()
	t := z.sim.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	c := t.creds[index]
	r := t.tables[strings.ToLower(entityResources)].rows[c.ResourceID]
	u, _ := r["userName"].(string)
	return Credentials{Username: u, Secret: c.Secret, IntegrationCode: c.IntegrationCode}
}
