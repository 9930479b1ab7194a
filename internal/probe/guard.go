package probe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// readOnlyTransport lets only reads through: GET, and POST to an entity's query routes
// (query, query/count, query/next), which the API answers without changing anything. Any other
// request is refused before it leaves, so no bug in the probe can write to a zone. It counts
// the requests it sends.
type readOnlyTransport struct {
	base http.RoundTripper

	mu      sync.Mutex
	sent    map[string]int // by method
	refused int
}

func newReadOnlyTransport() *readOnlyTransport {
	base := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's documented type
	return &readOnlyTransport{base: base, sent: map[string]int{}}
}

// errWrite is the refusal of a request that is not a read.
var errWrite = errors.New("the probe only reads: refusing a request that could write")

// isRead reports whether a request is one the probe may send.
func isRead(method, path string) bool {
	switch method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		p := strings.ToLower(strings.TrimRight(path, "/"))
		return strings.HasSuffix(p, "/query") || strings.HasSuffix(p, "/query/count") || strings.HasSuffix(p, "/query/next")
	}
	return false
}

func (t *readOnlyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !isRead(req.Method, req.URL.Path) {
		t.mu.Lock()
		t.refused++
		t.mu.Unlock()
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w (%s %s)", errWrite, req.Method, req.URL.Path)
	}
	t.mu.Lock()
	t.sent[req.Method]++
	t.mu.Unlock()
	return t.base.RoundTrip(req)
}

// counts returns the requests sent, by method, and how many were refused.
func (t *readOnlyTransport) counts() (map[string]int, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.sent))
	for k, v := range t.sent {
		out[k] = v
	}
	return out, t.refused
}

// rawReader sends the few GETs whose every key the probe wants to see (zoneInformation,
// ThresholdInformation, Version), which the client decodes into fixed types. It shares the
// read-only transport, never follows redirects (they would carry the credentials elsewhere)
// and never puts a URL's query string, which may hold the username, in an error.
type rawReader struct {
	http                              *http.Client
	username, secret, integrationCode string
}

func newRawReader(t http.RoundTripper, username, secret, integrationCode string) *rawReader {
	return &rawReader{
		http: &http.Client{
			Transport:     t,
			Timeout:       time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		username: username, secret: secret, integrationCode: integrationCode,
	}
}

// statusError is a non-2xx answer to a raw GET.
type statusError struct {
	status   int
	messages []string
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("HTTP %d", e.status)
	if len(e.messages) > 0 {
		msg += ": " + strings.Join(e.messages, "; ")
	}
	return msg
}

// getObject GETs root+path and decodes a JSON object, keeping every key. auth sends the
// credential headers.
func (r *rawReader) getObject(ctx context.Context, root, path string, auth bool) (map[string]json.RawMessage, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, root+path, nil)
	if err != nil {
		return nil, errors.New("building the request failed")
	}
	req.Header.Set("Accept", "application/json")
	if auth {
		req.Header.Set("UserName", r.username)
		req.Header.Set("Secret", r.secret)
		req.Header.Set("ApiIntegrationCode", r.integrationCode)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			return nil, urlErr.Err // without the URL
		}
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &statusError{status: resp.StatusCode, messages: errorMessages(body)}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, errors.New("the answer is not a JSON object")
	}
	return m, nil
}

// errorMessages reads the API's two error shapes, {"errors":[...]} and ASP.NET's
// {"Message":"..."}; anything else is summarised by its length.
func errorMessages(body []byte) []string {
	var shapes struct {
		Errors  []string `json:"errors"`
		Message string   `json:"Message"`
	}
	if json.Unmarshal(body, &shapes) == nil {
		if len(shapes.Errors) > 0 {
			return shapes.Errors
		}
		if shapes.Message != "" {
			return []string{shapes.Message}
		}
	}
	if len(body) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("a %d-byte answer that is not the API's error shape", len(body))}
}
