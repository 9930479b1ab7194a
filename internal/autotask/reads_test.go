package autotask

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// TestReadsOfOneEntityCoalesce reads the 15 system levels and a missing id at once, through a
// zone with latency: the reads that wait merge into queries, every caller gets its own row or
// not-found, and the zone's thread limit is never exceeded.
func TestReadsOfOneEntityCoalesce(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{Latency: 20 * time.Millisecond})
	c.budgetChecked = true
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 999}
	names, errs := readLevelsAtOnce(c, ids, 0, func(int) context.Context { return context.Background() })
	for i, id := range ids {
		switch {
		case id == 999 && !IsNotFound(errs[i]):
			t.Errorf("id 999: err = %v, want not found", errs[i])
		case id != 999 && (errs[i] != nil || names[i] == ""):
			t.Errorf("id %d: %q, %v", id, names[i], errs[i])
		}
	}
	var l SecurityLevel
	if err := c.Get(context.Background(), SecurityLevels, 10, &l); err != nil || names[9] != l.Name {
		t.Fatalf("level 10 read alone: %q, %v; coalesced: %q", l.Name, err, names[9])
	}
	st := zone.Sim.Stats()
	calls := st.Requests[SecurityLevels]["get"] + st.Requests[SecurityLevels]["query"]
	if calls >= int64(len(ids)) || st.MaxConcurrent[SecurityLevels] > 3 || st.Rejected.ThreadLimit != 0 {
		t.Fatalf("%d calls for %d reads (max in flight %d, rejections %d); want fewer calls than reads, at most 3 in flight",
			calls, len(ids)+1, st.MaxConcurrent[SecurityLevels], st.Rejected.ThreadLimit)
	}
	t.Logf("%d reads cost %d calls", len(ids)+1, calls)
}

// readLevelsAtOnce reads the levels with ids, each in its own goroutine with ctx(i), started
// stagger after the one before, and returns their names and errors.
func readLevelsAtOnce(c *Client, ids []int64, stagger time.Duration, ctx func(i int) context.Context) ([]string, []error) {
	names := make([]string, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var l SecurityLevel
			errs[i] = c.Get(ctx(i), SecurityLevels, id, &l)
			names[i] = l.Name
		}()
		time.Sleep(stagger)
	}
	wg.Wait()
	return names, errs
}

// TestRefreshesGatherIntoOneQuery starts batched reads a few milliseconds apart, as Terraform does
// when it refreshes a plan's objects: none is sent until they stop coming, then one query
// answers them all, each with its own row or not-found.
func TestRefreshesGatherIntoOneQuery(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{}, func(o *Options) {
		o.BatchWindow, o.BatchIdle = 5*time.Second, 500*time.Millisecond // far above the stagger
	})
	c.budgetChecked = true
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 999}
	names, errs := readLevelsAtOnce(c, ids, 5*time.Millisecond, func(int) context.Context { return WithBatching(context.Background()) })
	for i, id := range ids {
		var want SecurityLevel
		err := c.Get(context.Background(), SecurityLevels, id, &want)
		if (err == nil) != (errs[i] == nil) || IsNotFound(err) != IsNotFound(errs[i]) || want.Name != names[i] {
			t.Errorf("id %d: refreshed %q, %v; read alone %q, %v", id, names[i], errs[i], want.Name, err)
		}
	}
	// The reads alone above each cost a call; the refreshes cost one query.
	if q := zone.Sim.Stats().Requests[SecurityLevels]["query"]; q != 1 {
		t.Fatalf("%d refreshes cost %d queries, want 1", len(ids), q)
	}
}

// TestALookupNeverReturnsDataOlderThanAnEarlierWrite holds the answer to a first read back
// (the zone read the row, then the answer is slow), writes meanwhile, then reads again: the
// second read is sent after the write, never served the first read's older answer.
func TestALookupNeverReturnsDataOlderThanAnEarlierWrite(t *testing.T) {
	slow := &slowFirstGet{next: http.DefaultTransport, delay: 300 * time.Millisecond, answered: make(chan struct{})}
	c, _ := extendedClient(t, autotasksim.Options{}, func(o *Options) { o.Transport = slow })
	c.budgetChecked = true
	const id = 29682900
	type user struct {
		FirstName string `json:"firstName"`
	}
	var first user
	firstDone := make(chan error, 1)
	go func() { firstDone <- c.Get(context.Background(), Resources, id, &first) }()
	<-slow.answered // the zone has read the row; its answer is on its way
	if _, err := c.Patch(context.Background(), Resources, map[string]any{"id": id, "firstName": "Rewritten"}); err != nil {
		t.Fatal(err)
	}
	var second user
	if err := c.Get(WithBatching(context.Background()), Resources, id, &second); err != nil {
		t.Fatal(err)
	}
	if err := <-firstDone; err != nil || first.FirstName == "Rewritten" {
		t.Fatalf("the first read got %q (%v); the test needs it to predate the write", first.FirstName, err)
	}
	if second.FirstName != "Rewritten" {
		t.Fatalf("the read after the write got %q, want Rewritten", second.FirstName)
	}
}

// slowFirstGet delays the answer to the first GET of a resource after the zone has given it,
// and closes answered then.
type slowFirstGet struct {
	next     http.RoundTripper
	delay    time.Duration
	once     sync.Once
	answered chan struct{}
}

func (s *slowFirstGet) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(r)
	if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/Resources/") {
		s.once.Do(func() {
			close(s.answered)
			time.Sleep(s.delay)
		})
	}
	return resp, err
}

// TestOneCallersDeadlineDoesNotFailItsBatch gathers lookups, one of which gives up while the
// query is out: the others still get their rows.
func TestOneCallersDeadlineDoesNotFailItsBatch(t *testing.T) {
	c, _ := extendedClient(t, autotasksim.Options{Latency: 200 * time.Millisecond}, func(o *Options) {
		o.BatchWindow, o.BatchIdle = 5*time.Second, 100*time.Millisecond
	})
	c.budgetChecked = true
	impatient, cancel := context.WithTimeout(WithBatching(context.Background()), 150*time.Millisecond)
	defer cancel()
	_, errs := readLevelsAtOnce(c, []int64{1, 2, 3, 4}, 10*time.Millisecond, func(i int) context.Context {
		if i == 0 {
			return impatient // the first to come leads the batch
		}
		return WithBatching(context.Background())
	})
	if !errors.Is(errs[0], context.DeadlineExceeded) {
		t.Errorf("the impatient caller: %v, want its deadline", errs[0])
	}
	for i, err := range errs[1:] {
		if err != nil {
			t.Errorf("caller %d: %v; one caller's deadline failed the batch", i+1, err)
		}
	}
}

// TestPlainLookupsNeverWaitForAGatheringOne: with one slot per entity, a lookup that is not
// batched goes while a batched one is still gathering.
func TestPlainLookupsNeverWaitForAGatheringOne(t *testing.T) {
	c, _ := extendedClient(t, autotasksim.Options{}, func(o *Options) {
		o.MaxConcurrencyPerEntity, o.BatchWindow, o.BatchIdle = 1, time.Minute, time.Minute
	})
	c.budgetChecked = true
	gathering, stop := context.WithCancel(WithBatching(context.Background()))
	done := make(chan struct{})
	go func() {
		defer close(done)
		var l SecurityLevel
		_ = c.Get(gathering, SecurityLevels, 1, &l)
	}()
	q := c.lookupQueue(SecurityLevels, "id")
	for {
		q.mu.Lock()
		g := q.gathering
		q.mu.Unlock()
		if g {
			break
		}
		time.Sleep(time.Millisecond)
	}
	plain, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var l SecurityLevel
	err := c.Get(plain, SecurityLevels, 2, &l)
	select {
	case <-done:
		t.Fatal("the batched lookup ended first")
	default:
	}
	stop()
	<-done
	if err != nil || l.ID != 2 {
		t.Fatalf("the plain lookup: level %d, %v", l.ID, err)
	}
}

// TestNameLookupsBatch looks levels up by name at once, in any case and with a missing one, as
// the plan checks of many levels do: one query answers all, each caller getting its own rows.
func TestNameLookupsBatch(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{}, func(o *Options) {
		o.BatchWindow, o.BatchIdle = 5*time.Second, 500*time.Millisecond
	})
	c.budgetChecked = true
	levels, err := QueryAs[SecurityLevel](context.Background(), c, SecurityLevels, Query{})
	if err != nil || len(levels) < 5 {
		t.Fatalf("%d levels, %v", len(levels), err)
	}
	zone.Sim.ResetStats()
	names := []string{strings.ToUpper(levels[0].Name), levels[1].Name, strings.ToLower(levels[4].Name), "No such level"}
	want := []int64{levels[0].ID, levels[1].ID, levels[4].ID, 0}
	got := make([][]SecurityLevel, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = c.SecurityLevelsNamed(WithBatching(context.Background()), name)
		}()
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	for i := range names {
		switch {
		case errs[i] != nil:
			t.Errorf("%q: %v", names[i], errs[i])
		case want[i] == 0 && len(got[i]) != 0, want[i] != 0 && (len(got[i]) != 1 || got[i][0].ID != want[i]):
			t.Errorf("%q: got %+v, want level %d", names[i], got[i], want[i])
		}
	}
	if q := zone.Sim.Stats().Requests[SecurityLevels]["query"]; q != 1 {
		t.Fatalf("%d name lookups cost %d queries, want 1", len(names), q)
	}
}
