package autotasksim

import (
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

// credential is what the UI's "Generate Key / Generate Secret" and "API Tracking Identifier"
// produce for an API-only resource. None of it is a Resources field in the published API; the
// username is the resource's userName.
type credential struct {
	ResourceID      int64  `json:"resourceId"`
	Secret          string `json:"secret"`
	IntegrationCode string `json:"integrationCode"`
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

func (t *tenant) table(e *entity) *table {
	return t.tables[strings.ToLower(e.Name)]
}

// resourceByUserName finds a Resources row by userName, case-insensitively (usernames are
// unique across active and inactive resources).
func (t *tenant) resourceByUserName(userName string) record {
	userName = strings.TrimSpace(userName)
	if userName == "" {
		return nil
	}
	for _, r := range t.tables[strings.ToLower(entityResources)].rows {
		if u, _ := r["userName"].(string); strings.EqualFold(u, userName) {
			return r
		}
	}
	return nil
}

func (t *tenant) credentialFor(resourceID int64) *credential {
	for _, c := range t.creds {
		if c.ResourceID == resourceID {
			return c
		}
	}
	return nil
}
