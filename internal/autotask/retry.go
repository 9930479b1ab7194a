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

// callState carries one call's retry bookkeeping from checkRetry to backoff, because
// retryablehttp gives the retry policy neither the attempt count nor the kind of call.
type callState struct {
	start            time.Time
	maxTime          time.Duration // Total time the call may spend, waits included.
	waitMin, waitMax time.Duration
	write            bool
	attempts         int           // Attempts answered so far (checkRetry runs once per attempt).
	wait             time.Duration // The wait checkRetry chose for the next attempt.
}

type callStateKey struct{}

func withCallState(ctx context.Context, s *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, s)
}

func callStateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(callStateKey{}).(*callState)
	return s
}

// checkRetry is the retry policy:
//   - 429 and the thread-threshold 500 on any call: the zone rejected the request before
//     processing it, so even writes are safe to send again;
//   - 502, 503, 504 and connection errors on reads only: a write may have been applied, and the
//     caller decides (look up before retrying);
//   - nothing else.
//
// Every retry is bounded by the attempt count (retryablehttp's RetryMax) and by the call's total
// time: a wait that would cross it ends the retries, and the last answer is returned.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	state := callStateOf(ctx)
	if state == nil {
		return false, err
	}
	state.attempts++
	retry := false
	switch {
	case err != nil:
		retry = !state.write
	case resp.StatusCode == http.StatusTooManyRequests:
		// A 429 for the exhausted hourly budget will not clear within a retry budget.
		retry = !mentionsBudgetExhausted(peekMessages(resp))
	case resp.StatusCode == http.StatusInternalServerError:
		retry = mentionsThreadLimit(peekMessages(resp))
	case resp.StatusCode == http.StatusBadGateway, resp.StatusCode == http.StatusServiceUnavailable, resp.StatusCode == http.StatusGatewayTimeout:
		retry = !state.write
	}
	if !retry {
		return false, nil
	}
	wait := state.nextWait(resp)
	if time.Since(state.start)+wait > state.maxTime {
		return false, nil
	}
	state.wait = wait
	return true, nil
}

// nextWait honours Retry-After (seconds or an HTTP date, capped) and otherwise backs off
// exponentially with jitter between waitMin and waitMax.
func (s *callState) nextWait(resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After")); ok {
			return min(d, maxRetryAfter)
		}
	}
	return exponential(s.waitMin, s.waitMax, s.attempts-1)
}

// backoff returns the wait checkRetry chose; retryablehttp calls it right after checkRetry.
// Without a response (a connection error) the request is out of reach, so it recomputes.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.Request != nil {
		if state := callStateOf(resp.Request.Context()); state != nil {
			return state.wait
		}
	}
	return exponential(lo, hi, attempt)
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
