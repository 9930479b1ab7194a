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
