package autotasksim

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFaultStatuses(t *testing.T) {
	z := newZone(t, Options{Control: true})
	query := "V1.0/Resources/query"
	body := map[string]any{"filter": all}
	z.control(http.MethodPost, "/_sim/faults", []Fault{{Entity: "resources", Operation: "query", Status: 503, Count: 2}})

	for range 2 {
		r := z.do(http.MethodPost, query, body)
		if r.status != http.StatusServiceUnavailable || !strings.Contains(string(r.body), "HTTP Error 503. The service is unavailable.") ||
			!strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("503 fault: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
		}
	}
	z.expect(http.StatusOK, http.MethodPost, query, body) // the rule expired after 2
	if left := z.control(http.MethodGet, "/_sim/faults", nil); string(left.body) != "[]" {
		t.Errorf("faults after expiry %s", left.body)
	}

	// Each status gets a realistic body.
	for status, want := range map[int]string{
		500: `{"errors":["An unexpected error has occurred.`,
		429: `{"errors":["Too many requests`,
		502: `<html>`,
		504: `504 Gateway Time-out`,
		401: `{"Message":"Authorization has been denied for this request."}`,
		403: `{"Message":"Forbidden"}`,
		599: `{"errors":["Error"]}`,
	} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			if err := z.sim.SetFaults([]Fault{{Status: status, Count: 1}}); err != nil {
				t.Fatal(err)
			}
			r := z.on(t).do(http.MethodGet, "V1.0/Version", nil)
			if r.status != status || !strings.Contains(string(r.body), want) {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}

	// Entity and operation filters: only matching requests are hit; rules apply in order.
	if err := z.sim.SetFaults([]Fault{
		{Entity: "OrganizationalLevel1s", Operation: "create", Status: 500},
		{Entity: "OrganizationalLevel1s", Status: 502},
		{Entity: "ZoneInformation", Status: 504, Count: 1},
	}); err != nil {
		t.Fatal(err)
	}
	z.expect(http.StatusInternalServerError, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "Never"})
	if r := z.do(http.MethodPost, "V1.0/OrganizationalLevel1s/query/count", body); r.status != http.StatusBadGateway {
		t.Errorf("second rule: %d", r.status)
	}
	z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel2s/query/count", body)
	if r := z.do(http.MethodGet, "V1.0/zoneInformation?user=x", nil, noAuth()); r.status != http.StatusGatewayTimeout {
		t.Errorf("zone fault: %d", r.status)
	}
	// Faults never touch the control API.
	z.expect(http.StatusOK, http.MethodGet, "/_sim/stats", nil, noAuth())
	z.control(http.MethodDelete, "/_sim/faults", nil)
	z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s/query/count", body)
	n := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s/query/count", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "name", "value": "Never"}},
	})["queryCount"])
	if n != 0 {
		t.Error("a faulted create was performed")
	}
}

func TestFaultKinds(t *testing.T) {
	z := newZone(t, Options{Control: true})

	// thread_limit_500: the real thread-threshold 500.
	z.control(http.MethodPost, "/_sim/faults", []map[string]any{{"kind": "thread_limit_500", "count": 1}})
	r := z.do(http.MethodGet, "V1.0/Version", nil)
	if r.status != http.StatusInternalServerError || string(r.body) != `{"errors":["`+threadLimitMessage+`"]}` {
		t.Errorf("thread_limit_500: %d %s", r.status, r.body)
	}

	// latency: sleep, then answer normally; it combines with a later rule.
	z.control(http.MethodPost, "/_sim/faults", []map[string]any{
		{"kind": "latency", "latency_ms": 120, "entity": "Version"},
		{"status": 503, "entity": "Version", "count": 1},
	})
	begin := time.Now()
	if r := z.do(http.MethodGet, "V1.0/Version", nil); r.status != http.StatusServiceUnavailable {
		t.Errorf("latency then 503: %d", r.status)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	if d := time.Since(begin); d < 240*time.Millisecond {
		t.Errorf("two requests with 120ms latency took %v", d)
	}
	begin = time.Now()
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Modules", nil)
	if d := time.Since(begin); d > 100*time.Millisecond {
		t.Errorf("an unmatched request took %v", d)
	}

	// drop_response_after_commit: the write happens, the client gets no answer.
	z.control(http.MethodPost, "/_sim/faults", []map[string]any{{"kind": "drop_response_after_commit", "entity": "OrganizationalLevel1s", "operation": "create", "count": 1}})
	if r, err := z.tryDo(http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "Committed"}); err == nil {
		t.Fatalf("dropped response answered %d %s", r.status, r.body)
	}
	n := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s/query/count", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "name", "value": "Committed"}},
	})["queryCount"])
	if n != 1 {
		t.Errorf("the dropped create was not committed (%d records)", n)
	}
	z.expectErrors("already exists", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "Committed"})
	// A dropped request does not leak its thread-limit slot.
	if got := z.sim.stats.inFlight(z.creds.IntegrationCode, entityOrganizationalLevel1s); got != 0 {
		t.Errorf("%d requests still in flight after a dropped response", got)
	}

	// late_commit: the gateway answers 504 at once; the write lands latency_ms later.
	z.control(http.MethodPost, "/_sim/faults", []map[string]any{{"kind": "late_commit", "latency_ms": 150, "entity": "OrganizationalLevel1s", "operation": "create", "count": 1}})
	if r := z.do(http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "Late"}); r.status != http.StatusGatewayTimeout {
		t.Fatalf("late commit answered %d %s, want 504", r.status, r.body)
	}
	late := func() int64 {
		return num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s/query/count", map[string]any{
			"filter": []map[string]any{{"op": "eq", "field": "name", "value": "Late"}},
		})["queryCount"])
	}
	if n := late(); n != 0 {
		t.Fatalf("the late write is there at once (%d records)", n)
	}
	time.Sleep(300 * time.Millisecond)
	if n := late(); n != 1 {
		t.Fatalf("the late write never landed (%d records)", n)
	}
}

func TestFaultProbability(t *testing.T) {
	run := func(seed uint64) []int {
		z := newZone(t, Options{FaultSeed: seed})
		if err := z.sim.SetFaults([]Fault{{Status: 500, Probability: 0.5}}); err != nil {
			t.Fatal(err)
		}
		var out []int
		for range 40 {
			out = append(out, z.do(http.MethodGet, "V1.0/Version", nil).status)
		}
		return out
	}
	a, b := run(7), run(7)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different fault sequences")
	}
	hits := 0
	for _, s := range a {
		if s == http.StatusInternalServerError {
			hits++
		}
	}
	if hits < 8 || hits > 32 {
		t.Errorf("probability 0.5 hit %d of 40", hits)
	}
	// Probability and count together: count firings, not matches.
	z := newZone(t, Options{FaultSeed: 3})
	if err := z.sim.SetFaults([]Fault{{Status: 502, Probability: 0.5, Count: 3}}); err != nil {
		t.Fatal(err)
	}
	fired := 0
	for range 60 {
		if z.do(http.MethodGet, "V1.0/Version", nil).status == http.StatusBadGateway {
			fired++
		}
	}
	if fired != 3 || len(z.sim.Faults()) != 0 {
		t.Errorf("a counted probabilistic rule fired %d times (rules left %v)", fired, z.sim.Faults())
	}
}

func TestFaultValidation(t *testing.T) {
	z := newZone(t, Options{Control: true, Profile: ProfileExtended})
	for name, body := range map[string]string{
		"not a list":         `{"status":500}`,
		"unknown property":   `[{"status":500,"entitty":"Resources"}]`,
		"status and kind":    `[{"status":500,"kind":"latency","latency_ms":5}]`,
		"neither":            `[{"entity":"Resources"}]`,
		"not an error":       `[{"status":200}]`,
		"unknown kind":       `[{"kind":"explode"}]`,
		"latency without":    `[{"kind":"latency"}]`,
		"late without delay": `[{"kind":"late_commit"}]`,
		"latency too long":   `[{"kind":"latency","latency_ms":600000}]`,
		"latency_ms misuse":  `[{"status":500,"latency_ms":5}]`,
		"unknown entity":     `[{"status":500,"entity":"Tickets"}]`,
		"unknown operation":  `[{"status":500,"operation":"next"}]`,
		"negative count":     `[{"status":500,"count":-1}]`,
		"probability > 1":    `[{"status":500,"probability":1.5}]`,
		"two documents":      `[] []`,
		"empty":              ``,
	} {
		t.Run(name, func(t *testing.T) {
			r := z.on(t).do(http.MethodPost, "/_sim/faults", body, noAuth())
			if r.status != http.StatusBadRequest || errorText(t, r) == "" {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
	if len(z.sim.Faults()) != 0 {
		t.Error("an invalid list installed rules")
	}
	// Names are case-insensitive for entities; the listing shows what is left.
	set := z.control(http.MethodPost, "/_sim/faults", `[{"entity":"securitylevels","operation":"delete","status":500,"count":2},{"entity":"ThresholdInformation","kind":"latency","latency_ms":10}]`)
	r := z.control(http.MethodGet, "/_sim/faults", nil)
	if string(set.body) != string(r.body) {
		t.Errorf("POST answered %s, GET %s", set.body, r.body)
	}
	var rules []Fault
	if err := json.Unmarshal(r.body, &rules); err != nil || len(rules) != 2 || rules[0].Count != 2 || rules[1].LatencyMS != 10 {
		t.Errorf("GET /_sim/faults: %s", r.body)
	}
}

// control calls the control API (no auth) and expects 200.
func (z *zone) control(method, target string, body any) *response {
	z.t.Helper()
	r := z.do(method, target, body, noAuth())
	if r.status != http.StatusOK {
		z.t.Fatalf("%s %s: %d %s", method, target, r.status, r.body)
	}
	return r
}

func TestControlAPIAndLatency(t *testing.T) {
	z := newZone(t, Options{Control: true, Latency: 40 * time.Millisecond})
	m := z.expect(http.StatusOK, http.MethodGet, "/_sim/", nil, noAuth())
	if m["profile"] != "public" || m["url"] != z.root || m["control_url"] != ControlURL(z.srv.URL) || m["resource_fields_reading"] != "rest" {
		t.Errorf("control info %v", m)
	}
	z.expect(http.StatusNotFound, http.MethodGet, "/_sim/nothing", nil, noAuth())
	z.expect(http.StatusMethodNotAllowed, http.MethodPost, "/_sim/", nil, noAuth())

	start := time.Now()
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("request took %v with 40ms latency", d)
	}
}

func TestControlStats(t *testing.T) {
	z := newZone(t, Options{Control: true, Profile: ProfileExtended})
	id := strconv.FormatInt(z.seededAdminID(), 10)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/zoneInformation?user="+z.creds.Username, nil, noAuth())
	z.expect(http.StatusOK, http.MethodGet, "/ATServicesRest/VersionInformation", nil, noAuth())
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/ThresholdInformation", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/EntityInformation", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Modules", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/"+id, nil)
	q := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": all, "MaxRecords": 2})
	_, pd := items(t, q)
	z.expect(http.StatusOK, http.MethodPost, str(t, pd["nextPageUrl"]), map[string]any{"filter": all, "MaxRecords": 2})
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/query/count?search="+search(t, map[string]any{"filter": all}), nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation", nil)
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Resources/entityInformation/fields", nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": id, "title": "x"})
	z.expect(http.StatusOK, http.MethodPut, "V1.0/Resources", z.item(entityResources, z.seededAdminID()))
	z.createAPIUser(nil)
	lvl := z.createSecurityLevel("Counted", nil)
	z.expect(http.StatusOK, http.MethodDelete, securityLevelPath(lvl), nil)
	z.expect(http.StatusUnauthorized, http.MethodGet, "V1.0/Version", nil, withHeader(headerSecret, "x")) // counted: it reached a route
	z.expect(http.StatusNotFound, http.MethodGet, "V1.0/Tickets/1", nil)                                  // not counted: no route
	z.expect(http.StatusMethodNotAllowed, http.MethodDelete, "V1.0/Resources/"+id, nil)                   // not counted: no verb

	r := z.control(http.MethodGet, "/_sim/stats", nil)
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	if !sameSet(keys, []string{"requests_total", "requests", "max_concurrent", "rejected"}) || !strings.Contains(string(r.body), `"rejected":{"thread_limit":0,"threshold":0}`) {
		t.Errorf("stats shape %s", r.body)
	}
	var st Stats
	if err := json.Unmarshal(r.body, &st); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int64{
		"ZoneInformation":      {"zone": 1},
		"VersionInformation":   {"version": 1},
		"Version":              {"version": 2},
		"ThresholdInformation": {"threshold": 1},
		"EntityInformation":    {"info": 1},
		"Modules":              {"modules": 1},
		// get: the GET by id, the PUT's read, createAPIUser's read; info: 2 here + createAPIUser's picklist read.
		"Resources":      {"get": 3, "query": 2, "count": 1, "info": 2 + 1, "update": 1, "replace": 1, "create": 1},
		"SecurityLevels": {"create": 1, "delete": 1},
	}
	if !reflect.DeepEqual(st.Requests, want) {
		t.Errorf("requests\n got %v\nwant %v", st.Requests, want)
	}
	total := int64(0)
	for _, byOp := range want {
		for _, n := range byOp {
			total += n
		}
	}
	if st.RequestsTotal != total {
		t.Errorf("requests_total %d, want %d", st.RequestsTotal, total)
	}
	if st.MaxConcurrent["Resources"] != 1 || st.MaxConcurrent["ZoneInformation"] != 0 {
		t.Errorf("max_concurrent %v", st.MaxConcurrent)
	}
	if !reflect.DeepEqual(z.sim.Stats(), st) {
		t.Error("Stats() and GET /_sim/stats differ")
	}

	reset := z.expect(http.StatusOK, http.MethodPost, "/_sim/stats/reset", nil, noAuth())
	if num(t, reset["requests_total"]) != 0 || len(asObj(t, reset["requests"])) != 0 || len(asObj(t, reset["max_concurrent"])) != 0 {
		t.Errorf("after reset %v", reset)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil)
	if st := z.sim.Stats(); st.RequestsTotal != 1 {
		t.Errorf("after reset and one request: %+v", st)
	}
	// The hourly count is not a statistic: reset leaves it.
	if th := z.expect(http.StatusOK, http.MethodGet, "V1.0/ThresholdInformation", nil); num(t, th["currentTimeframeRequestCount"]) < 15 {
		t.Errorf("hourly count after a stats reset %v", th)
	}
	z.sim.ResetStats()
	if st := z.sim.Stats(); st.RequestsTotal != 0 {
		t.Errorf("ResetStats: %+v", st)
	}
}

func TestControlResetAndVendors(t *testing.T) {
	z := newZone(t, Options{Control: true, Profile: ProfileExtended})
	vendor := z.credsOf(1)
	before := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": all})
	u := z.createAPIUser(nil)
	z.createSecurityLevel("Gone after reset", nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": z.seeded(entityOrganizationalLevel1s)[0], "name": "Renamed"})
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": z.seededAdminID(), "secret": "Zz9#rotated-admin"})
	admin := z.creds
	admin.Secret = "Zz9#rotated-admin"

	if m := z.expect(http.StatusOK, http.MethodPost, "/_sim/reset", nil, noAuth()); m["reset"] != true {
		t.Errorf("reset answer %v", m)
	}
	// The seeded tenant is back, with the original credentials.
	if after := z.expect(http.StatusOK, http.MethodPost, "V1.0/Resources/query", map[string]any{"filter": all}); !reflect.DeepEqual(before, after) {
		t.Error("Resources differ after reset")
	}
	if r := z.login(u.creds); r.status == http.StatusOK {
		t.Error("a user created before the reset can still log in")
	}
	if r := z.login(admin); r.status != http.StatusUnauthorized {
		t.Errorf("the rotated admin secret still works after reset: %d", r.status)
	}
	z.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(vendor))
	z.expect(http.StatusNotFound, http.MethodGet, securityLevelPath(firstCustomLevelID), nil)
	if it := z.item(entityOrganizationalLevel1s, z.seeded(entityOrganizationalLevel1s)[0]); it["name"] != "Managed Services" {
		t.Errorf("level 1 after reset %v", it)
	}
	// Ids start over too.
	if id := z.createSecurityLevel("First again", nil); id != firstCustomLevelID {
		t.Errorf("first custom level after reset has id %d", id)
	}
	if err := z.sim.Reset(); err != nil {
		t.Fatal(err)
	}

	// Vendors: id, label and tracking code, matching the picklist.
	r := z.control(http.MethodGet, "/_sim/vendors", nil)
	var vendors []Vendor
	if err := json.Unmarshal(r.body, &vendors); err != nil || !strings.Contains(string(r.body), `"tracking_code":`) {
		t.Fatalf("vendors %s", r.body)
	}
	if !reflect.DeepEqual(vendors, z.sim.Vendors()) || len(vendors) < 25 {
		t.Errorf("%d vendors over HTTP, %d in process", len(vendors), len(z.sim.Vendors()))
	}
	codes := map[string]bool{}
	for _, v := range vendors {
		if len(v.TrackingCode) != 27 || strings.ToUpper(v.TrackingCode) != v.TrackingCode || codes[v.TrackingCode] {
			t.Errorf("vendor %+v: tracking code not 27 upper-case characters, or repeated", v)
		}
		codes[v.TrackingCode] = true
		if got := z.picklistValue("apiVendorID", v.Label); got != strconv.FormatInt(v.ID, 10) {
			t.Errorf("vendor %s: id %d, picklist %s", v.Label, v.ID, got)
		}
	}
	// Tracking codes are the same in every zone.
	if other := newZone(t, Options{}).sim.Vendors(); !reflect.DeepEqual(other, vendors) {
		t.Error("another zone has other vendor tracking codes")
	}

	// Without Control, the HTTP control API does not exist, but the methods work.
	off := newZone(t, Options{Profile: ProfileExtended})
	for _, target := range []string{"/_sim/stats", "/_sim/vendors", "/_sim/faults"} {
		off.expect(http.StatusNotFound, http.MethodGet, target, nil, noAuth())
	}
	off.expect(http.StatusNotFound, http.MethodPost, "/_sim/reset", nil, noAuth())
	if err := off.sim.Reset(); err != nil || len(off.sim.Vendors()) == 0 {
		t.Errorf("in-process control: %v", err)
	}
	// Wrong verbs on control routes are 405.
	z.expect(http.StatusMethodNotAllowed, http.MethodGet, "/_sim/reset", nil, noAuth())
	z.expect(http.StatusMethodNotAllowed, http.MethodPut, "/_sim/faults", nil, noAuth())
}

func TestResetOfALoadedZone(t *testing.T) {
	path := t.TempDir() + "/tenant.json"
	z := newZone(t, Options{Profile: ProfileExtended, StatePath: path})
	z.createSecurityLevel("Persisted", nil)
	z2 := newZone(t, Options{Profile: ProfileExtended, StatePath: path})
	z2.expect(http.StatusOK, http.MethodGet, securityLevelPath(firstCustomLevelID), nil)
	if err := z2.sim.Reset(); err != nil {
		t.Fatal(err)
	}
	z2.expect(http.StatusNotFound, http.MethodGet, securityLevelPath(firstCustomLevelID), nil)
	z2.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil) // same admin credentials
	z3 := newZone(t, Options{Profile: ProfileExtended, StatePath: path})
	z3.expect(http.StatusNotFound, http.MethodGet, securityLevelPath(firstCustomLevelID), nil) // the reset was persisted
	if z3.creds != z.creds {
		t.Error("credentials changed across reset and reload")
	}
}
