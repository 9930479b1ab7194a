package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Filter is one condition of the query grammar, or an and/or group of conditions.
type Filter struct {
	Op    string   `json:"op"`
	Field string   `json:"field,omitempty"`
	Value any      `json:"value,omitempty"`
	UDF   bool     `json:"udf,omitempty"`
	Items []Filter `json:"items,omitempty"`
}

func cond(op, field string, value any) Filter { return Filter{Op: op, Field: field, Value: value} }

// Eq matches rows whose field equals v.
func Eq(field string, v any) Filter { return cond("eq", field, v) }

// inFilter matches rows whose field is one of vs.
func inFilter(field string, vs ...any) Filter { return cond("in", field, vs) }

// matchAll is the filter that lists every row (the grammar has no empty filter).
func matchAll() []Filter { return []Filter{cond("gte", "id", 0)} }

// Query is a search: top-level filters are ANDed.
type Query struct {
	Filter        []Filter `json:"filter"`
	IncludeFields []string `json:"IncludeFields,omitempty"`
	MaxRecords    int      `json:"MaxRecords,omitempty"` // 1 to 500 per page; 0 means the zone's 500.
}

type pageDetails struct {
	Count       int     `json:"count"`
	NextPageURL *string `json:"nextPageUrl"`
}

// queryAll runs q with POST and returns every item, following nextPageUrl with the same method
// and body as the first page, as the zone requires.
func (c *Client) queryAll(ctx context.Context, entity string, q Query) ([]json.RawMessage, error) {
	if len(q.Filter) == 0 {
		q.Filter = matchAll()
	}
	cl := call{method: http.MethodPost, path: "V1.0/" + entity + "/query", entity: entity, operation: "query", body: q}
	var all []json.RawMessage
	ids := map[int64]bool{}
	for pages := 1; ; pages++ {
		var page struct {
			Items       []json.RawMessage `json:"items"`
			PageDetails pageDetails       `json:"pageDetails"`
		}
		if err := c.do(ctx, cl, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		next := page.PageDetails.NextPageURL
		if next == nil || *next == "" || len(page.Items) == 0 {
			return all, nil
		}
		var err error
		switch {
		case !newRows(page.Items, ids):
			err = errors.New("the zone answered a page with no new rows, and yet another page; stopping")
		case pages >= maxPages:
			err = fmt.Errorf("the query goes on past %d pages (%d rows so far); stopping to spare the zone's shared hourly budget", maxPages, len(all))
		default:
			cl.absURL, err = c.checkNextPage(ctx, *next)
		}
		if err != nil {
			return nil, &Error{Entity: entity, Operation: "query", cause: err}
		}
		cl.path = ""
		if pages%budgetRecheckPages == 0 {
			if err := c.readBudget(ctx, true); err != nil {
				return nil, err
			}
		}
	}
}

// newRows records the ids of items and reports whether any was not seen before: a zone or proxy
// that keeps answering the same rows with new page URLs would otherwise page forever.
func newRows(items []json.RawMessage, seen map[int64]bool) bool {
	progress := false
	for _, item := range items {
		var row struct {
			ID *int64 `json:"id"`
		}
		if json.Unmarshal(item, &row) == nil && row.ID != nil && !seen[*row.ID] {
			seen[*row.ID] = true
			progress = true
		}
	}
	return progress
}

const (
	// maxPages bounds one query at 25,000 rows of 500, several times the largest entity the
	// provider reads, so a runaway query costs at most 0.5% of the 10,000 requests an hour that
	// every integration of the database shares.
	maxPages = 50
	// budgetRecheckPages is how often a long query reads the budget again.
	budgetRecheckPages = 10
)

// checkNextPage resolves a next page against the zone and only follows it on the zone's own
// scheme, host and port: the request carries the credentials.
func (c *Client) checkNextPage(ctx context.Context, next string) (string, error) {
	root, err := c.zoneRoot(ctx)
	if err != nil {
		return "", err
	}
	ru, err := url.Parse(root)
	if err != nil {
		return "", err
	}
	nu, err := url.Parse(next)
	if err != nil {
		return "", errors.New("the zone answered a next page URL that does not parse")
	}
	nu = ru.ResolveReference(nu)
	if !strings.EqualFold(nu.Scheme, ru.Scheme) || !strings.EqualFold(nu.Hostname(), ru.Hostname()) || effectivePort(nu) != effectivePort(ru) {
		return "", errors.New("the zone answered a next page on another host; refusing to send credentials there")
	}
	return nu.String(), nil
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// QueryAs runs q with POST and decodes every item into T.
func QueryAs[T any](ctx context.Context, c *Client, entity string, q Query) ([]T, error) {
	raw, err := c.queryAll(ctx, entity, q)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			return nil, &Error{Entity: entity, Operation: "query", cause: fmt.Errorf("decoding an item: %w", err)}
		}
	}
	return out, nil
}
