package autotasksim

import (
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestThresholdInformationCounts(t *testing.T) {
	z := newZone(t, Options{})
	count := func() int64 {
		m := z.expect(http.StatusOK, http.MethodGet, "V1.0/ThresholdInformation", nil)
		if num(t, m["externalRequestThreshold"]) != 10000 || num(t, m["requestThresholdTimeframe"]) != 60 {
			t.Fatalf("threshold = %v", m)
		}
		return num(t, m["currentTimeframeRequestCount"])
	}
	before := count()
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
	z.do(http.MethodGet, "V1.0/zoneInformation?user=x", nil, noAuth()) // not authenticated: not counted
	z.do(http.MethodGet, "V1.0/Version", nil, withHeader(headerSecret, "wrong"))
	if after := count(); after != before+2 { // the entityInformation call and this ThresholdInformation call
		t.Errorf("count went from %d to %d, want +2", before, after)
	}

	c := &requestCounter{}
	now := time.Unix(1_700_000_000, 0)
	for i := range 90 {
		c.admit(now.Add(time.Duration(i)*time.Minute), math.MaxInt)
	}
	if got := c.count(now.Add(89 * time.Minute)); got != 60 {
		t.Errorf("rolling window count = %d, want 60", got)
	}
	if got := c.count(now.Add(5 * time.Hour)); got != 0 {
		t.Errorf("count after the window = %d, want 0", got)
	}
}

func TestHourlyThreshold(t *testing.T) {
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	z := newZone(t, Options{Profile: ProfileExtended, HourlyThreshold: 5, Now: clock})
	for range 4 {
		z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	}
	threshold := func() map[string]any {
		th := z.expect(http.StatusOK, http.MethodGet, "V1.0/ThresholdInformation", nil)
		if num(t, th["externalRequestThreshold"]) != 5 || num(t, th["requestThresholdTimeframe"]) != 60 {
			t.Errorf("ThresholdInformation %v", th)
		}
		return th
	}
	if th := threshold(); num(t, th["currentTimeframeRequestCount"]) != 5 { // this call is the 5th
		t.Errorf("ThresholdInformation %v", th)
	}
	// Over the threshold every request is refused with 429...
	for _, target := range []string{"V1.0/Version", "V1.0/Resources/entityInformation", "V1.0/SecurityLevels/1"} {
		r := z.do(http.MethodGet, target, nil)
		if r.status != http.StatusTooManyRequests || !strings.Contains(errorText(t, r), "limit of 5 external requests per 60 minutes") {
			t.Errorf("%s over the threshold: %d %s", target, r.status, r.body)
		}
	}
	// ...except ThresholdInformation, which answers without counting; authentication still comes
	// first, and zone discovery needs none.
	if th := threshold(); num(t, th["currentTimeframeRequestCount"]) != 5 {
		t.Errorf("ThresholdInformation over the threshold %v", th)
	}
	z.expect(http.StatusUnauthorized, http.MethodGet, "V1.0/Version", nil, withHeader(headerSecret, "wrong"))
	z.expect(http.StatusOK, http.MethodGet, "V1.0/zoneInformation?user="+z.creds.Username, nil, noAuth())
	if st := z.sim.Stats(); st.Rejected.Threshold != 3 || st.Rejected.ThreadLimit != 0 {
		t.Errorf("rejected %+v, want 3 threshold rejections", st.Rejected)
	}
	// The window rolls: an hour later the zone answers again.
	mu.Lock()
	now = now.Add(61 * time.Minute)
	mu.Unlock()
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	if th := threshold(); num(t, th["currentTimeframeRequestCount"]) != 2 {
		t.Errorf("after an hour %v", th)
	}
}
