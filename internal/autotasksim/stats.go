package autotasksim

import (
	"fmt"
	"sync"
)

// Statistics and the thread limit: the counters the control API reports, and the requests in
// flight per (integration code, entity) that the thread limit caps. They share one lock, so a
// rejection and its count are one step.

const (
	defaultThreadLimit = 3
	// Names of the global routes in statistics, thread limiting and fault rules.
	statZoneInformation    = "ZoneInformation"
	statThreshold          = "ThresholdInformation"
	statVersion            = "Version"
	statVersionInformation = "VersionInformation"
	statEntityInformation  = "EntityInformation"
	statModules            = "Modules"
)

// statOperations are the operation names statistics and fault rules use.
var statOperations = []string{"get", "query", "count", "create", "update", "replace", "delete", "info", "zone", "threshold", "version", "modules"}

// Stats are the request counters of a zone, as GET /_sim/stats answers them.
type Stats struct {
	// RequestsTotal counts every API request that matched a route and verb (authenticated or
	// not, admitted or rejected). The control API is not counted.
	RequestsTotal int64 `json:"requests_total"`
	// Requests breaks RequestsTotal down by entity, then operation.
	Requests map[string]map[string]int64 `json:"requests"`
	// MaxConcurrent is, per entity, the most requests in flight at once for one
	// (integration code, entity) pair. Rejected requests are not in flight.
	MaxConcurrent map[string]int `json:"max_concurrent"`
	// Rejected counts the limiter's refusals.
	Rejected Rejections `json:"rejected"`
}

// Rejections count requests refused by the thread limit and by the hourly threshold.
type Rejections struct {
	ThreadLimit int64 `json:"thread_limit"`
	Threshold   int64 `json:"threshold"`
}

type limitKey struct{ code, entity string }

// stats holds the counters and the in-flight requests per (integration code, entity).
type stats struct {
	mu            sync.Mutex
	total         int64
	requests      map[string]map[string]int64
	maxConcurrent map[string]int
	rejected      Rejections
	inflight      map[limitKey]int
}

func newStats() *stats {
	st := &stats{inflight: map[limitKey]int{}}
	st.reset()
	return st
}

// reset zeroes the counters; requests in flight stay tracked.
func (st *stats) reset() {
	st.total = 0
	st.requests = map[string]map[string]int64{}
	st.maxConcurrent = map[string]int{}
	st.rejected = Rejections{}
}

func (st *stats) count(entity, op string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.total++
	byOp := st.requests[entity]
	if byOp == nil {
		byOp = map[string]int64{}
		st.requests[entity] = byOp
	}
	byOp[op]++
}

// acquire takes a slot for a request; it fails (and counts a rejection) when limit requests of
// the same integration code are already in flight on the entity. A limit below 1 means no limit.
func (st *stats) acquire(code, entity string, limit int) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	k := limitKey{code, entity}
	if limit > 0 && st.inflight[k] >= limit {
		st.rejected.ThreadLimit++
		return false
	}
	st.inflight[k]++
	if n := st.inflight[k]; n > st.maxConcurrent[entity] {
		st.maxConcurrent[entity] = n
	}
	return true
}

func (st *stats) release(code, entity string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	k := limitKey{code, entity}
	if st.inflight[k]--; st.inflight[k] <= 0 {
		delete(st.inflight, k)
	}
}

func (st *stats) rejectThreshold() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.rejected.Threshold++
}

func (st *stats) inFlight(code, entity string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.inflight[limitKey{code, entity}]
}

func (st *stats) snapshot() Stats {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := Stats{
		RequestsTotal: st.total,
		Requests:      make(map[string]map[string]int64, len(st.requests)),
		MaxConcurrent: make(map[string]int, len(st.maxConcurrent)),
		Rejected:      st.rejected,
	}
	for e, byOp := range st.requests {
		m := make(map[string]int64, len(byOp))
		for op, n := range byOp {
			m[op] = n
		}
		out.Requests[e] = m
	}
	for e, n := range st.maxConcurrent {
		out.MaxConcurrent[e] = n
	}
	return out
}

// Stats returns a copy of the zone's request counters.
func (s *Simulator) Stats() Stats { return s.stats.snapshot() }

// ResetStats zeroes the request counters (requests, max_concurrent, rejected). It does not touch
// the hourly request count ThresholdInformation reports.
func (s *Simulator) ResetStats() {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	s.stats.reset()
}

// threadLimitError is the answer to a request over the thread limit. The message is the one live
// zones send (n8n PR #107); 429 unless the zone is configured to answer 500 as some zones do.
func (s *Simulator) threadLimitError(status int) *apiError {
	limit := s.threadLimit
	if limit < 1 {
		limit = defaultThreadLimit
	}
	return &apiError{status: status, errors: []string{fmt.Sprintf(
		"Thread Threshold Exceeded — The Autotask API thread threshold of %d threads has been exceeded. (Itgenatr005)", limit)}}
}
