// Package autotask is the thin Autotask REST client: the only code that talks HTTP to a zone.
// It has no Terraform imports.
package autotask

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
	"unicode"

	"github.com/hashicorp/go-retryablehttp"
)

// Options configure a Client. Zero values take the documented defaults.
type Options struct {
	Username, Secret, IntegrationCode string
	// BaseURL is the zone's REST root; when empty the zone is discovered through ZoneLookupURL.
	BaseURL       string
	ZoneLookupURL string
	// ImpersonationResourceID, when not 0, is sent as the ImpersonationResourceId header.
	ImpersonationResourceID int64
	// MaxConcurrencyPerEntity caps requests in flight per entity (default 3, Autotask's limit
	// per tracking identifier and endpoint).
	MaxConcurrencyPerEntity int
	// BatchWindow is the longest a lookup marked WithBatching waits for others to share its
	// query (default 50ms); it stops waiting sooner once none has joined for BatchIdle
	// (default 10ms). Both were tuned with make bench.
	BatchWindow, BatchIdle time.Duration
	// BudgetGuardPercent refuses to start when this share of the hourly request budget is
	// already used (default 90; 100 only stops at the limit itself).
	BudgetGuardPercent int
	// MaxRetries bounds the retries of one call (0: none); MaxRetryTime bounds the time one
	// call may spend before its last attempt (default 2 minutes).
	MaxRetries   int
	MaxRetryTime time.Duration
	// RetryWaitMin and RetryWaitMax bound one backoff wait (defaults 1s and 30s).
	RetryWaitMin, RetryWaitMax time.Duration
	// RequestTimeout limits one HTTP attempt, counted from when it holds its entity slot
	// (default 60s).
	RequestTimeout time.Duration
	// AllowInsecureHTTP allows plain http to hosts other than loopback.
	AllowInsecureHTTP bool
	// UserAgent names the caller, for example "terraform-provider-autotask/1.2.3".
	UserAgent string
	// Transport replaces the HTTP transport (tests, recording). TLS verification stays on
	// with the default transport. It must report httptrace's WroteHeaders, as net/http's
	// transport does: a write that fails before it is reported is taken as never sent.
	Transport http.RoundTripper
	Logger    Logger
}

// Client is a thin Autotask REST client. It is safe for concurrent use.
type Client struct {
	opts   Options
	http   *http.Client
	mask   *masker
	limits *entityLimits
	log    Logger

	zoneMu ctxMutex
	root   string // The zone's REST root once known.

	budgetMu      ctxMutex
	budgetChecked bool
	budgetErr     error

	infoMu ctxMutex

	queuesMu sync.Mutex
	queues   map[string]*lookupQueue // waiting lookups by entity and field
	infos    map[string]entityInfoResult
	fields   map[string][]Field
}

// Defaults of Options, which the provider's settings also default to.
const (
	DefaultMaxConcurrencyPerEntity = 3
	DefaultBudgetGuardPercent      = 90
	DefaultRequestTimeout          = 60 * time.Second
	defaultMaxRetryTime            = 2 * time.Minute
)

// New checks the options and returns a client. It makes no request: the zone is discovered and
// the budget checked on the first call.
func New(opts Options) (*Client, error) {
	if opts.Username == "" || opts.Secret == "" || opts.IntegrationCode == "" {
		return nil, errors.New("autotask: username, secret and integration code are required")
	}
	for _, cred := range []struct{ name, value string }{
		{"username", opts.Username}, {"secret", opts.Secret}, {"integration code", opts.IntegrationCode},
	} {
		if err := CheckCredential(cred.value); err != nil {
			return nil, fmt.Errorf("autotask: the %s %w", cred.name, err)
		}
	}
	if opts.ZoneLookupURL == "" {
		opts.ZoneLookupURL = DefaultZoneLookupURL
	}
	for _, u := range []*string{&opts.BaseURL, &opts.ZoneLookupURL} {
		if *u == "" {
			continue
		}
		root, err := NormalizeRESTRoot(*u)
		if err != nil {
			return nil, err
		}
		if err := CheckTransportSecurity(root, opts.AllowInsecureHTTP); err != nil {
			return nil, err
		}
		*u = root
	}
	setDefault(&opts.MaxConcurrencyPerEntity, DefaultMaxConcurrencyPerEntity)
	setDefault(&opts.BatchWindow, 50*time.Millisecond)
	setDefault(&opts.BatchIdle, 10*time.Millisecond)
	setDefault(&opts.BudgetGuardPercent, DefaultBudgetGuardPercent)
	setDefault(&opts.MaxRetryTime, defaultMaxRetryTime)
	setDefault(&opts.RetryWaitMin, time.Second)
	setDefault(&opts.RetryWaitMax, 30*time.Second)
	setDefault(&opts.RequestTimeout, DefaultRequestTimeout)
	if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "terraform-provider-autotask"
	}
	c := &Client{
		opts:     opts,
		mask:     &masker{},
		limits:   newEntityLimits(opts.MaxConcurrencyPerEntity),
		log:      opts.Logger,
		zoneMu:   newCtxMutex(),
		root:     opts.BaseURL,
		budgetMu: newCtxMutex(),
		infoMu:   newCtxMutex(),
		queues:   map[string]*lookupQueue{},
		infos:    map[string]entityInfoResult{},
		fields:   map[string][]Field{},
	}
	if c.log == nil {
		c.log = discardLogger{}
	}
	c.mask.add(opts.Secret, opts.Username, url.QueryEscape(opts.Username), opts.IntegrationCode)

	transport := opts.Transport
	if transport == nil {
		transport = http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's documented type
	}
	c.http = &http.Client{
		Transport: &limitTransport{base: transport, limits: c.limits, timeout: opts.RequestTimeout},
		// Never follow a redirect: it would carry the credential headers to wherever it points.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// CheckCredential refuses a credential that cannot travel in an HTTP header as it is: Go
// refuses control characters (a trailing newline from reading a file), and servers strip white
// space around header values, so such a credential could never sign in. The error does not
// show the value.
func CheckCredential(v string) error {
	if i := strings.IndexFunc(v, unicode.IsControl); i >= 0 {
		return fmt.Errorf("contains a control character at byte %d (a trailing newline from file()? use trimspace())", i+1)
	}
	if strings.TrimSpace(v) != v {
		return errors.New("starts or ends with white space, which HTTP headers cannot carry; remove it (trimspace())")
	}
	return nil
}

func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// AddSensitive masks more values in logs and errors, such as a secret the caller is about to send.
func (c *Client) AddSensitive(values ...string) { c.mask.add(values...) }

// call describes one API call for the retry policy, the limiter and error reporting.
type call struct {
	method    string
	path      string // Relative to the REST root, for example "V1.0/Resources/query".
	absURL    string // Set instead of path to follow a nextPageUrl.
	entity    string // Concurrency bucket and error context.
	operation string
	body      any
	write     bool // A write is never retried after it may have reached the zone.
	noAuth    bool // Zone discovery sends no credentials.
	root      string
}

// do sends the call and decodes a 2xx JSON response into out (when not nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	if !cl.noAuth {
		if err := c.checkBudget(ctx); err != nil {
			return err
		}
	}
	err := c.send(ctx, cl, out)
	if IsUnauthorized(err) && !cl.noAuth && c.opts.BaseURL == "" {
		// A 401 may mean the cached zone is wrong: look it up again, and send again only if
		// the zone moved, so a wrong secret does not count two failed logins.
		moved, rerr := c.rediscover(ctx)
		if rerr != nil {
			c.log.Debug(ctx, "Autotask zone rediscovery after a 401 failed", map[string]any{"error": c.mask.mask(rerr.Error())})
		}
		if moved {
			return c.send(ctx, cl, out)
		}
	}
	return err
}

func (c *Client) send(ctx context.Context, cl call, out any) error {
	target := cl.absURL
	if target == "" {
		root := cl.root
		if root == "" {
			var err error
			if root, err = c.zoneRoot(ctx); err != nil {
				return err
			}
		}
		target = root + cl.path
	}
	var body any
	if cl.body != nil {
		raw, err := json.Marshal(cl.body)
		if err != nil {
			return err
		}
		body = raw
	}
	policy := &retryPolicy{start: time.Now(), write: cl.write, maxTime: c.opts.MaxRetryTime, waitMin: c.opts.RetryWaitMin, waitMax: c.opts.RetryWaitMax}
	policy.retrying = func(cause string, wait time.Duration) {
		c.log.Warn(ctx, "Autotask request failed; retrying", map[string]any{
			"method": cl.method, "url": c.mask.mask(redact(target)), "attempt": policy.attempts, "cause": c.mask.mask(cause),
			"wait_ms": wait.Milliseconds(), "max_retries": c.opts.MaxRetries,
		})
	}
	retrying := &retryablehttp.Client{
		HTTPClient: c.http, RetryMax: c.opts.MaxRetries,
		CheckRetry: policy.checkRetry, Backoff: policy.backoff, ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	ctx = withAttempt(ctx, &attempt{entity: cl.entity})
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, target, body)
	if err != nil {
		return &Error{Entity: cl.entity, Operation: cl.operation, cause: c.mask.maskErr(err)}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.opts.UserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if !cl.noAuth {
		req.Header.Set("UserName", c.opts.Username)
		req.Header.Set("Secret", c.opts.Secret)
		req.Header.Set("ApiIntegrationCode", c.opts.IntegrationCode)
		if c.opts.ImpersonationResourceID != 0 {
			req.Header.Set("ImpersonationResourceId", fmt.Sprint(c.opts.ImpersonationResourceID))
		}
	}

	resp, err := retrying.Do(req)
	fail := &Error{Entity: cl.entity, Operation: cl.operation, Attempts: max(policy.attempts, 1)}
	fields := map[string]any{"method": cl.method, "url": c.mask.mask(redact(target)), "attempts": fail.Attempts, "duration_ms": time.Since(policy.start).Milliseconds()}
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close() // gives the entity slot back
		}
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			urlErr.URL = redact(urlErr.URL)
		}
		fail.cause = c.mask.maskErr(err)
		fail.Uncertain = cl.write && policy.maybeApplied
		fields["error"] = fail.cause.Error()
		c.log.Debug(ctx, "Autotask request failed", fields)
		return fail
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	fail.StatusCode = resp.StatusCode
	fields["status"] = resp.StatusCode
	c.log.Debug(ctx, "Autotask request", fields)
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	switch {
	case err != nil:
		fail.cause, fail.Uncertain = c.mask.maskErr(err), cl.write
		return fail
	case !ok:
		fail.Messages, fail.Uncertain = parseErrorBody(raw, c.mask.mask), cl.write && isGateway(resp.StatusCode)
		return fail
	case out == nil:
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		// The zone answered 2xx, so a write was applied even though we cannot read the answer.
		fail.cause, fail.Uncertain = c.mask.maskErr(fmt.Errorf("decoding the response: %w", err)), cl.write
		return fail
	}
	return nil
}

// redact drops the query string, which may carry a username or a search.
func redact(raw string) string {
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		return raw[:i]
	}
	return raw
}
