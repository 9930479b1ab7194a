package autotask

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
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
}

// checkRetry is the retry policy:
//   - 429 and the thread-threshold 500 on any call: the zone rejected the request before
//     processing it, so even writes are safe to send again (but not a 429 for an exhausted
//     hourly budget, which will not clear within a retry budget);
//   - 502, 503, 504 and connection errors on reads only: a write may have been applied, and the
//     caller decides (look up before retrying); a request that never left is safe to resend;
//   - nothing else.
//
// Every retry is bounded by the attempt count (retryablehttp's RetryMax) and by the call's total
// time: a wait that would start an attempt after it ends the retries, and the last answer is
// returned. The last attempt can then run for one request timeout more.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	p.attempts++
	if ctx.Err() != nil {
		if err != nil {
			return false, err // keeps what happened, such as a request that was never sent
		}
		return false, ctx.Err()
	}
	retry := false
	switch {
	case err != nil:
		retry = !p.write || isNotSent(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		retry = !mentionsBudgetExhausted(peekMessages(resp))
	case resp.StatusCode == http.StatusInternalServerError:
		retry = mentionsThreadLimit(peekMessages(resp))
	case resp.StatusCode == http.StatusBadGateway, resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
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
	return true, nil
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
	return parseErrorBody(raw)
}

func parseRetryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}
