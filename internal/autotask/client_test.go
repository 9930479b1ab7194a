package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// testOptions are fast-retrying options for a zone at root.
func testOptions(root string) Options {
	return Options{
		Username: "api-user", Secret: "S3cr*tValue-For-Tests", IntegrationCode: "TRACKINGCODE27CHARACTERSXYZ",
		BaseURL: root, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	}
}

func simClient(t *testing.T) *Client {
	t.Helper()
	zone := simtest.Start(t, autotasksim.Options{})
	o := testOptions(zone.URL)
	o.Username, o.Secret, o.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scripted serves the zone API from a handler and counts requests, with ThresholdInformation
// answered at 1% so the budget guard stays out of the way.
type scripted struct {
	calls atomic.Int64
	srv   *httptest.Server
}

func newScripted(t *testing.T, h http.HandlerFunc) *scripted {
	t.Helper()
	s := &scripted{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/ThresholdInformation") {
			_, _ = w.Write([]byte(`{"externalRequestThreshold":10000,"requestThresholdTimeframe":60,"currentTimeframeRequestCount":100}`))
			return
		}
		s.calls.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *scripted) client(t *testing.T, mutate ...func(*Options)) *Client {
	t.Helper()
	o := testOptions(s.srv.URL + "/ATServicesRest/")
	for _, m := range mutate {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type resource struct {
	ID       int64  `json:"id"`
	UserName string `json:"userName"`
	IsActive bool   `json:"isActive"`
	LastName string `json:"lastName"`
}

func decodeAll[T any](t *testing.T, raw []json.RawMessage) []T {
	t.Helper()
	out := make([]T, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestNewRejectsIncompleteOrInsecureOptions(t *testing.T) {
	if _, err := New(Options{Username: "u", Secret: "s"}); err == nil {
		t.Error("missing integration code accepted")
	}
	o := testOptions("http://zone.example.com/")
	if _, err := New(o); err == nil || !strings.Contains(err.Error(), "allow_insecure_http") {
		t.Errorf("plain http to a remote host: %v", err)
	}
	o.AllowInsecureHTTP = true
	if _, err := New(o); err != nil {
		t.Errorf("allowed insecure: %v", err)
	}
}

func TestZoneDiscoveryNormalisesTheLookupURL(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{})
	o := testOptions("")
	o.Username, o.Secret, o.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
	o.ZoneLookupURL = strings.TrimSuffix(strings.ToLower(zone.URL), "/") // no slash, lower case
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	root, err := c.RESTRoot(context.Background())
	if err != nil || root != zone.URL {
		t.Fatalf("RESTRoot = %q, %v; want %q", root, err, zone.URL)
	}
	var r resource
	if err := c.Get(context.Background(), "Resources", 29682900, &r); err != nil || r.ID != 29682900 {
		t.Fatalf("Get through the discovered zone: %+v, %v", r, err)
	}
}

func TestZoneDiscoveryUnknownUser(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{})
	o := testOptions("")
	o.ZoneLookupURL = zone.URL
	c, _ := New(o)
	_, err := c.RESTRoot(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Zone information could not be determined") {
		t.Fatalf("err = %v", err)
	}
}

func TestRediscoversTheZoneOnceAfter401(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{})
	stale := newScripted(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	var lookups atomic.Int64
	lookup := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		url := zone.URL
		if lookups.Add(1) == 1 {
			url = stale.srv.URL + "/ATServicesRest/"
		}
		_, _ = fmt.Fprintf(w, `{"zoneName":"z","url":%q,"webUrl":"","ci":1}`, url)
	}))
	t.Cleanup(lookup.Close)
	o := testOptions("")
	o.Username, o.Secret, o.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
	o.ZoneLookupURL = lookup.URL
	c, _ := New(o)
	var r resource
	if err := c.Get(context.Background(), "Resources", 29682900, &r); err != nil {
		t.Fatalf("Get after rediscovery: %v", err)
	}
	if lookups.Load() != 2 || stale.calls.Load() != 1 {
		t.Fatalf("lookups = %d, calls to the stale zone = %d; want 2 and 1", lookups.Load(), stale.calls.Load())
	}
}

func TestQueryFilters(t *testing.T) {
	c := simClient(t)
	ctx := context.Background()
	all, err := c.queryAll(ctx, "Resources", Query{})
	if err != nil {
		t.Fatal(err)
	}
	rs := decodeAll[resource](t, all)
	if len(rs) < 5 {
		t.Fatalf("seeded tenant has %d resources", len(rs))
	}
	first, second := rs[0], rs[1]
	active := 0
	for _, r := range rs {
		if r.IsActive {
			active++
		}
	}
	for name, tc := range map[string]struct {
		filter []Filter
		want   int
	}{
		"none lists every row": {nil, len(rs)},
		"eq":                   {[]Filter{Eq("userName", first.UserName)}, 1},
		"in":                   {[]Filter{inFilter("id", first.ID, second.ID)}, 2},
		"and of two":           {[]Filter{Eq("isActive", first.IsActive), Eq("id", first.ID)}, 1},
		"false value":          {[]Filter{Eq("isActive", false)}, len(rs) - active},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := c.queryAll(ctx, "Resources", Query{Filter: tc.filter})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Fatalf("%d items, want %d", len(got), tc.want)
			}
		})
	}
}

func TestQueryIncludeFields(t *testing.T) {
	c := simClient(t)
	got, err := c.queryAll(context.Background(), "Resources", Query{IncludeFields: []string{"userName"}, MaxRecords: 2})
	if err != nil || len(got) == 0 {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(got[0], &m)
	if _, ok := m["lastName"]; ok || m["userName"] == nil {
		t.Fatalf("IncludeFields not honoured: %v", m)
	}
}

func TestQueryFollowsPages(t *testing.T) {
	c := simClient(t)
	ctx := context.Background()
	all, err := c.queryAll(ctx, "Resources", Query{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.queryAll(ctx, "Resources", Query{MaxRecords: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all) {
		t.Fatalf("%d items over pages of 2, want %d", len(got), len(all))
	}
	seen := map[int64]bool{}
	for _, r := range decodeAll[resource](t, got) {
		if seen[r.ID] {
			t.Fatalf("id %d twice", r.ID)
		}
		seen[r.ID] = true
	}
}

func TestQueryRefusesANextPageOnAnotherHost(t *testing.T) {
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,"prevPageUrl":null,"nextPageUrl":"https://evil.example.com/ATServicesRest/V1.0/Resources/query/next?paging=x"}}`))
	})
	_, err := s.client(t).queryAll(context.Background(), "Resources", Query{})
	if err == nil || !strings.Contains(err.Error(), "refusing to send credentials") {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorShapes(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		body   string
		want   string
		check  func(error) bool
	}{
		"errors array": {500, `{"errors":["Value does not reference an existing entity.","second"]}`, "HTTP 500: Value does not reference an existing entity.; second", nil},
		"ASP.NET":      {405, `{"Message":"The requested resource does not support http method 'DELETE'."}`, "HTTP 405: The requested resource does not support http method 'DELETE'.", isMethodNotAllowed},
		"raw text":     {404, "<html>Not Found</html>", "HTTP 404: <html>Not Found</html>", IsNotFound},
		"empty 401":    {401, "", "Autotask Resources delete: HTTP 401", IsUnauthorized},
		"thread 500":   {500, `{"errors":["Thread Threshold Exceeded (Itgenatr005)"]}`, "Thread Threshold", isThreadLimit},
	} {
		t.Run(name, func(t *testing.T) {
			s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			err := s.client(t, func(o *Options) { o.MaxRetries = 0; o.BaseURL = s.srv.URL + "/ATServicesRest/" }).Delete(context.Background(), "Resources", 7)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if tc.check != nil && !tc.check(err) {
				t.Fatalf("classifier false for %v", err)
			}
		})
	}
}

func TestGetNotFoundOnTheSimulator(t *testing.T) {
	c := simClient(t)
	var r resource
	if err := c.Get(context.Background(), "Resources", 1, &r); !IsNotFound(err) {
		t.Fatalf("err = %v, want not found", err)
	}
	if _, err := c.Create(context.Background(), "Resources", map[string]any{"firstName": "x"}); !isMethodNotAllowed(err) {
		t.Fatalf("POST Resources on a public zone: %v, want 405", err)
	}
}

func TestCapabilitiesOnAPublicZone(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	o := testOptions(zone.URL)
	o.Username, o.Secret, o.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
	counter := &countingTransport{base: http.DefaultTransport}
	o.Transport = counter
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	info, exists, err := c.EntityInformation(ctx, "Resources")
	if err != nil || !exists || info.CanCreate || info.CanDelete || !info.CanQuery || !info.CanUpdate {
		t.Fatalf("Resources = %+v, %v, %v", info, exists, err)
	}
	if _, exists, err := c.EntityInformation(ctx, "SecurityLevels"); err != nil || exists {
		t.Fatalf("SecurityLevels exists = %v, %v", exists, err)
	}
	caps, err := c.Capabilities(ctx)
	if err != nil || caps.Profile != "public" {
		t.Fatalf("Profile = %q, %v", caps.Profile, err)
	}
	before := counter.n.Load()
	if _, err := c.Capabilities(ctx); err != nil {
		t.Fatal(err)
	}
	if n := counter.n.Load() - before; n != 0 {
		t.Fatalf("capabilities are cached, but %d more requests were made", n)
	}
}

type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(r)
}

func TestPicklistLookups(t *testing.T) {
	c := simClient(t)
	ctx := context.Background()
	v, err := c.PicklistValueOf(ctx, "Resources", "LICENSETYPE", "api user")
	if err != nil || v == "" {
		t.Fatalf("license type of API User: %q, %v", v, err)
	}
	label, err := c.PicklistLabelOf(ctx, "Resources", "licenseType", v)
	if err != nil || !strings.EqualFold(label, "API User") {
		t.Fatalf("label of %s: %q, %v", v, label, err)
	}
	if _, err := c.PicklistValueOf(ctx, "Resources", "licenseType", "Wizard"); err == nil {
		t.Fatal("unknown label accepted")
	}
}

func TestRetryPolicy(t *testing.T) {
	type op func(c *Client) error
	get := func(c *Client) error { var r resource; return c.Get(context.Background(), "Resources", 1, &r) }
	query := func(c *Client) error { _, err := c.queryAll(context.Background(), "Resources", Query{}); return err }
	create := func(c *Client) error {
		_, err := c.Create(context.Background(), "Resources", map[string]any{})
		return err
	}
	patch := func(c *Client) error {
		_, err := c.Patch(context.Background(), "Resources", map[string]any{"id": 1})
		return err
	}
	const ok = `{"item":{"id":1},"items":[],"pageDetails":{"count":0,"requestCount":500,"prevPageUrl":null,"nextPageUrl":null},"itemId":1}`
	for name, tc := range map[string]struct {
		op            op
		status        int
		body          string
		wantCalls     int64
		wantErr       bool
		wantUncertain bool
	}{
		"429 on a read is retried":             {get, 429, `{"errors":["busy"]}`, 2, false, false},
		"429 on a create is retried":           {create, 429, `{"errors":["busy"]}`, 2, false, false},
		"thread-limit 500 on a create retried": {create, 500, `{"errors":["Thread Threshold Exceeded: the Autotask API thread threshold of 3 threads has been exceeded. (Itgenatr005)"]}`, 2, false, false},
		"business 500 is not retried":          {create, 500, `{"errors":["userName is taken"]}`, 1, true, false},
		"503 on a read is retried":             {get, 503, "Service Unavailable", 2, false, false},
		"504 on a POST query is retried":       {query, 504, "Gateway Timeout", 2, false, false},
		"502 on a create is not retried":       {create, 502, "Bad Gateway", 1, true, true},
		"503 on a patch is not retried":        {patch, 503, "Service Unavailable", 1, true, true},
		"404 is not retried":                   {get, 404, "", 1, true, false},
	} {
		t.Run(name, func(t *testing.T) {
			var s *scripted
			s = newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
				if s.calls.Load() == 1 {
					w.WriteHeader(tc.status)
					_, _ = w.Write([]byte(tc.body))
					return
				}
				_, _ = w.Write([]byte(ok))
			})
			err := tc.op(s.client(t))
			if (err != nil) != tc.wantErr || IsUncertain(err) != tc.wantUncertain {
				t.Fatalf("err = %v (uncertain %v); want error %v, uncertain %v", err, IsUncertain(err), tc.wantErr, tc.wantUncertain)
			}
			if s.calls.Load() != tc.wantCalls {
				t.Fatalf("%d calls, want %d", s.calls.Load(), tc.wantCalls)
			}
		})
	}
}

func TestRetriesAreBoundedByCountAndTime(t *testing.T) {
	always429 := func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"errors":["slow down"]}`))
	}
	s := newScripted(t, always429)
	err := s.client(t).Delete(context.Background(), "Resources", 1)
	if !isThreadLimit(err) || s.calls.Load() != 4 || !strings.Contains(err.Error(), "after 4 attempts") {
		t.Fatalf("err = %v after %d calls; want 4 attempts (1 + MaxRetries 3)", err, s.calls.Load())
	}

	slow := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		always429(w, r)
	})
	start := time.Now()
	err = slow.client(t, func(o *Options) { o.MaxRetries = 10; o.MaxRetryTime = 1500 * time.Millisecond }).Delete(context.Background(), "Resources", 1)
	if err == nil || slow.calls.Load() != 2 || time.Since(start) > 3*time.Second {
		t.Fatalf("err = %v, %d calls in %s; Retry-After 1s within a 1.5s budget allows exactly one retry", err, slow.calls.Load(), time.Since(start))
	}
}

func TestConnectionErrors(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/ThresholdInformation") {
			_, _ = w.Write([]byte(`{"externalRequestThreshold":10000,"currentTimeframeRequestCount":1}`))
			return
		}
		calls.Add(1)
		panic(http.ErrAbortHandler) // drop the connection without an answer
	}))
	t.Cleanup(srv.Close)
	o := testOptions(srv.URL + "/ATServicesRest/")
	c, _ := New(o)
	var r resource
	// Go's transport may itself resend an idempotent request once on a dropped keep-alive
	// connection, so the server can see more requests than the client made attempts.
	if err := c.Get(context.Background(), "Resources", 1, &r); err == nil || IsUncertain(err) || !strings.Contains(err.Error(), "after 4 attempts") || calls.Load() < 4 {
		t.Fatalf("read: err = %v, %d calls; want 4 attempts and a certain error", err, calls.Load())
	}
	calls.Store(0)
	if _, err := c.Create(context.Background(), "Resources", map[string]any{}); !IsUncertain(err) || calls.Load() != 1 {
		t.Fatalf("write: err = %v, %d calls; want one attempt and an uncertain error", err, calls.Load())
	}
}

func TestConcurrencyCapPerEntity(t *testing.T) {
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var inFlight, maxSeen atomic.Int64
			s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
				n := inFlight.Add(1)
				for {
					m := maxSeen.Load()
					if n <= m || maxSeen.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(10 * time.Millisecond)
				inFlight.Add(-1)
				_, _ = w.Write([]byte(`{"item":{"id":1}}`))
			})
			c := s.client(t, func(o *Options) { o.MaxConcurrencyPerEntity = limit })
			parallelPatches(t, 30, func(int) *Client { return c }, 1)
			if got := maxSeen.Load(); got != int64(limit) {
				t.Fatalf("max concurrent = %d, want %d", got, limit)
			}
		})
	}
}

func TestBudgetGuard(t *testing.T) {
	var thresholdCalls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/ThresholdInformation") {
			thresholdCalls.Add(1)
			_, _ = w.Write([]byte(`{"externalRequestThreshold":10000,"requestThresholdTimeframe":60,"currentTimeframeRequestCount":9500}`))
			return
		}
		_, _ = w.Write([]byte(`{"item":{"id":1}}`))
	}))
	t.Cleanup(srv.Close)
	o := testOptions(srv.URL + "/ATServicesRest/")
	c, _ := New(o)
	var r resource
	for range 3 {
		err := c.Get(context.Background(), "Resources", 1, &r)
		if err == nil || !strings.Contains(err.Error(), "9500 of its 10000") || !strings.Contains(err.Error(), "shares that budget") ||
			!strings.Contains(err.Error(), "budget_guard_percent") {
			t.Fatalf("err = %v", err)
		}
	}
	if thresholdCalls.Load() != 1 {
		t.Fatalf("ThresholdInformation read %d times, want once per client", thresholdCalls.Load())
	}
	o.BudgetGuardPercent = 96
	c, _ = New(o)
	if err := c.Get(context.Background(), "Resources", 1, &r); err != nil {
		t.Fatalf("below a raised guard: %v", err)
	}
}

type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprint(msg, fields))
}

func (l *recordingLogger) Warn(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprint("WARN ", msg, fields))
}

func TestSecretsNeverReachLogsOrErrors(t *testing.T) {
	o := testOptions("")
	echo := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = fmt.Fprintf(w, `{"errors":["user %s with secret %s and code %s refused; new secret %s"]}`,
			r.Header.Get("UserName"), r.Header.Get("Secret"), r.Header.Get("ApiIntegrationCode"), "N3w*SecretForAUser")
	})
	log := &recordingLogger{}
	c := echo.client(t, func(opts *Options) { opts.Logger = log })
	c.AddSensitive("N3w*SecretForAUser")
	_, err := c.Create(context.Background(), "Resources", map[string]any{"secret": "N3w*SecretForAUser"})
	if err == nil {
		t.Fatal("want an error")
	}
	texts := append([]string{err.Error()}, log.lines...)
	if len(log.lines) == 0 {
		t.Fatal("nothing was logged")
	}
	for _, text := range texts {
		for _, secret := range []string{o.Secret, o.Username, o.IntegrationCode, "N3w*SecretForAUser"} {
			if strings.Contains(text, secret) {
				t.Errorf("%q leaks %q", text, secret)
			}
		}
	}
	if !strings.Contains(err.Error(), "user *** with secret *** and code *** refused") {
		t.Errorf("error lost its shape: %v", err)
	}
}

func TestUserAgentAndImpersonationHeaders(t *testing.T) {
	var ua, imp string
	s := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		ua, imp = r.Header.Get("User-Agent"), r.Header.Get("ImpersonationResourceId")
		_, _ = w.Write([]byte(`{"item":{"id":1}}`))
	})
	c := s.client(t, func(o *Options) {
		o.UserAgent = "terraform-provider-autotask/1.2.3"
		o.ImpersonationResourceID = 29682885
	})
	var r resource
	if err := c.Get(context.Background(), "Resources", 1, &r); err != nil {
		t.Fatal(err)
	}
	if ua != "terraform-provider-autotask/1.2.3" || imp != "29682885" {
		t.Fatalf("User-Agent %q, ImpersonationResourceId %q", ua, imp)
	}
}

// extendedClient starts an extended simulator with opts and a client signed in as its admin.
func extendedClient(t testing.TB, opts autotasksim.Options, mutate ...func(*Options)) (*Client, *simtest.Zone) {
	t.Helper()
	opts.Profile = autotasksim.ProfileExtended
	zone := simtest.Start(t, opts)
	o := testOptions(zone.URL)
	o.Username, o.Secret, o.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
	for _, m := range mutate {
		m(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, zone
}

func TestThirtyParallelCallersStayUnderTheZonesThreadLimit(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{Latency: 20 * time.Millisecond})
	parallelPatches(t, 30, func(int) *Client { return c }, 29682900)
	st := zone.Sim.Stats()
	if st.MaxConcurrent["Resources"] > 3 || st.MaxConcurrent["Resources"] == 0 {
		t.Fatalf("max concurrent on Resources = %d, want 1 to 3", st.MaxConcurrent["Resources"])
	}
	if st.Rejected.ThreadLimit != 0 || st.Requests["Resources"]["update"] != 30 {
		t.Fatalf("thread-limit rejections = %d, patches = %d; want 0 and 30", st.Rejected.ThreadLimit, st.Requests["Resources"]["update"])
	}
}

func TestThreadLimitRejectionsAreRetried(t *testing.T) {
	// Two clients share one tracking identifier, so together they exceed the zone's limit of 3.
	for _, status := range []int{http.StatusTooManyRequests, http.StatusInternalServerError} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			// Waits comparable to the zone's latency, so slots free up between attempts.
			patient := func(o *Options) {
				o.MaxRetries, o.RetryWaitMin, o.RetryWaitMax = 10, 20*time.Millisecond, 200*time.Millisecond
			}
			c1, zone := extendedClient(t, autotasksim.Options{Latency: 20 * time.Millisecond, ThreadLimitStatus: status}, patient)
			o := testOptions(zone.URL)
			o.Username, o.Secret, o.IntegrationCode = zone.Username, zone.Secret, zone.IntegrationCode
			patient(&o)
			c2, _ := New(o)
			parallelPatches(t, 20, func(i int) *Client { return []*Client{c1, c2}[i%2] }, 29682900)
			if st := zone.Sim.Stats(); st.Rejected.ThreadLimit == 0 || st.MaxConcurrent["Resources"] > 3 {
				t.Fatalf("rejections %d, max concurrent %d: the two clients should have tripped the limit and retried", st.Rejected.ThreadLimit, st.MaxConcurrent["Resources"])
			}
		})
	}
}

func TestCapabilitiesOnAnExtendedZone(t *testing.T) {
	c, _ := extendedClient(t, autotasksim.Options{})
	ctx := context.Background()
	levels, exists, err := c.EntityInformation(ctx, "SecurityLevels")
	if err != nil || !exists || !levels.CanCreate || !levels.CanDelete || !levels.CanUpdate || !levels.CanQuery {
		t.Fatalf("SecurityLevels = %+v, %v, %v", levels, exists, err)
	}
	res, _, err := c.EntityInformation(ctx, "Resources")
	if err != nil || !res.CanCreate || res.CanDelete {
		t.Fatalf("Resources = %+v, %v", res, err)
	}
	if caps, err := c.Capabilities(ctx); err != nil || caps.Profile != "extended" {
		t.Fatalf("Profile = %q, %v", caps.Profile, err)
	}
}

// TestCapabilitiesAreNeverAStrayError: one stray 404 on entityInformation does not make an
// extended zone look public, and a failure is reported, not cached: the next call asks again.
func TestCapabilitiesAreNeverAStrayError(t *testing.T) {
	ctx := context.Background()
	c, zone := extendedClient(t, autotasksim.Options{})
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "SecurityLevels", Operation: "info", Status: 404, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if caps, err := c.Capabilities(ctx); err != nil || caps.Profile != ProfileExtended || !caps.ManagesSecurityLevels() {
		t.Fatalf("after one stray 404: %+v, %v; want the extended profile", caps, err)
	}

	c, zone = extendedClient(t, autotasksim.Options{}, func(o *Options) { o.MaxRetries = 0 })
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "Resources", Operation: "info", Status: 503, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Capabilities(ctx); err == nil {
		t.Fatal("a 503 with no retries left gave an answer; want the error")
	}
	if caps, err := c.Capabilities(ctx); err != nil || caps.Profile != ProfileExtended {
		t.Fatalf("after the failure passed: %+v, %v; want the extended profile, asked again", caps, err)
	}
}

func TestExhaustedHourlyBudgetIsNotRetried(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{HourlyThreshold: 5}, func(o *Options) { o.BudgetGuardPercent = 100; o.MaxRetries = 5 })
	var r resource
	var err error
	for range 10 {
		if err = c.Get(context.Background(), "Resources", 29682900, &r); err != nil {
			break
		}
	}
	if err == nil || !strings.Contains(err.Error(), "threshold") || strings.Contains(err.Error(), "attempts") {
		t.Fatalf("err = %v; want the threshold refusal after a single attempt", err)
	}
	if zone.Sim.Stats().Rejected.Threshold != 1 {
		t.Fatalf("threshold rejections = %d, want 1", zone.Sim.Stats().Rejected.Threshold)
	}
}

func TestDroppedResponseAfterACreateIsUncertain(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{})
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "OrganizationalLevel1s", Operation: "create", Kind: autotasksim.FaultDropResponse, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Create(context.Background(), "OrganizationalLevel1s", map[string]any{"name": "Cloud Services", "isActive": true})
	if !IsUncertain(err) {
		t.Fatalf("err = %v, want an uncertain write", err)
	}
	// The write was applied: a lookup finds it, which is what callers do before retrying.
	found, err := c.queryAll(context.Background(), "OrganizationalLevel1s", Query{Filter: []Filter{Eq("name", "Cloud Services")}})
	if err != nil || len(found) != 1 {
		t.Fatalf("rows after the dropped response = %d, %v; want 1", len(found), err)
	}
}

// parallelPatches patches resource id n times at once, the i-th call through client(i). Writes,
// unlike reads by id, never coalesce, so each is one request.
func parallelPatches(t *testing.T, n int, client func(i int) *Client, id int64) {
	t.Helper()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := client(i).Patch(context.Background(), "Resources", map[string]any{"id": id}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func isMethodNotAllowed(err error) bool { return statusIs(err, http.StatusMethodNotAllowed) }

// TestRetriesAreLoggedAsWarnings: each retry is a warning with its cause and wait, so a slow or
// failing zone is visible without debug logs.
func TestRetriesAreLoggedAsWarnings(t *testing.T) {
	var n atomic.Int32
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"item":{"id":1}}`))
	})
	log := &recordingLogger{}
	c := s.client(t, func(o *Options) { o.Logger = log })
	var out struct{ ID int64 }
	if err := c.Get(context.Background(), "Resources", 1, &out); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for _, l := range log.lines {
		if strings.HasPrefix(l, "WARN ") {
			warnings = append(warnings, l)
		}
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "cause:HTTP 503") || !strings.Contains(warnings[0], "wait_ms:") {
		t.Fatalf("warnings = %q, want one retry with its cause and wait", warnings)
	}
}

// TestUnreachableZonesAreNotRetried: a refused connection and a name that does not resolve
// fail on the first attempt, and say which.
func TestUnreachableZonesAreNotRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/ATServicesRest/"
	_ = l.Close()
	for _, root := range []string{refused, "https://webservices15.autotask.invalid/ATServicesRest/"} {
		c, err := New(testOptions(root))
		if err != nil {
			t.Fatal(err)
		}
		err = c.CheckAccess(context.Background())
		var e *Error
		if !IsUnreachable(err) || !errors.As(err, &e) || e.Attempts != 1 || strings.Contains(err.Error(), "budget") {
			t.Fatalf("%s: %v; want one attempt, unreachable, no word of the budget", root, err)
		}
	}
}

// TestTimeoutsAreRecognisedBeforeTheRequestIsSent: a host that accepts connections and never
// completes the TLS handshake is a timeout too, like one that never answers a sent request.
func TestTimeoutsAreRecognisedBeforeTheRequestIsSent(t *testing.T) {
	o := testOptions("https://" + simtest.SilentHost(t) + "/ATServicesRest/")
	o.RequestTimeout, o.MaxRetries = 200*time.Millisecond, 0
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckAccess(context.Background()); !IsTimeout(err) || strings.Contains(err.Error(), "budget") {
		t.Fatalf("a TLS handshake that never ends: %v; want a timeout, with no word of the budget", err)
	}
}
