package autotask

import (
	"context"
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

// TestRefreshesGatherIntoOneQuery starts batched reads a few milliseconds apart, as Terraform does
// when it refreshes a plan's objects: none is sent until they stop coming, then one query
// answers them all, each with its own row or not-found.
func TestRefreshesGatherIntoOneQuery(t *testing.T) {
	c, zone := extendedClient(t, autotasksim.Options{}, func(o *Options) {
		o.BatchWindow, o.BatchIdle = 5*time.Second, 500*time.Millisecond // far above the stagger
	})
	c.budgetChecked = true
	ctx := WithBatching(context.Background())
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 999}
	names := make([]string, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var l SecurityLevel
			errs[i] = c.Get(ctx, SecurityLevels, id, &l)
			names[i] = l.Name
		}()
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
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

// TestARefreshNeverReturnsDataOlderThanAnEarlierWrite writes while a refresh is gathering, then
// refreshes the same object: the query is sent after the write, so both see it.
func TestARefreshNeverReturnsDataOlderThanAnEarlierWrite(t *testing.T) {
	c, _ := extendedClient(t, autotasksim.Options{}, func(o *Options) {
		o.BatchWindow, o.BatchIdle = 5*time.Second, 300*time.Millisecond
	})
	c.budgetChecked = true
	const id = 29682900
	type user struct {
		FirstName string `json:"firstName"`
	}
	ctx := WithBatching(context.Background())
	var before, after user
	var errBefore error
	done := make(chan struct{})
	go func() {
		errBefore = c.Get(ctx, Resources, id, &before)
		close(done)
	}()
	time.Sleep(20 * time.Millisecond) // the first refresh is gathering
	if _, err := c.Patch(context.Background(), Resources, map[string]any{"id": id, "firstName": "Rewritten"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, Resources, id, &after); err != nil {
		t.Fatal(err)
	}
	<-done
	if errBefore != nil || after.FirstName != "Rewritten" {
		t.Fatalf("refresh after the write read %q (%v), want Rewritten", after.FirstName, errBefore)
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
