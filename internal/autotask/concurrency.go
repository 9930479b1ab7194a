package autotask

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// entityLimits holds one semaphore per entity, so no more than max requests per entity are in
// flight: Autotask rejects a fourth concurrent request per tracking identifier and endpoint, and
// Terraform's default parallelism of 10 would trip it. Entities are keyed case-insensitively,
// as the zone routes them.
type entityLimits struct {
	max  int
	mu   sync.Mutex
	sems map[string]chan struct{}
}

func newEntityLimits(limit int) *entityLimits {
	return &entityLimits{max: limit, sems: map[string]chan struct{}{}}
}

func (l *entityLimits) acquire(ctx context.Context, entity string) (release func(), err error) {
	key := strings.ToLower(entity)
	l.mu.Lock()
	sem, ok := l.sems[key]
	if !ok {
		sem = make(chan struct{}, l.max)
		l.sems[key] = sem
	}
	l.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err // select below would pick a free slot or the ended context at random
	}
	select {
	case sem <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-sem }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ctxMutex is a mutex whose Lock gives up when the caller's context ends, for locks held across
// HTTP calls (the budget read, the zone lookup), so one slow call never outlives another's deadline.
type ctxMutex chan struct{}

func newCtxMutex() ctxMutex { return make(ctxMutex, 1) }

func (m ctxMutex) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case m <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (m ctxMutex) unlock() { <-m }

// attempt is what the transport learns about one call's attempts: its entity, and whether the
// current attempt wrote anything to the zone.
type attempt struct {
	entity  string
	written atomic.Bool
}

type attemptKey struct{}

func withAttempt(ctx context.Context, a *attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

// errNotSent marks a request that never left the client (it waited for an entity slot, or
// failed before its headers were written: refused connection, DNS, TLS, an invalid header), so
// even a write is known not to have been applied.
var errNotSent = errors.New("the request was not sent")

func isNotSent(err error) bool { return errors.Is(err, errNotSent) }

// limitTransport takes an entity slot for each attempt and gives it back when the response
// body is closed, so a slot is never held while retryablehttp waits between attempts. The
// attempt's time limit starts once it holds its slot, so queueing behind Terraform's
// parallelism does not eat into it.
type limitTransport struct {
	base    http.RoundTripper
	limits  *entityLimits
	timeout time.Duration
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	release := func() {}
	a, _ := req.Context().Value(attemptKey{}).(*attempt)
	if a == nil {
		a = &attempt{}
	}
	a.written.Store(false)
	if a.entity != "" {
		var err error
		if release, err = t.limits.acquire(req.Context(), a.entity); err != nil {
			return nil, fmt.Errorf("%w: %w", errNotSent, err)
		}
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { a.written.Store(true) }})
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		release()
		if !a.written.Load() {
			return nil, fmt.Errorf("%w: %w", errNotSent, err)
		}
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: func() { cancel(); release() }}
	return resp, nil
}

type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
