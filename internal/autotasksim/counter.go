package autotasksim

import (
	"sync"
	"time"
)

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

func (c *requestCounter) add(now time.Time) {
	minute := now.Unix() / 60
	c.mu.Lock()
	defer c.mu.Unlock()
	b := &c.buckets[minute%int64(len(c.buckets))]
	if b.minute != minute {
		b.minute, b.n = minute, 0
	}
	b.n++
}

func (c *requestCounter) count(now time.Time) int {
	minute := now.Unix() / 60
	c.mu.Lock()
	defer c.mu.Unlock()
	total := 0
	for _, b := range c.buckets {
		if b.minute > minute-int64(len(c.buckets)) && b.minute <= minute {
			total += b.n
		}
	}
	return total
}
