package autotasksim

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Hourly threshold: the documented 10,000 external requests per rolling hour (the default of
// Options.HourlyThreshold).
const (
	requestThreshold          = 10000
	requestThresholdTimeframe = 60 // minutes
)

// handleThreshold answers ThresholdInformation.
func (s *Simulator) handleThreshold(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, struct {
		ExternalRequestThreshold     int `json:"externalRequestThreshold"`
		RequestThresholdTimeframe    int `json:"requestThresholdTimeframe"`
		CurrentTimeframeRequestCount int `json:"currentTimeframeRequestCount"`
	}{s.hourlyThreshold, requestThresholdTimeframe, s.counter.count(s.now())})
	return nil
}

// requestCounter counts authenticated requests over a rolling 60-minute window, the window
// ThresholdInformation reports on. It keeps one bucket per minute, so it stays small however
// many requests arrive.
type requestCounter struct {
	mu      sync.Mutex
	buckets [requestThresholdTimeframe]struct {
		minute int64 // Unix minute the bucket holds; stale buckets are reused
		n      int
	}
}

// admit counts a request unless the window already holds limit requests, and reports whether
// it did.
func (c *requestCounter) admit(now time.Time, limit int) bool {
	minute := now.Unix() / 60
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.countLocked(minute) >= limit {
		return false
	}
	b := &c.buckets[minute%int64(len(c.buckets))]
	if b.minute != minute {
		b.minute, b.n = minute, 0
	}
	b.n++
	return true
}

func (c *requestCounter) count(now time.Time) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.countLocked(now.Unix() / 60)
}

func (c *requestCounter) countLocked(minute int64) int {
	total := 0
	for _, b := range c.buckets {
		if b.minute > minute-int64(len(c.buckets)) && b.minute <= minute {
			total += b.n
		}
	}
	return total
}

// thresholdError refuses a request once the rolling hour's count reached the threshold. The API
// is disabled for the database until the count falls; the simulator answers 429, the status the
// API documentation ties to rate limiting, with the API's errors body.
func (s *Simulator) thresholdError() *apiError {
	return &apiError{status: http.StatusTooManyRequests, errors: []string{fmt.Sprintf(
		"API request threshold exceeded: this database has reached its limit of %d external requests per %d minutes, and API access is disabled until the rolling count falls below it.",
		s.hourlyThreshold, requestThresholdTimeframe)}}
}
