package autotask

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
)

// Error is a failed Autotask call. It never carries request headers or bodies, so it is safe to
// show; messages from the zone are masked like every log line.
type Error struct {
	StatusCode int      // 0 when no response arrived.
	Entity     string   // For example "Resources"; empty for zone-level calls.
	Operation  string   // get, query, count, create, update, replace, delete, info, zone, threshold.
	Messages   []string // From {"errors":[...]}, {"Message":...} or the raw body.
	Attempts   int      // How many times the request was sent.
	// Uncertain is set for a write whose outcome is unknown: it was sent and the connection
	// failed, a gateway answered in the zone's stead, or the zone answered 2xx with a body that
	// does not say what it made. The zone may have applied it: look before retrying. A write
	// that never left (refused connection, DNS, a context that ended first) is not uncertain.
	Uncertain bool
	cause     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("Autotask")
	if e.Entity != "" {
		b.WriteString(" " + e.Entity)
	}
	if e.Operation != "" {
		b.WriteString(" " + e.Operation)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	}
	if len(e.Messages) > 0 {
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	} else if e.cause != nil {
		b.WriteString(": " + e.cause.Error())
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if mentionsThreadLimit(e.Messages) {
		b.WriteString(". The zone's thread limit allows 3 requests at once per entity and tracking identifier, shared by " +
			"everything that signs in with it: lower max_concurrency_per_entity or -parallelism, stop other runs that use " +
			"the same API user, or apply again later")
	}
	if e.Uncertain {
		b.WriteString(" (the zone may have applied the change)")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.cause }

func statusIs(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == status
}

// IsNotFound reports a 404: an unknown id, or an entity the zone does not have.
func IsNotFound(err error) bool { return statusIs(err, http.StatusNotFound) }

// IsUnauthorized reports a 401: a wrong secret, or a zone that does not know the user.
func IsUnauthorized(err error) bool { return statusIs(err, http.StatusUnauthorized) }

// IsZoneLookupRefused reports that zoneInformation could not name a zone for the username:
// Autotask answers 500 for a username it does not know.
func IsZoneLookupRefused(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Operation == "zone" && e.StatusCode == http.StatusInternalServerError
}

// IsUnreachable reports a call that never reached a zone: its host name does not exist, or
// nothing listens at its address. Sending it again at once would meet the same answer.
func IsUnreachable(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsNotFound
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// IsTimeout reports a call the zone did not answer within the request timeout, whether it was
// sent or still connecting (a TLS handshake that never ends).
func IsTimeout(err error) bool {
	return inChain(err, func(e error) bool {
		t, ok := e.(interface{ Timeout() bool })
		return ok && t.Timeout()
	})
}

// inChain reports whether match holds for err or any error it wraps, through every branch:
// errors.As stops at the first error of a type, whose answer may not be the chain's.
func inChain(err error, match func(error) bool) bool {
	if err == nil {
		return false
	}
	if match(err) {
		return true
	}
	switch u := err.(type) { //nolint:errorlint // walks the chain itself
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if inChain(e, match) {
				return true
			}
		}
	case interface{ Unwrap() error }:
		return inChain(u.Unwrap(), match)
	}
	return false
}

// IsIntegrationCodeRefused reports the 500 with which Autotask refuses an integration code it
// does not know ("IntegrationCode is invalid").
func IsIntegrationCodeRefused(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusInternalServerError {
		return false
	}
	for _, m := range e.Messages {
		if strings.Contains(strings.ToLower(m), "integrationcode") {
			return true
		}
	}
	return false
}

// IsUncertain reports a write whose outcome is unknown (see Error.Uncertain).
func IsUncertain(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Uncertain
}

// isThreadLimit reports a rejection by the zone's concurrency limit, which Autotask answers with
// 429 or with a 500 whose message names the thread threshold.
func isThreadLimit(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.StatusCode == http.StatusTooManyRequests || (e.StatusCode == http.StatusInternalServerError && mentionsThreadLimit(e.Messages))
}

func mentionsThreadLimit(messages []string) bool {
	for _, m := range messages {
		l := strings.ToLower(m)
		if strings.Contains(l, "thread threshold") || strings.Contains(l, "itgenatr005") {
			return true
		}
	}
	return false
}

// mentionsBudgetExhausted recognises the refusal of a zone whose hourly request budget is spent.
func mentionsBudgetExhausted(messages []string) bool {
	for _, m := range messages {
		l := strings.ToLower(m)
		if strings.Contains(l, "request threshold") || strings.Contains(l, "external requests") {
			return true
		}
	}
	return false
}

// parseErrorBody reads the zone's three error shapes: {"errors":[...]}, ASP.NET's
// {"Message":...}, and anything else as raw text (trimmed and shortened). Each message passes
// through mask after it is decoded, since JSON may carry a secret escaped, and the raw text
// before it is cut, since a cut could split a secret.
func parseErrorBody(body []byte, mask func(string) string) []string {
	var shaped struct {
		Errors  []string `json:"errors"`
		Message string   `json:"Message"`
	}
	if json.Unmarshal(body, &shaped) == nil {
		if shaped.Message != "" && len(shaped.Errors) == 0 {
			shaped.Errors = []string{shaped.Message}
		}
		if len(shaped.Errors) > 0 {
			out := make([]string, len(shaped.Errors))
			for i, m := range shaped.Errors {
				out[i] = mask(m)
			}
			return out
		}
	}
	text := mask(strings.TrimSpace(string(body)))
	if text == "" {
		return nil
	}
	const limit = 300
	if len(text) > limit {
		text = strings.ToValidUTF8(text[:limit], "") + "..."
	}
	return []string{text}
}
