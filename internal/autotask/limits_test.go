package autotask

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunawayPagingIsBounded(t *testing.T) {
	var page atomic.Int64
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		n := page.Add(1)
		fmt.Fprintf(w, `{"items":[{"id":%d}],"pageDetails":{"nextPageUrl":"/ATServicesRest/V1.0/Resources/query/next?paging=%d"}}`, n, n)
	})
	_, err := s.client(t).queryAll(context.Background(), "Resources", Query{})
	if err == nil || page.Load() > maxPages {
		t.Fatalf("err = %v after %d pages; want an error within %d pages", err, page.Load(), maxPages)
	}
	if maxPages > 100 {
		t.Fatalf("maxPages = %d: one runaway query may spend %d%% of the shared hourly budget", maxPages, maxPages/100)
	}

	t.Run("a page with nothing new", func(t *testing.T) {
		var pages atomic.Int64
		s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
			n := pages.Add(1)
			fmt.Fprintf(w, `{"items":[{"id":1}],"pageDetails":{"nextPageUrl":"/ATServicesRest/V1.0/Resources/query/next?paging=%d"}}`, n)
		})
		_, err := s.client(t).queryAll(context.Background(), "Resources", Query{})
		if err == nil || pages.Load() != 2 {
			t.Fatalf("err = %v after %d pages; want an error on the first page that brings no new row", err, pages.Load())
		}
	})
}

func TestPagingRechecksTheBudget(t *testing.T) {
	var pages, reads atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/ThresholdInformation") {
			used := 100
			if reads.Add(1) > 1 {
				used = 9500 // another integration spent the budget meanwhile
			}
			fmt.Fprintf(w, `{"externalRequestThreshold":10000,"currentTimeframeRequestCount":%d}`, used)
			return
		}
		n := pages.Add(1)
		fmt.Fprintf(w, `{"items":[{"id":%d}],"pageDetails":{"nextPageUrl":"/ATServicesRest/V1.0/Resources/query/next?paging=%d"}}`, n, n)
	}))
	t.Cleanup(srv.Close)
	c, _ := New(testOptions(srv.URL + "/ATServicesRest/"))
	_, err := c.queryAll(context.Background(), "Resources", Query{})
	if err == nil || !strings.Contains(err.Error(), "budget guard") || pages.Load() > budgetRecheckPages {
		t.Fatalf("err = %v after %d pages and %d budget reads", err, pages.Load(), reads.Load())
	}
}

func TestHugeRetryAfterIsClamped(t *testing.T) {
	for _, v := range []string{"99999999999999", "9223372036854775807"} {
		t.Run(v, func(t *testing.T) {
			resp := &http.Response{Header: http.Header{"Retry-After": []string{v}}}
			p := &retryPolicy{waitMin: time.Millisecond, waitMax: time.Second}
			if got := p.nextWait(resp); got != maxRetryAfter {
				t.Fatalf("wait = %s, want %s", got, maxRetryAfter)
			}
		})
	}
}

func TestConcurrencyCapIgnoresTheEntitysCase(t *testing.T) {
	l := newEntityLimits(1)
	release, err := l.acquire(context.Background(), "Resources")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if r, err := l.acquire(ctx, "resources"); err == nil {
		r()
		t.Fatal(`"resources" got a slot of its own while "Resources" holds the only one`)
	}
}

func TestWaitsHonourTheCallersDeadline(t *testing.T) {
	for _, slow := range []string{"/ThresholdInformation", "/zoneInformation"} {
		t.Run(slow, func(t *testing.T) {
			unblock := make(chan struct{})
			var once atomic.Bool
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case strings.HasSuffix(r.URL.Path, slow) && once.CompareAndSwap(false, true):
					<-unblock // the first caller's lookup hangs
				case strings.HasSuffix(r.URL.Path, "/zoneInformation"):
					fmt.Fprintf(w, `{"zoneName":"sim","url":%q}`, srv.URL+"/ATServicesRest/")
					return
				case strings.HasSuffix(r.URL.Path, "/ThresholdInformation"):
					_, _ = w.Write([]byte(`{"externalRequestThreshold":10000,"currentTimeframeRequestCount":1}`))
					return
				}
				_, _ = w.Write([]byte(`{"item":{"id":1}}`))
			}))
			t.Cleanup(srv.Close)
			t.Cleanup(func() { close(unblock) })
			o := testOptions("")
			o.ZoneLookupURL = srv.URL + "/ATServicesRest/"
			o.RequestTimeout = time.Minute
			c, _ := New(o)
			var r resource
			go func() { _ = c.Get(context.Background(), "Resources", 1, &r) }()
			time.Sleep(50 * time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := c.Get(ctx, "Resources", 1, &r)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
				t.Fatalf("err = %v after %s; want the caller's deadline", err, time.Since(start))
			}
		})
	}
}
