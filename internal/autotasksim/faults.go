package autotasksim

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fault injection: rules set through POST /_sim/faults or Simulator.SetFaults, applied to API
// requests (never to the control API) after authentication and the limits.

// Fault kinds besides a plain status.
const (
	FaultThreadLimit500 = "thread_limit_500"
	FaultDropResponse   = "drop_response_after_commit"
	FaultLatency        = "latency"
	// FaultLateCommit answers a write with the gateway's 504 at once and commits it latency_ms
	// later, as IIS goes on with a request whose client (or gateway) gave up.
	FaultLateCommit = "late_commit"
)

// maxFaultLatency bounds latency_ms so a typo cannot hang a test run.
const maxFaultLatency = 60 * time.Second

// Fault is one fault rule. A rule matches a request by entity and operation, with the names the
// statistics use (empty matches any); exactly one of Status and Kind says what happens.
type Fault struct {
	Entity    string `json:"entity,omitempty"`
	Operation string `json:"operation,omitempty"`
	// Status answers the request with this HTTP status (400 to 599) and a realistic body instead
	// of handling it.
	Status int `json:"status,omitempty"`
	// Kind is FaultThreadLimit500, FaultDropResponse, FaultLatency or FaultLateCommit.
	Kind string `json:"kind,omitempty"`
	// Count, when above 0, applies the rule to the next Count matching requests, then removes it.
	// Zero applies it to every matching request until the rules are cleared.
	Count int `json:"count,omitempty"`
	// Probability, when above 0 and below 1, applies the rule to that share of matching requests
	// (drawn from Options.FaultSeed's generator); 0 or 1 means every matching request.
	Probability float64 `json:"probability,omitempty"`
	// LatencyMS is the delay of a latency rule, or of a late commit, in milliseconds.
	LatencyMS int `json:"latency_ms,omitempty"`
}

// check validates a rule against the zone's entity and operation names.
func (f Fault) check(entities map[string]bool) error {
	if f.Entity != "" && !entities[strings.ToLower(f.Entity)] {
		return fmt.Errorf("unknown entity %q", f.Entity)
	}
	if f.Operation != "" && !slices.Contains(statOperations, f.Operation) {
		return fmt.Errorf("unknown operation %q: use one of %s", f.Operation, strings.Join(statOperations, ", "))
	}
	switch {
	case (f.Status != 0) == (f.Kind != ""):
		return fmt.Errorf("set exactly one of status and kind")
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("status %d is not an error status (400 to 599)", f.Status)
	case f.Kind != "" && !slices.Contains([]string{FaultThreadLimit500, FaultDropResponse, FaultLatency, FaultLateCommit}, f.Kind):
		return fmt.Errorf("unknown kind %q: use %s, %s, %s or %s", f.Kind, FaultThreadLimit500, FaultDropResponse, FaultLatency, FaultLateCommit)
	case (f.Kind == FaultLatency || f.Kind == FaultLateCommit) && (f.LatencyMS <= 0 || time.Duration(f.LatencyMS)*time.Millisecond > maxFaultLatency):
		return fmt.Errorf("a %s rule needs latency_ms from 1 to %d", f.Kind, maxFaultLatency.Milliseconds())
	case f.Kind != FaultLatency && f.Kind != FaultLateCommit && f.LatencyMS != 0:
		return fmt.Errorf("latency_ms only applies to kinds %q and %q", FaultLatency, FaultLateCommit)
	case f.Count < 0:
		return fmt.Errorf("count must not be negative")
	case f.Probability < 0 || f.Probability > 1:
		return fmt.Errorf("probability must be from 0 to 1")
	}
	return nil
}

func (f Fault) matches(entity, op string) bool {
	return (f.Entity == "" || strings.EqualFold(f.Entity, entity)) && (f.Operation == "" || f.Operation == op)
}

// faultSet is the installed rules; Count is decremented as rules fire.
type faultSet struct {
	mu    sync.Mutex
	rules []Fault
	rng   *rand.Rand
}

// pick finds the fault for a request. Rules are tried in order; a latency rule that fires adds
// its delay and matching goes on, so latency combines with the rules after it; the first other
// rule that fires ends the search.
func (fs *faultSet) pick(entity, op string) (picked *Fault, latency time.Duration) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i := 0; i < len(fs.rules); i++ {
		r := &fs.rules[i]
		if !r.matches(entity, op) {
			continue
		}
		if r.Probability > 0 && r.Probability < 1 && fs.rng.Float64() >= r.Probability {
			continue
		}
		fired := *r
		if r.Count > 0 {
			if r.Count--; r.Count == 0 {
				fs.rules = slices.Delete(fs.rules, i, i+1)
				i--
			}
		}
		if fired.Kind == FaultLatency {
			latency += time.Duration(fired.LatencyMS) * time.Millisecond
			continue
		}
		return &fired, latency
	}
	return nil, latency
}

// faultEntities are the entity names fault rules may use.
func (s *Simulator) faultEntities() map[string]bool {
	m := map[string]bool{}
	for _, e := range s.entities {
		m[strings.ToLower(e.Name)] = true
	}
	for _, n := range []string{statZoneInformation, statThreshold, statVersion, statVersionInformation, statEntityInformation, statModules} {
		m[strings.ToLower(n)] = true
	}
	return m
}

// SetFaults replaces the fault rules. It refuses the whole list if any rule is invalid.
func (s *Simulator) SetFaults(rules []Fault) error {
	known := s.faultEntities()
	for i, r := range rules {
		if err := r.check(known); err != nil {
			return fmt.Errorf("fault rule %d: %w", i, err)
		}
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rules = append([]Fault{}, rules...)
	return nil
}

// ClearFaults removes every fault rule.
func (s *Simulator) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rules = nil
}

// Faults returns the rules still installed; Count is what is left of a counted rule.
func (s *Simulator) Faults() []Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return append([]Fault{}, s.faults.rules...)
}

// injectFault applies the fault rules to an admitted request. It reports whether a fault
// answered the request (the handler must then not run).
func (s *Simulator) injectFault(rc *reqCtx, h handler) (bool, error) {
	f, latency := s.faults.pick(rc.statEntity, rc.statOp)
	if latency > 0 {
		if err := sleepCtx(rc.r, latency); err != nil {
			return true, err
		}
	}
	if f == nil {
		return false, nil
	}
	switch {
	case f.Status != 0:
		writeFaultStatus(rc.w, f.Status)
		return true, nil
	case f.Kind == FaultThreadLimit500:
		return true, s.threadLimitError(http.StatusInternalServerError)
	case f.Kind == FaultLateCommit:
		late := *rc // the body is already read; the write runs without the client
		late.w = &discardWriter{header: http.Header{}}
		go func() {
			time.Sleep(time.Duration(f.LatencyMS) * time.Millisecond)
			_ = h(s, &late)
		}()
		writeFaultStatus(rc.w, http.StatusGatewayTimeout)
		return true, nil
	default: // FaultDropResponse: do the work, then cut the connection without an answer.
		rc.w = &discardWriter{header: http.Header{}}
		_ = h(s, rc)
		rc.dropped = true
		panic(http.ErrAbortHandler)
	}
}

// writeFaultStatus answers with a status and the body a real zone or its gateway would send.
func writeFaultStatus(w http.ResponseWriter, status int) {
	text := http.StatusText(status)
	if text == "" {
		text = "Error"
	}
	html := func(body string) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
	switch status {
	case http.StatusUnauthorized:
		writeError(w, unauthorized())
	case http.StatusNotFound:
		writeJSON(w, status, map[string]string{"Message": "No HTTP resource was found that matches the request URI."})
	case http.StatusInternalServerError:
		writeJSON(w, status, map[string][]string{"errors": {"An unexpected error has occurred. Please try again; if the problem persists, contact Autotask support."}})
	case http.StatusTooManyRequests:
		writeJSON(w, status, map[string][]string{"errors": {"Too many requests: the API rate limit has been exceeded. Retry the request later."}})
	case http.StatusBadGateway:
		html("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n")
	case http.StatusServiceUnavailable:
		html(`<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">` + "\r\n" +
			`<HTML><HEAD><TITLE>Service Unavailable</TITLE>` + "\r\n" +
			`<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>` + "\r\n" +
			`<BODY><h2>Service Unavailable</h2>` + "\r\n" +
			`<hr><p>HTTP Error 503. The service is unavailable.</p>` + "\r\n" + `</BODY></HTML>` + "\r\n")
	case http.StatusGatewayTimeout:
		html("<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n")
	default:
		if status >= 500 {
			writeJSON(w, status, map[string][]string{"errors": {text}})
		} else {
			writeJSON(w, status, map[string]string{"Message": text})
		}
	}
}

// discardWriter swallows a handler's answer for a dropped response.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// sleepCtx waits d or until the client goes away.
func sleepCtx(r *http.Request, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-r.Context().Done():
		return r.Context().Err()
	}
}

// FaultSuite is the fault suite's mix, which the provider's fault test and make bench inject: a
// fifth of all requests meet a thread-threshold 500, a 429, a 502 or a 503, and a tenth of the
// creates lose their answer after the commit or are committed late (half a second), after a 504.
func FaultSuite() []Fault {
	return []Fault{
		{Kind: FaultThreadLimit500, Probability: 0.07},
		{Status: 429, Probability: 0.07},
		{Status: 502, Probability: 0.04},
		{Status: 503, Probability: 0.04},
		{Operation: "create", Kind: FaultDropResponse, Probability: 0.05},
		{Operation: "create", Kind: FaultLateCommit, LatencyMS: 500, Probability: 0.05},
	}
}
