package autotasksim

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

const (
	maskedValue     = "***"
	maxLoggedBody   = 1024
	maxLoggedQuery  = 512
	keptCodePrefix  = 4
	sensitiveSecret = "secret"
	sensitivePass   = "password"
)

// logRequest writes one line per request. The Secret header is never logged, the integration
// code is cut to a prefix, and any body property whose name contains "secret" or "password"
// is replaced by ***, so logs can be shared.
func (s *Simulator) logRequest(rc *reqCtx, status int, dur time.Duration) {
	r := rc.r
	if !s.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Duration("duration", dur),
	}
	if rc.op != "" {
		attrs = append(attrs, slog.String("op", rc.op))
	}
	if rc.entity != nil {
		attrs = append(attrs, slog.String("entity", rc.entity.Name))
	}
	if rc.dropped {
		attrs = append(attrs, slog.Bool("dropped", true))
	}
	if q := r.URL.RawQuery; q != "" {
		attrs = append(attrs, slog.String("query", truncate(q, maxLoggedQuery)))
	}
	if u := r.Header.Get(headerUserName); u != "" {
		attrs = append(attrs, slog.String("user", u))
	}
	if r.Header.Get(headerSecret) != "" {
		attrs = append(attrs, slog.String("secret", maskedValue))
	}
	if c := r.Header.Get(headerIntegrationCode); c != "" {
		attrs = append(attrs, slog.String("integration_code", maskCode(c)))
	}
	if imp := r.Header.Get(headerImpersonation); imp != "" {
		attrs = append(attrs, slog.String("impersonation", imp))
	}
	if len(rc.body) > 0 {
		attrs = append(attrs, slog.String("body", maskBody(rc.body)))
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// maskCode keeps a tracking identifier's first characters, enough to tell integrations apart.
func maskCode(code string) string {
	if len(code) <= keptCodePrefix {
		return maskedValue
	}
	return code[:keptCodePrefix] + maskedValue
}

// maskBody renders a request body for the log with sensitive properties masked. A body that is
// not JSON is not logged at all, since it cannot be masked reliably.
func maskBody(body []byte) string {
	v, err := decodeJSON(body)
	if err != nil {
		return fmt.Sprintf("<%d bytes, not JSON>", len(body))
	}
	out, err := marshal(maskValue(v))
	if err != nil {
		return fmt.Sprintf("<%d bytes>", len(body))
	}
	return truncate(string(out), maxLoggedBody)
}

func maskValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			lk := strings.ToLower(k)
			if strings.Contains(lk, sensitiveSecret) || strings.Contains(lk, sensitivePass) {
				out[k] = maskedValue
				continue
			}
			out[k] = maskValue(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = maskValue(val)
		}
		return out
	}
	return v
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
