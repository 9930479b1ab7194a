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

// The comparison operators of the query grammar.
func Eq(field string, v any) Filter        { return cond("eq", field, v) }
func NotEq(field string, v any) Filter     { return cond("noteq", field, v) }
func Gt(field string, v any) Filter        { return cond("gt", field, v) }
func Gte(field string, v any) Filter       { return cond("gte", field, v) }
func Lt(field string, v any) Filter        { return cond("lt", field, v) }
func Lte(field string, v any) Filter       { return cond("lte", field, v) }
func BeginsWith(field, v string) Filter    { return cond("beginsWith", field, v) }
func EndsWith(field, v string) Filter      { return cond("endsWith", field, v) }
func Contains(field, v string) Filter      { return cond("contains", field, v) }
func Exist(field string) Filter            { return cond("exist", field, nil) }
func NotExist(field string) Filter         { return cond("notExist", field, nil) }
func In(field string, vs ...any) Filter    { return cond("in", field, vs) }
func NotIn(field string, vs ...any) Filter { return cond("notIn", field, vs) }
func And(items ...Filter) Filter           { return Filter{Op: "and", Items: items} }
func Or(items ...Filter) Filter            { return Filter{Op: "or", Items: items} }

// Query is a search: top-level filters are ANDed.
type Query struct {
	Filter        []Filter `json:"filter"`
	IncludeFields []string `json:"IncludeFields,omitempty"`
	MaxRecords    int      `json:"MaxRecords,omitempty"` // 1 to 500 per page; 0 means the zone's 500.
}

// MatchAll is the filter clients send to list every row (the grammar has no empty filter).
func MatchAll() []Filter { return []Filter{Gte("id", 0)} }

type pageDetails struct {
	Count       int     `json:"count"`
	NextPageURL *string `json:"nextPageUrl"`
}

// QueryAll runs q with POST and returns every item, following nextPageUrl with the same method
// and body as the first page, as the zone requires.
func (c *Client) QueryAll(ctx context.Context, entity string, q Query) ([]json.RawMessage, error) {
	return c.queryAll(ctx, entity, q, http.MethodPost)
}

// QueryAllGET runs q with GET ?search=, following nextPageUrl with GET.
func (c *Client) QueryAllGET(ctx context.Context, entity string, q Query) ([]json.RawMessage, error) {
	return c.queryAll(ctx, entity, q, http.MethodGet)
}

func (c *Client) queryAll(ctx context.Context, entity string, q Query, method string) ([]json.RawMessage, error) {
	if len(q.Filter) == 0 {
		q.Filter = MatchAll()
	}
	cl := call{method: method, path: "V1.0/" + entity + "/query", entity: entity, operation: "query"}
	if method == http.MethodGet {
		search, err := json.Marshal(q)
		if err != nil {
			return nil, err
		}
		cl.path += "?search=" + url.QueryEscape(string(search))
	} else {
		cl.body = q
	}
	var all []json.RawMessage
	seen := map[string]bool{}
	for {
		var page struct {
			Items       []json.RawMessage `json:"items"`
			PageDetails pageDetails       `json:"pageDetails"`
		}
		if err := c.do(ctx, cl, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.PageDetails.NextPageURL == nil || *page.PageDetails.NextPageURL == "" || len(page.Items) == 0 {
			return all, nil
		}
		next, err := c.checkNextPage(ctx, *page.PageDetails.NextPageURL)
		if err == nil && (seen[next] || len(seen) >= maxPages) {
			err = fmt.Errorf("the zone keeps answering more pages (%d so far, or one page twice); stopping", len(seen)+1)
		}
		if err != nil {
			return nil, &Error{Entity: entity, Operation: "query", cause: err}
		}
		seen[next] = true
		cl.path, cl.absURL = "", next
	}
}

// maxPages bounds one query: 10,000 pages of 500 rows is far beyond any tenant.
const maxPages = 10000

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

// Count returns how many rows match q.
func (c *Client) Count(ctx context.Context, entity string, q Query) (int, error) {
	if len(q.Filter) == 0 {
		q.Filter = MatchAll()
	}
	var out struct {
		QueryCount int `json:"queryCount"`
	}
	err := c.do(ctx, call{method: http.MethodPost, path: "V1.0/" + entity + "/query/count", entity: entity, operation: "count", body: q}, &out)
	return out.QueryCount, err
}

// QueryAs runs q with POST and decodes every item into T.
func QueryAs[T any](ctx context.Context, c *Client, entity string, q Query) ([]T, error) {
	raw, err := c.QueryAll(ctx, entity, q)
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
