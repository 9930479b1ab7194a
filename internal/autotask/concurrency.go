package autotask

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// entityLimits holds one semaphore per entity, so no more than max requests per entity are in
// flight: Autotask rejects a fourth concurrent request per tracking identifier and endpoint, and
// Terraform's default parallelism of 10 would trip it.
type entityLimits struct {
	max  int
	mu   sync.Mutex
	sems map[string]chan struct{}
}

func newEntityLimits(limit int) *entityLimits {
	return &entityLimits{max: limit, sems: map[string]chan struct{}{}}
}

func (l *entityLimits) acquire(ctx context.Context, entity string) (release func(), err error) {
	l.mu.Lock()
	sem, ok := l.sems[entity]
	if !ok {
		sem = make(chan struct{}, l.max)
		l.sems[entity] = sem
	}
	l.mu.Unlock()
	select {
	case sem <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-sem }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type entityKey struct{}

func withEntity(ctx context.Context, entity string) context.Context {
	return context.WithValue(ctx, entityKey{}, entity)
}

// errNotSent marks a request that never left the client (it was still waiting for an entity
// slot), so even a write is known not to have been applied.
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
	if entity, _ := req.Context().Value(entityKey{}).(string); entity != "" {
		var err error
		if release, err = t.limits.acquire(req.Context(), entity); err != nil {
			return nil, fmt.Errorf("%w: %w", errNotSent, err)
		}
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		release()
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
