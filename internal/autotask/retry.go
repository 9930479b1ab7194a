package autotask

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter caps a Retry-After the zone asks for.
const maxRetryAfter = 2 * time.Minute

// retryPolicy is one call's retry state. A fresh one serves each call, so its checkRetry and
// backoff share the attempt count and the chosen wait, which retryablehttp does not pass along.
type retryPolicy struct {
	start            time.Time
	maxTime          time.Duration // Time the call may spend before its last attempt starts.
	waitMin, waitMax time.Duration
	write            bool
	attempts         int           // Attempts answered so far (checkRetry runs once per attempt).
	wait             time.Duration // The wait checkRetry chose for the next attempt.
	// maybeApplied says whether the last attempt may have reached the zone without a clear
	// answer: it was sent and no response came, or a gateway answered in the zone's stead.
	maybeApplied bool
	// retrying is told of each retry, with what failed and the wait before the next attempt.
	retrying func(cause string, wait time.Duration)
}

// checkRetry is the retry policy:
//   - 429 and the thread-threshold 500 on any call: the zone rejected the request before
//     processing it, so even writes are safe to send again (but not a 429 for an exhausted
//     hourly budget, which will not clear within a retry budget);
//   - 502, 503, 504 and connection errors on reads only: a write may have been applied, and the
//     caller decides (look up before retrying); a request that never left is safe to resend;
//   - never an error that cannot clear by itself: a certificate the client does not trust, an
//     invalid header value, an unsupported scheme, a host name that does not resolve, a refused
//     connection (IsUnreachable);
//   - nothing else.
//
// Every retry is bounded by the attempt count (retryablehttp's RetryMax) and by the call's total
// time: a wait that would start an attempt after it ends the retries, and the last answer is
// returned. The last attempt can then run for one request timeout more.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	p.attempts++
	p.maybeApplied = (err != nil && !isNotSent(err)) || (resp != nil && isGateway(resp.StatusCode))
	if ctx.Err() != nil {
		if err != nil {
			return false, err // keeps what happened, such as a request that was never sent
		}
		return false, ctx.Err()
	}
	retry := false
	switch {
	case err != nil:
		retry = (!p.write || isNotSent(err)) && !isPermanent(err) && !IsUnreachable(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		retry = !mentionsBudgetExhausted(peekMessages(resp))
	case resp.StatusCode == http.StatusInternalServerError:
		retry = mentionsThreadLimit(peekMessages(resp))
	case isGateway(resp.StatusCode):
		retry = !p.write
	}
	if !retry {
		return false, nil
	}
	wait := p.nextWait(resp)
	if time.Since(p.start)+wait > p.maxTime {
		return false, nil
	}
	p.wait = wait
	if p.retrying != nil {
		cause := ""
		var urlErr *url.Error
		switch {
		case errors.As(err, &urlErr):
			shown := *urlErr
			shown.URL = redact(shown.URL) // the query may carry a username or a search
			cause = shown.Error()
		case err != nil:
			cause = err.Error()
		default:
			cause = fmt.Sprintf("HTTP %d", resp.StatusCode)
		}
		p.retrying(cause, wait)
	}
	return true, nil
}

func isGateway(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// isPermanent recognises transport errors that the same request meets again on every attempt.
// net/http reports an invalid header and an unsupported scheme as untyped errors, hence the text.
func isPermanent(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
	)
	if errors.As(err, &verify) || errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &record) {
		return true
	}
	text := err.Error()
	return strings.Contains(text, "invalid header field") || strings.Contains(text, "unsupported protocol scheme")
}

// backoff returns the wait checkRetry chose and checked against the time bound.
func (p *retryPolicy) backoff(time.Duration, time.Duration, int, *http.Response) time.Duration {
	return p.wait
}

// nextWait honours Retry-After (seconds or an HTTP date, capped) and otherwise backs off
// exponentially with jitter between waitMin and waitMax.
func (p *retryPolicy) nextWait(resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After")); ok {
			return min(d, maxRetryAfter)
		}
	}
	return exponential(p.waitMin, p.waitMax, p.attempts-1)
}

// exponential doubles the wait per attempt up to hi, then keeps half of it and randomises the
// other half so parallel callers spread out.
func exponential(lo, hi time.Duration, attempt int) time.Duration {
	d := lo << min(attempt, 20)
	if d <= 0 || d > hi {
		d = hi
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// peekMessages reads an error response's messages and puts the body back for the caller.
func peekMessages(resp *http.Response) []string {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	return parseErrorBody(raw, func(s string) string { return s }) // only classified, never shown
}

func parseRetryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		// Clamp before multiplying: a huge value would wrap to a negative duration.
		return time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}
