package autotask

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Reads of one entity by id coalesce: while as many reads as the entity has slots are in flight,
// the others wait in a queue, and the next read to start takes the whole queue (up to 500 ids)
// in one `id in [...]` query. Terraform refreshes every object of a configuration in parallel, so
// a plan over many objects costs a fraction of a call per object. Each queued read is sent after
// it was queued, so it never returns data older than a write that finished before it.

// maxBatch is the most ids one query asks for: the zone's page size.
const maxBatch = 500

type pendingRead struct {
	id   int64
	done chan readResult // buffered: the leader never blocks on it
}

type readResult struct {
	item json.RawMessage // nil: no such item
	err  error
}

// readQueue is one entity's waiting reads and how many leaders are reading for it.
type readQueue struct {
	mu      sync.Mutex
	leaders int
	waiting []*pendingRead
}

func (c *Client) readQueue(entity string) *readQueue {
	c.queuesMu.Lock()
	defer c.queuesMu.Unlock()
	key := strings.ToLower(entity)
	q, ok := c.queues[key]
	if !ok {
		q = &readQueue{}
		c.queues[key] = q
	}
	return q
}

// Get reads one item by id into out. A missing id is an error for which IsNotFound is true.
func (c *Client) Get(ctx context.Context, entity string, id int64, out any) error {
	q := c.readQueue(entity)
	p := &pendingRead{id: id, done: make(chan readResult, 1)}
	q.mu.Lock()
	q.waiting = append(q.waiting, p)
	lead := q.leaders < c.opts.MaxConcurrencyPerEntity
	if lead {
		q.leaders++
	}
	q.mu.Unlock()
	if lead {
		c.lead(ctx, entity, q)
	}
	var r readResult
	select {
	case r = <-p.done: // a leader always has its own result by now
	default:
		select {
		case r = <-p.done:
		case <-ctx.Done():
			return &Error{Entity: entity, Operation: "get", cause: ctx.Err()}
		}
	}
	switch {
	case r.err != nil:
		return r.err
	case r.item == nil:
		return &Error{StatusCode: http.StatusNotFound, Entity: entity, Operation: "get", Messages: []string{fmt.Sprintf("no item with id %d", id)}}
	}
	return json.Unmarshal(r.item, out)
}

// lead reads for the queue until it is empty: each round takes what waits, up to maxBatch ids.
func (c *Client) lead(ctx context.Context, entity string, q *readQueue) {
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
		items, err := c.readByIDs(ctx, entity, batch)
		for _, p := range batch {
			p.done <- readResult{item: items[p.id], err: err}
		}
	}
}

// readByIDs reads the batch's items: a GET for one id, a query for more. Missing ids are
// absent from the map.
func (c *Client) readByIDs(ctx context.Context, entity string, batch []*pendingRead) (map[int64]json.RawMessage, error) {
	items := map[int64]json.RawMessage{}
	if len(batch) == 1 {
		var env struct {
			Item json.RawMessage `json:"item"`
		}
		err := c.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf("V1.0/%s/%d", entity, batch[0].id), entity: entity, operation: "get"}, &env)
		switch {
		case IsNotFound(err):
		case err != nil:
			return nil, err
		case len(env.Item) > 0 && string(env.Item) != "null":
			items[batch[0].id] = env.Item
		}
		return items, nil
	}
	ids := make([]any, len(batch))
	for i, p := range batch {
		ids[i] = p.id
	}
	raw, err := c.queryAll(ctx, entity, Query{Filter: []Filter{inFilter("id", ids...)}})
	if err != nil {
		return nil, err
	}
	for _, item := range raw {
		var row struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal(item, &row) == nil {
			items[row.ID] = item
		}
	}
	return items, nil
}
