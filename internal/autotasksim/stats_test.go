package autotasksim

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

const threadLimitMessage = "Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded. (Itgenatr005)"

// TestThirtyConcurrentCallers: 30 callers on one entity at once, each request
// held 50 ms, see 429s; the statistics count exactly those rejections and never more than 3 in
// flight.
func TestThirtyConcurrentCallers(t *testing.T) {
	z := newZone(t, Options{Profile: ProfileExtended, Latency: 50 * time.Millisecond})
	const callers = 30
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		statuses = map[int]int{}
		bodies   []string
	)
	start := make(chan struct{})
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := z.tryDo(http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": all})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				statuses[-1]++
				return
			}
			statuses[r.status]++
			if r.status == http.StatusTooManyRequests {
				bodies = append(bodies, string(r.body))
			}
		}()
	}
	close(start)
	wg.Wait()
	rejected := statuses[http.StatusTooManyRequests]
	if rejected == 0 || statuses[http.StatusOK] == 0 || statuses[http.StatusOK]+rejected != callers {
		t.Fatalf("statuses %v: want some 200s and some 429s, nothing else", statuses)
	}
	for _, b := range bodies {
		if b != `{"errors":["`+threadLimitMessage+`"]}` {
			t.Fatalf("429 body %s", b)
		}
	}
	st := z.sim.Stats()
	if st.Rejected.ThreadLimit != int64(rejected) || st.Rejected.Threshold != 0 {
		t.Errorf("rejected %+v, the callers saw %d 429s", st.Rejected, rejected)
	}
	if st.MaxConcurrent[entityResources] != 3 {
		t.Errorf("max_concurrent %v, want Resources 3", st.MaxConcurrent)
	}
	if st.Requests[entityResources]["query"] != callers || st.RequestsTotal != callers {
		t.Errorf("requests %v (total %d), want %d Resources queries", st.Requests, st.RequestsTotal, callers)
	}
}

// hold keeps n requests in flight on target (a GET) for the given integration code, using a
// latency fault; it returns once the simulator sees them all, and a wait for their end.
func (z *zone) hold(n int, target string, c Credentials, entity string) func() []int {
	z.t.Helper()
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := z.tryDo(http.MethodGet, target, nil, withCreds(c))
			if err == nil {
				statuses[i] = r.status
			}
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for z.sim.stats.inFlight(c.IntegrationCode, entity) < n {
		if time.Now().After(deadline) {
			z.t.Fatalf("%d requests never got in flight on %s", n, entity)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return func() []int { wg.Wait(); return statuses }
}

func TestThreadLimitIsPerIntegrationCodeAndEntity(t *testing.T) {
	z := newZone(t, Options{Profile: ProfileExtended})
	if err := z.sim.SetFaults([]Fault{{Entity: "Resources", Operation: "info", Kind: FaultLatency, LatencyMS: 400}}); err != nil {
		t.Fatal(err)
	}
	done := z.hold(3, "V1.0/Resources/entityInformation", z.creds, entityResources)

	// A fourth request of the same integration code on the same entity: rejected at once.
	begin := time.Now()
	r := z.do(http.MethodGet, "V1.0/Resources/query?search="+search(t, map[string]any{"filter": all}), nil)
	if r.status != http.StatusTooManyRequests || errorText(t, r) != threadLimitMessage || time.Since(begin) > 300*time.Millisecond {
		t.Errorf("4th request: %d %s after %v", r.status, r.body, time.Since(begin))
	}
	// Another entity, another integration code, and zone discovery are not affected.
	z.expect(http.StatusOK, http.MethodGet, "V1.0/SecurityLevels/1", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/"+strconv.FormatInt(z.seededAdminID(), 10), nil, withCreds(z.credsOf(1)))
	z.expect(http.StatusOK, http.MethodGet, "V1.0/zoneInformation?user="+z.creds.Username, nil, noAuth())
	for i, status := range done() {
		if status != http.StatusOK {
			t.Errorf("held request %d: %d", i, status)
		}
	}
	// The slots are free again.
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/"+strconv.FormatInt(z.seededAdminID(), 10), nil)
	st := z.sim.Stats()
	if st.Rejected.ThreadLimit != 1 || st.MaxConcurrent[entityResources] != 3 || st.MaxConcurrent["SecurityLevels"] != 1 {
		t.Errorf("stats %+v", st)
	}

	// ThresholdInformation is thread-limited too, under its own name.
	if err := z.sim.SetFaults([]Fault{{Entity: "ThresholdInformation", Kind: FaultLatency, LatencyMS: 400}}); err != nil {
		t.Fatal(err)
	}
	done = z.hold(3, "V1.0/ThresholdInformation", z.creds, statThreshold)
	z.clearFaultsAndExpect(http.StatusTooManyRequests, "V1.0/ThresholdInformation")
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
	done()
	if st := z.sim.Stats(); st.MaxConcurrent[statThreshold] != 3 || st.Rejected.ThreadLimit != 2 {
		t.Errorf("stats %+v", st)
	}
}

// clearFaultsAndExpect clears the fault rules and expects status from a GET.
func (z *zone) clearFaultsAndExpect(status int, target string) {
	z.t.Helper()
	z.sim.ClearFaults()
	z.expect(status, http.MethodGet, target, nil)
}

func TestThreadLimitStatus500AndOptions(t *testing.T) {
	z := newZone(t, Options{ThreadLimitStatus: 500, ThreadLimit: 1})
	if err := z.sim.SetFaults([]Fault{{Kind: FaultLatency, LatencyMS: 300, Count: 1}}); err != nil {
		t.Fatal(err)
	}
	done := z.hold(1, "V1.0/Version", z.creds, statVersion)
	r := z.do(http.MethodGet, "V1.0/Version", nil)
	if r.status != http.StatusInternalServerError || string(r.body) != `{"errors":["Thread Threshold Exceeded — The Autotask API thread threshold of 1 threads has been exceeded. (Itgenatr005)"]}` {
		t.Errorf("over the limit: %d %s", r.status, r.body)
	}
	done()
	for _, bad := range []Options{{ThreadLimitStatus: 503}, {HourlyThreshold: -1}} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%+v) accepted", bad)
		}
	}
	// A negative limit disables it, and max_concurrent still reports what happened.
	z = newZone(t, Options{ThreadLimit: -1})
	if err := z.sim.SetFaults([]Fault{{Kind: FaultLatency, LatencyMS: 300}}); err != nil {
		t.Fatal(err)
	}
	done = z.hold(5, "V1.0/Version", z.creds, statVersion)
	for _, s := range done() {
		if s != http.StatusOK {
			t.Errorf("status %d with no thread limit", s)
		}
	}
	if st := z.sim.Stats(); st.MaxConcurrent[statVersion] != 5 || st.Rejected.ThreadLimit != 0 {
		t.Errorf("stats %+v", st)
	}
}
