package autotasksim

import (
	"maps"
	"sort"
	"strings"
	"sync"
)

// tenant is the in-memory Autotask database behind one simulated zone. Every access goes
// through mu: handlers take the read lock for reads and the write lock for writes, so a write and
// its persistence to the state file are one atomic step.
type tenant struct {
	mu sync.RWMutex

	zoneName  string
	ci        int
	tables    map[string]*table          // lower-case entity route name -> rows
	picklists map[string][]PicklistValue // picklist name -> values
	creds     []*credential              // API users that can log in
	adminID   int64                      // the simulator's own API user (a Resources id)
}

// newTenant returns an empty tenant with one table per entity and the seed picklists.
func newTenant(entities []*entity) *tenant {
	t := &tenant{
		zoneName:  "Autotask Simulator",
		ci:        100001,
		tables:    map[string]*table{},
		picklists: map[string][]PicklistValue{},
	}
	for _, e := range entities {
		t.tables[strings.ToLower(e.Name)] = newTable(e.FirstID)
	}
	for name, values := range seedPicklists {
		t.picklists[name] = append([]PicklistValue(nil), values...)
	}
	return t
}

// table returns an entity's rows by route name (any case); nil when the profile does not serve
// the entity.
func (t *tenant) table(entityName string) *table {
	return t.tables[strings.ToLower(entityName)]
}

// table holds one entity's rows.
type table struct {
	nextID int64
	rows   map[int64]record
}

func newTable(firstID int64) *table {
	return &table{nextID: firstID, rows: map[int64]record{}}
}

// insert stores a new record under the next id and returns the id.
func (t *table) insert(r record) int64 {
	id := t.nextID
	t.nextID++
	r["id"] = id
	t.rows[id] = r
	return id
}

func (t *table) sortedIDs() []int64 {
	ids := make([]int64, 0, len(t.rows))
	for id := range t.rows {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// nameTaken reports whether a row other than self (nil on create) has this name, compared
// trimmed and case-insensitively, as Autotask compares unique names.
func (t *table) nameTaken(name string, self record) bool {
	name = strings.TrimSpace(name)
	for _, other := range t.rows {
		if (self == nil || other.id() != self.id()) && strings.EqualFold(strings.TrimSpace(stringOf(other["name"])), name) {
			return true
		}
	}
	return false
}

// clone deep-copies a tenant (not its lock). Stored values are immutable except the list and
// set types, which are copied too.
func (t *tenant) clone() *tenant {
	out := &tenant{
		zoneName:  t.zoneName,
		ci:        t.ci,
		adminID:   t.adminID,
		tables:    make(map[string]*table, len(t.tables)),
		picklists: make(map[string][]PicklistValue, len(t.picklists)),
	}
	for name, tbl := range t.tables {
		c := &table{nextID: tbl.nextID, rows: make(map[int64]record, len(tbl.rows))}
		for id, r := range tbl.rows {
			rc := r.clone()
			for k, v := range rc {
				switch x := v.(type) {
				case []int64:
					rc[k] = append([]int64{}, x...)
				case permissionSet:
					rc[k] = maps.Clone(x)
				}
			}
			c.rows[id] = rc
		}
		out.tables[name] = c
	}
	for name, values := range t.picklists {
		out.picklists[name] = append([]PicklistValue(nil), values...)
	}
	for _, c := range t.creds {
		cc := *c
		out.creds = append(out.creds, &cc)
	}
	return out
}

// replaceWith makes t hold src's data; the caller holds t's write lock.
func (t *tenant) replaceWith(src *tenant) {
	t.zoneName, t.ci, t.adminID = src.zoneName, src.ci, src.adminID
	t.tables, t.picklists, t.creds = src.tables, src.picklists, src.creds
}
