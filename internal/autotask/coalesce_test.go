package autotask

import (
	"context"
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
	names := make([]string, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var l SecurityLevel
			errs[i] = c.Get(context.Background(), SecurityLevels, id, &l)
			names[i] = l.Name
		}()
	}
	wg.Wait()
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
