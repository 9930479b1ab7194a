package autotask

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestWriteAnswersThatDoNotSayWhatHappenedAreUncertain(t *testing.T) {
	for name, tc := range map[string]struct {
		body  string
		write func(*Client) error
	}{
		"create answered with HTML": {"<html>OK</html>", func(c *Client) error {
			_, err := c.Create(context.Background(), "Resources", map[string]any{})
			return err
		}},
		"create answered with {}": {"{}", func(c *Client) error {
			_, err := c.Create(context.Background(), "Resources", map[string]any{})
			return err
		}},
		"patch answered with a cut body": {`{"itemId":`, func(c *Client) error {
			_, err := c.Patch(context.Background(), "Resources", map[string]any{"id": 1})
			return err
		}},
	} {
		t.Run(name, func(t *testing.T) {
			s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(tc.body)) })
			if err := tc.write(s.client(t)); !IsUncertain(err) {
				t.Fatalf("err = %v; a 2xx answer means the zone may have applied the write", err)
			}
		})
	}
}

func TestWritesThatNeverLeftAreCertain(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens: connection refused
	dnsFailure := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "zone.example", IsNotFound: true}}
	}}
	for name, o := range map[string]Options{
		"connection refused": testOptions(closed.URL + "/ATServicesRest/"),
		"DNS failure": func() Options {
			o := testOptions("https://zone.example/ATServicesRest/")
			o.Transport = dnsFailure
			return o
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			c, err := New(o)
			if err != nil {
				t.Fatal(err)
			}
			c.budgetChecked = true
			_, err = c.Create(context.Background(), "Resources", map[string]any{})
			if err == nil || IsUncertain(err) {
				t.Fatalf("err = %v (uncertain %v); the write never reached the zone", err, IsUncertain(err))
			}
		})
	}
}

func TestAWriteWhoseContextEndedBeforeItsSlotIsCertain(t *testing.T) {
	var posts atomic.Int64
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		posts.Add(1)
		_, _ = w.Write([]byte(`{"itemId":1}`))
	})
	c := s.client(t, func(o *Options) { o.MaxConcurrencyPerEntity = 1 })
	c.budgetChecked = true
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	// A free slot and an ended context are both ready: whichever the client picks, nothing is sent.
	for range 50 {
		_, err := c.Create(cancelled, "Resources", map[string]any{})
		if err == nil || IsUncertain(err) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v (uncertain %v)", err, IsUncertain(err))
		}
	}
	if posts.Load() != 0 {
		t.Fatalf("%d POSTs reached the zone", posts.Load())
	}
}

func TestAWriteCancelledWhileBackingOffAfterA429IsCertain(t *testing.T) {
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"errors":["Too many requests"]}`))
	})
	c := s.client(t, func(o *Options) { o.MaxRetryTime = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Create(ctx, "Resources", map[string]any{})
	if err == nil || IsUncertain(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v (uncertain %v); the zone refused the only attempt", err, IsUncertain(err))
	}
}

func TestErrorsKeepTheirCause(t *testing.T) {
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(time.Second)
		_, _ = w.Write([]byte(`{"item":{"id":1}}`))
	})
	c := s.client(t)
	c.budgetChecked = true
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var r resource
	err := c.Get(ctx, "Resources", 1, &r)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("errors.Is(%v, context.DeadlineExceeded) = false", err)
	}
	cancelled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if err := c.Get(cancelled, "Resources", 1, &r); !errors.Is(err, context.Canceled) {
		t.Fatalf("errors.Is(%v, context.Canceled) = false", err)
	}
}
