package autotask

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Lookups of one entity by id, or by another unique field such as a name, coalesce: while as
// many lookups as the entity has slots are in flight, the others wait in a queue, and the next
// one to start takes the whole queue (up to 500 values) in one `field in [...]` query. Batched
// lookups go further: Terraform works on a plan's objects a few at a time (its -parallelism),
// too far apart for slots alone to make them wait, so one batched lookup gathers the others
// until none has joined for BatchIdle. Each queued lookup is sent after it was queued, so it
// never returns data older than a write that finished before it.

type batchingKey struct{}

// WithBatching marks the lookups made with ctx, by id (Get) or by name, as ones that may wait
// for others of their entity and field and share one query with them (Options.BatchWindow):
// for the many alike lookups Terraform makes at once, in refreshes and plan checks. Other
// lookups never wait for company.
func WithBatching(ctx context.Context) context.Context {
	return context.WithValue(ctx, batchingKey{}, true)
}

func isBatching(ctx context.Context) bool {
	v, _ := ctx.Value(batchingKey{}).(bool)
	return v
}

// maxBatch is the most values one query asks for: the zone's page size.
const maxBatch = 500

// pendingLookup is one caller's lookup: an int64 id or a string, compared case-insensitively,
// as the zone does.
type pendingLookup struct {
	ctx   context.Context // the caller's: the batch's query stops when every caller has given up
	value any
	done  chan lookupResult // buffered: the leader never blocks on it
}

type lookupResult struct {
	rows []json.RawMessage
	err  error
}

// lookupQueue is one entity field's waiting lookups and how many leaders work for it.
type lookupQueue struct {
	entity, field string
	mu            sync.Mutex
	leaders       int
	waiting       []*pendingLookup
	// gathering is set while a batched lookup waits for others to join; joined wakes it when
	// one does.
	gathering bool
	joined    chan struct{}
}

func (c *Client) lookupQueue(entity, field string) *lookupQueue {
	c.queuesMu.Lock()
	defer c.queuesMu.Unlock()
	key := strings.ToLower(entity) + "." + field
	q, ok := c.queues[key]
	if !ok {
		q = &lookupQueue{entity: entity, field: field, joined: make(chan struct{}, 1)}
		c.queues[key] = q
	}
	return q
}

// Get reads one item by id into out. A missing id is an error for which IsNotFound is true.
func (c *Client) Get(ctx context.Context, entity string, id int64, out any) error {
	rows, err := c.lookup(ctx, entity, "id", id)
	switch {
	case err != nil:
		return err
	case len(rows) == 0:
		return &Error{StatusCode: http.StatusNotFound, Entity: entity, Operation: "get", Messages: []string{fmt.Sprintf("no item with id %d", id)}}
	}
	return json.Unmarshal(rows[0], out)
}

// getAs reads one item by id; IsNotFound tells a missing one.
func getAs[T any](ctx context.Context, c *Client, entity string, id int64) (T, error) {
	var v T
	err := c.Get(ctx, entity, id, &v)
	return v, err
}

// lookupAs returns the rows whose field equals value, case-insensitively.
func lookupAs[T any](ctx context.Context, c *Client, entity, field, value string) ([]T, error) {
	rows, err := c.lookup(ctx, entity, field, value)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(rows))
	for i, row := range rows {
		if err := json.Unmarshal(row, &out[i]); err != nil {
			return nil, &Error{Entity: entity, Operation: "query", cause: err}
		}
	}
	return out, nil
}

// lookup queues one lookup and returns its rows. A batched lookup that finds no other gathering
// gathers: it waits for company without holding a slot, so plain lookups never wait for it.
func (c *Client) lookup(ctx context.Context, entity, field string, value any) ([]json.RawMessage, error) {
	q := c.lookupQueue(entity, field)
	p := &pendingLookup{ctx: ctx, value: value, done: make(chan lookupResult, 1)}
	q.mu.Lock()
	q.waiting = append(q.waiting, p)
	batching := isBatching(ctx)
	gather := batching && !q.gathering
	lead := !batching && q.leaders < c.opts.MaxConcurrencyPerEntity
	if gather {
		q.gathering = true
	} else if lead {
		q.leaders++
	}
	q.mu.Unlock()
	select {
	case q.joined <- struct{}{}: // wakes a gathering leader
	default:
	}
	if gather {
		lead = c.gather(ctx, q)
	}
	if lead {
		go c.lead(q) // the queue's work outlives this caller, who may give up below
	}
	select {
	case r := <-p.done:
		return r.rows, r.err
	case <-ctx.Done():
		q.mu.Lock()
		if i := slices.Index(q.waiting, p); i >= 0 { // not taken yet: nobody needs it now
			q.waiting = slices.Delete(q.waiting, i, i+1)
		}
		q.mu.Unlock()
		op := "query"
		if field == "id" {
			op = "get"
		}
		return nil, &Error{Entity: entity, Operation: op, cause: ctx.Err()}
	}
}

// gather waits until no lookup has joined the queue for BatchIdle, or BatchWindow has passed,
// then takes a slot to lead if one is free; if none is, the leaders holding them take the queue.
func (c *Client) gather(ctx context.Context, q *lookupQueue) (lead bool) {
	idle := time.NewTimer(c.opts.BatchIdle)
	limit := time.NewTimer(c.opts.BatchWindow)
	defer idle.Stop()
	defer limit.Stop()
	for done := false; !done; {
		select {
		case <-q.joined:
			idle.Reset(c.opts.BatchIdle)
		case <-idle.C:
			done = true
		case <-limit.C:
			done = true
		case <-ctx.Done():
			done = true
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.gathering = false
	if lead = q.leaders < c.opts.MaxConcurrencyPerEntity; lead {
		q.leaders++
	}
	return lead
}

// lead looks up for the queue until it is empty: each round takes what waits, up to maxBatch.
func (c *Client) lead(q *lookupQueue) {
	for {
		q.mu.Lock()
		n := min(len(q.waiting), maxBatch)
		batch := q.waiting[:n:n]
		q.waiting = q.waiting[n:]
		if n == 0 {
			q.leaders--
		}
		q.mu.Unlock()
		if n == 0 {
			return
		}
		ctx, cancel := batchContext(batch)
		rows, err := c.fetch(ctx, q, batch)
		cancel()
		if len(batch) == 1 {
			// The zone matched the rows; give them all, whatever its collation.
			batch[0].done <- lookupResult{rows: rows, err: err}
			continue
		}
		byKey := map[any][]json.RawMessage{}
		for _, row := range rows {
			if k, ok := rowKey(row, q.field); ok {
				byKey[k] = append(byKey[k], row)
			}
		}
		for _, p := range batch {
			p.done <- lookupResult{rows: byKey[lookupKey(p.value)], err: err}
		}
	}
}

// batchContext is the context of a batch's query: it carries the first caller's values (the
// batching mark, the logger) and ends only when every caller in the batch has given up, so one
// caller's deadline never fails the others.
func batchContext(batch []*pendingLookup) (context.Context, context.CancelFunc) {
	if len(batch) == 1 {
		return batch[0].ctx, func() {} // its own deadline, and its error
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(batch[0].ctx))
	go func() {
		for _, p := range batch {
			select {
			case <-p.ctx.Done():
			case <-ctx.Done():
				return
			}
		}
		cancel()
	}()
	return ctx, cancel
}

// fetch reads the batch's rows: a GET for one id, a query otherwise.
func (c *Client) fetch(ctx context.Context, q *lookupQueue, batch []*pendingLookup) ([]json.RawMessage, error) {
	if id, ok := batch[0].value.(int64); ok && len(batch) == 1 && q.field == "id" {
		var env struct {
			Item json.RawMessage `json:"item"`
		}
		err := c.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf("V1.0/%s/%d", q.entity, id), entity: q.entity, operation: "get"}, &env)
		switch {
		case IsNotFound(err):
			return nil, nil
		case err != nil:
			return nil, err
		case len(env.Item) == 0 || string(env.Item) == "null":
			return nil, nil
		}
		return []json.RawMessage{env.Item}, nil
	}
	filter := Eq(q.field, batch[0].value)
	if len(batch) > 1 {
		values := make([]any, len(batch))
		for i, p := range batch {
			values[i] = p.value
		}
		filter = inFilter(q.field, values...)
	}
	return c.queryAll(ctx, q.entity, Query{Filter: []Filter{filter}})
}

// lookupKey is how a looked-up value and a row's field compare: ids as they are, strings in
// lower case, as the zone compares them.
func lookupKey(v any) any {
	if s, ok := v.(string); ok {
		return strings.ToLower(s)
	}
	return v
}

// rowKey is the lookupKey of row's field.
func rowKey(row json.RawMessage, field string) (any, bool) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(row, &fields) != nil {
		return nil, false
	}
	raw, ok := fields[field]
	if !ok {
		return nil, false
	}
	var id int64
	if json.Unmarshal(raw, &id) == nil {
		return id, true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return lookupKey(s), true
	}
	return nil, false
}
