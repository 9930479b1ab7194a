package autotask

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(other.Close)
	s := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	var r resource
	err := s.client(t).Get(context.Background(), "Resources", 1, &r)
	if err == nil || !strings.Contains(err.Error(), "HTTP 307") || elsewhere.Load() != 0 {
		t.Fatalf("err = %v, requests to the redirect target = %d; want a 307 error and none", err, elsewhere.Load())
	}
}

// cancelAfterResponse cancels the call's context right after a response arrives, the moment
// at which an unclosed body would keep the entity slot.
type cancelAfterResponse struct {
	base   http.RoundTripper
	cancel atomic.Pointer[context.CancelFunc]
}

func (c *cancelAfterResponse) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if f := c.cancel.Load(); f != nil {
		(*f)()
	}
	return resp, err
}

func TestCancelledCallGivesItsSlotBack(t *testing.T) {
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"item":{"id":1}}`)) })
	tr := &cancelAfterResponse{base: http.DefaultTransport}
	c := s.client(t, func(o *Options) { o.MaxConcurrencyPerEntity = 1; o.Transport = tr })
	var r resource
	// Read the budget first so the cancelled call is the entity call itself.
	if err := c.Get(context.Background(), "Resources", 1, &r); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tr.cancel.Store(&cancel)
	if err := c.Get(ctx, "Resources", 1, &r); err == nil {
		t.Fatal("a call whose context ended must fail")
	}
	tr.cancel.Store(nil)
	fresh, done := context.WithTimeout(context.Background(), 2*time.Second)
	defer done()
	if err := c.Get(fresh, "Resources", 1, &r); err != nil {
		t.Fatalf("the next call waits for a leaked slot: %v", err)
	}
}

func TestBudgetGuardRetriesAFailedRead(t *testing.T) {
	var reads atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/ThresholdInformation") {
			reads.Add(1)
			_, _ = w.Write([]byte(`{"externalRequestThreshold":10000,"currentTimeframeRequestCount":1}`))
			return
		}
		_, _ = w.Write([]byte(`{"item":{"id":1}}`))
	}))
	t.Cleanup(srv.Close)
	c, _ := New(testOptions(srv.URL + "/ATServicesRest/"))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var r resource
	if err := c.Get(cancelled, "Resources", 1, &r); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call: %v", err)
	}
	for range 2 {
		if err := c.Get(context.Background(), "Resources", 1, &r); err != nil {
			t.Fatalf("a later call must read the budget again: %v", err)
		}
	}
	if reads.Load() != 1 {
		t.Fatalf("ThresholdInformation answered %d times, want once (the cancelled read never reached it)", reads.Load())
	}
}

func TestLongErrorBodiesAreMaskedBeforeTheyAreCut(t *testing.T) {
	o := testOptions("")
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(strings.Repeat("x", 290) + o.Secret + strings.Repeat("y", 50)))
	})
	var r resource
	err := s.client(t).Get(context.Background(), "Resources", 1, &r)
	if err == nil || strings.Contains(err.Error(), o.Secret[:6]) {
		t.Fatalf("err = %v", err)
	}
}

func TestConnectionErrorsDoNotCarryTheQueryString(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	root := srv.URL + "/ATServicesRest/"
	srv.Close() // nothing listens any more
	o := testOptions(root)
	o.MaxRetries = 0
	o.BudgetGuardPercent = 100
	o.Username = "jane.doe@customer.example"
	c, _ := New(o)
	_, err := c.Zone(context.Background()) // zoneInformation?user=<username>
	if err == nil || strings.Contains(err.Error(), "?") || strings.Contains(err.Error(), "user=") {
		t.Fatalf("err = %v", err)
	}
}

func TestAWriteThatNeverLeftIsNotUncertain(t *testing.T) {
	release := make(chan struct{})
	var posts atomic.Int64
	s := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		} else {
			<-release
		}
		_, _ = w.Write([]byte(`{"item":{"id":1},"itemId":1}`))
	})
	c := s.client(t, func(o *Options) { o.MaxConcurrencyPerEntity = 1 })
	c.budgetChecked = true                                                              // no budget read in the way
	go func() { var r resource; _ = c.Get(context.Background(), "Resources", 1, &r) }() // holds the only slot
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Create(ctx, "Resources", map[string]any{})
	close(release)
	if err == nil || IsUncertain(err) || posts.Load() != 0 {
		t.Fatalf("err = %v (uncertain %v), POSTs = %d; a write still waiting for a slot was never sent", err, IsUncertain(err), posts.Load())
	}
}

func TestQueryFollowsRelativeNextPagesAndStopsOnARepeat(t *testing.T) {
	s := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/query") && !strings.Contains(r.URL.RawQuery, "loop"):
			_, _ = w.Write([]byte(`{"items":[{"id":1}],"pageDetails":{"nextPageUrl":"/ATServicesRest/V1.0/Resources/query/next?paging=2"}}`))
		case strings.Contains(r.URL.RawQuery, "paging=2"):
			_, _ = w.Write([]byte(`{"items":[{"id":2}],"pageDetails":{"nextPageUrl":null}}`))
		default:
			_, _ = w.Write([]byte(`{"items":[{"id":3}],"pageDetails":{"nextPageUrl":"/ATServicesRest/V1.0/Resources/query/next?paging=loop"}}`))
		}
	})
	c := s.client(t)
	got, err := c.queryAll(context.Background(), "Resources", Query{})
	if err != nil || len(got) != 2 {
		t.Fatalf("relative next page: %d items, %v", len(got), err)
	}
	s.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"items":[{"id":3}],"pageDetails":{"nextPageUrl":"/ATServicesRest/V1.0/Resources/query/next?paging=loop"}}`))
	})
	if _, err := c.queryAll(context.Background(), "Resources", Query{}); err == nil || !strings.Contains(err.Error(), "no new rows") {
		t.Fatalf("a repeating next page: %v", err)
	}
}

// hostTransport answers every request from handler, whatever its host, and records the hosts.
type hostTransport struct {
	handler http.HandlerFunc
	mu      sync.Mutex
	hosts   []string
}

func (h *hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.hosts = append(h.hosts, r.URL.Host)
	h.mu.Unlock()
	rec := httptest.NewRecorder()
	h.handler(rec, r)
	return rec.Result(), nil
}

func TestTheDefaultZoneLookupOnlyTrustsAutotaskHosts(t *testing.T) {
	for zone, trusted := range map[string]bool{
		"https://webservices15.autotask.net/ATServicesRest/": true,
		"https://evil.example.com/ATServicesRest/":           false,
		"https://autotask.net.evil.example/ATServicesRest/":  false,
	} {
		t.Run(zone, func(t *testing.T) {
			tr := &hostTransport{handler: func(w http.ResponseWriter, r *http.Request) {
				switch {
				case strings.HasSuffix(r.URL.Path, "/zoneInformation"):
					fmt.Fprintf(w, `{"zoneName":"z","url":%q}`, zone)
				case strings.HasSuffix(r.URL.Path, "/ThresholdInformation"):
					_, _ = w.Write([]byte(`{"externalRequestThreshold":10000,"currentTimeframeRequestCount":1}`))
				default:
					_, _ = w.Write([]byte(`{"item":{"id":1}}`))
				}
			}}
			o := testOptions("")
			o.Transport = tr
			c, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			var r resource
			err = c.Get(context.Background(), "Resources", 1, &r)
			if trusted != (err == nil) {
				t.Fatalf("err = %v", err)
			}
			if !trusted && (!strings.Contains(err.Error(), "not an autotask.net host") || len(tr.hosts) != 1) {
				t.Fatalf("err = %v, hosts asked %v; want only the lookup", err, tr.hosts)
			}
		})
	}
}

func TestAWrongSecretCountsOneFailedLogin(t *testing.T) {
	var authed atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/zoneInformation") {
			fmt.Fprintf(w, `{"zoneName":"sim","url":%q}`, srv.URL+"/ATServicesRest/")
			return
		}
		authed.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	o := testOptions("")
	o.ZoneLookupURL = srv.URL + "/ATServicesRest/"
	c, _ := New(o)
	var r resource
	if err := c.Get(context.Background(), "Resources", 1, &r); !IsUnauthorized(err) || authed.Load() != 1 {
		t.Fatalf("err = %v after %d signed requests; the zone did not move, so one is enough", err, authed.Load())
	}
	// Refused credentials are remembered: later calls do not count more failed logins.
	if err := c.CheckAccess(context.Background()); !IsUnauthorized(err) || authed.Load() != 1 {
		t.Fatalf("err = %v after %d signed requests; the refusal should be remembered", err, authed.Load())
	}
}

func TestCredentialsWithControlCharactersAreRefused(t *testing.T) {
	for name, mutate := range map[string]func(*Options){
		"secret read with file()":  func(o *Options) { o.Secret += "\n" },
		"username with a tab":      func(o *Options) { o.Username = "api\tuser" },
		"integration code with CR": func(o *Options) { o.IntegrationCode += "\r" },
	} {
		t.Run(name, func(t *testing.T) {
			o := testOptions("https://webservices15.autotask.net/ATServicesRest/")
			mutate(&o)
			_, err := New(o)
			if err == nil || !strings.Contains(err.Error(), "control character") {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), testOptions("").Secret) {
				t.Fatalf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestErrorsThatCannotClearAreNotRetried(t *testing.T) {
	t.Run("invalid header", func(t *testing.T) {
		s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"item":{"id":1}}`)) })
		c := s.client(t)
		c.budgetChecked = true
		c.opts.Secret += "\n" // as if New had let it through
		start := time.Now()
		var r resource
		err := c.Get(context.Background(), "Resources", 1, &r)
		if err == nil || strings.Contains(err.Error(), "attempts") || time.Since(start) > time.Second {
			t.Fatalf("err = %v after %s; want one attempt", err, time.Since(start))
		}
		if _, err := c.Create(context.Background(), "Resources", map[string]any{}); err == nil || IsUncertain(err) {
			t.Fatalf("write: err = %v (uncertain %v); an invalid header is never sent", err, IsUncertain(err))
		}
	})
	t.Run("certificate", func(t *testing.T) {
		var calls atomic.Int64
		srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls.Add(1) }))
		t.Cleanup(srv.Close)
		c, err := New(testOptions(srv.URL + "/ATServicesRest/")) // the default transport does not trust the test certificate
		if err != nil {
			t.Fatal(err)
		}
		c.budgetChecked = true
		var r resource
		err = c.Get(context.Background(), "Resources", 1, &r)
		if err == nil || strings.Contains(err.Error(), "attempts") || calls.Load() != 0 {
			t.Fatalf("err = %v, %d calls; want one refused handshake", err, calls.Load())
		}
		if _, err := c.Create(context.Background(), "Resources", map[string]any{}); err == nil || IsUncertain(err) {
			t.Fatalf("write: err = %v (uncertain %v)", err, IsUncertain(err))
		}
	})
}
