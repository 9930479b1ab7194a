package autotasksim

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// securityLevelPath is the GET route of a security level.
func securityLevelPath(id int64) string { return "V1.0/SecurityLevels/" + strconv.FormatInt(id, 10) }

// securityLevelByName finds a security level by name.
func (z *zone) securityLevelByName(name string) int64 {
	z.t.Helper()
	its, _ := items(z.t, z.expect(http.StatusOK, http.MethodPost, "V1.0/SecurityLevels/query", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "name", "value": name}},
	}))
	if len(its) != 1 {
		z.t.Fatalf("security level %q: %d matches", name, len(its))
	}
	return num(z.t, its[0]["id"])
}

// createSecurityLevel creates a custom API-only level and returns its id.
func (z *zone) createSecurityLevel(name string, perms map[string]string) int64 {
	z.t.Helper()
	return num(z.t, z.expect(http.StatusOK, http.MethodPost, "V1.0/SecurityLevels", map[string]any{
		"name": name, "permissions": rowsOf(perms),
	})["itemId"])
}

// rowsOf renders a permission map as the wire's [{"key","value"}] array.
func rowsOf(perms map[string]string) []map[string]string {
	out := []map[string]string{}
	for k, v := range perms {
		out = append(out, map[string]string{"key": k, "value": v})
	}
	return out
}

// permsOf reads a level item's permissions into a map, checking the wire shape: every catalogue
// key once, in catalogue order, with string values.
func permsOf(t *testing.T, item map[string]any) map[string]string {
	t.Helper()
	rows, ok := item["permissions"].([]any)
	if !ok {
		t.Fatalf("permissions is not an array: %v", item["permissions"])
	}
	settings := permissions.Default().Settings()
	if len(rows) != len(settings) {
		t.Fatalf("%d permission rows, want one per catalogue key (%d)", len(rows), len(settings))
	}
	out := map[string]string{}
	for i, row := range rows {
		r := asObj(t, row)
		if len(r) != 2 || str(t, r["key"]) != settings[i].Key {
			t.Fatalf("row %d is %v, want key %s", i, r, settings[i].Key)
		}
		out[settings[i].Key] = str(t, r["value"])
	}
	return out
}

func TestSecurityLevelsRoutesAndShape(t *testing.T) {
	z := newExtendedZone(t)
	info := asObj(t, z.expect(http.StatusOK, http.MethodGet, "V1.0/SecurityLevels/entityInformation", nil)["info"])
	if info["name"] != "SecurityLevel" || capString(info) != "create delete query update" {
		t.Errorf("SecurityLevels entityInformation %v", info)
	}
	fields := z.fieldsOf(entitySecurityLevels)
	var names []string
	for n := range fields {
		names = append(names, n)
	}
	if want := []string{"copiedFromSecurityLevelID", "id", "isActive", "isApiOnly", "isSystem", "name", "permissions"}; !sameSet(names, want) {
		t.Errorf("SecurityLevels fields %v, want %v", names, want)
	}
	if f := fields["permissions"]; f["dataType"] != "object[]" || f["isQueryable"] != false || f["isRequired"] != true {
		t.Errorf("permissions metadata %v", f)
	}
	if f := fields["isSystem"]; f["isReadOnly"] != true {
		t.Errorf("isSystem metadata %v", f)
	}
	// Create-only fields are reported read-only: no update can change them.
	for _, name := range []string{"isApiOnly", "copiedFromSecurityLevelID"} {
		if f := fields[name]; f["isReadOnly"] != true {
			t.Errorf("create-only %s metadata %v", name, f)
		}
	}
	for _, name := range []string{"name", "isActive", "permissions"} {
		if f := fields[name]; f["isReadOnly"] != false {
			t.Errorf("writable %s metadata %v", name, f)
		}
	}
	if f := fields["copiedFromSecurityLevelID"]; f["isReference"] != true || f["referenceEntityType"] != "SecurityLevel" {
		t.Errorf("copiedFromSecurityLevelID metadata %v", f)
	}

	// Every Autotask system security level is seeded.
	its, pd := items(t, z.expect(http.StatusOK, http.MethodGet, "V1.0/SecurityLevels/query?search="+search(t, map[string]any{"filter": all}), nil))
	if num(t, pd["count"]) != 15 {
		t.Errorf("%d seeded levels, want 15", len(its))
	}
	seeded := map[string]map[string]any{}
	for _, it := range its {
		seeded[str(t, it["name"])] = it
		keys := make([]string, 0, len(it))
		for k := range it {
			keys = append(keys, k)
		}
		if !sameSet(keys, []string{"id", "name", "isActive", "isSystem", "isApiOnly", "copiedFromSecurityLevelID", "permissions"}) {
			t.Errorf("level item keys %v", keys)
		}
		if it["isSystem"] != true || it["isActive"] != true || it["copiedFromSecurityLevelID"] != nil {
			t.Errorf("system level %v", it["name"])
		}
	}
	for _, name := range []string{"System Administrator", "Full Access", "Manager", "Project Manager", "Service Desk User", "Team Member",
		"Co-managed Help Desk", "Contractor", "Time and Attendance", "Minimal Access", "Private CRM", "Sales", "Dashboard User",
		"API User (system) (API-only)", "API User (system) Can't Read Costs (API-only)"} {
		it, found := seeded[name]
		if !found {
			t.Errorf("system level %q is not seeded", name)
			continue
		}
		if want := strings.HasSuffix(name, "(API-only)"); it["isApiOnly"] != want {
			t.Errorf("%s: isApiOnly %v", name, it["isApiOnly"])
		}
	}
	c := permissions.Default()
	api := z.item(entitySecurityLevels, z.securityLevelByName("API User (system) (API-only)"))
	if got := permsOf(t, api); !reflect.DeepEqual(got, c.FullAccess()) {
		t.Errorf("API User (system) is not the catalogue's full access: %v", c.Diff(c.FullAccess(), got))
	}
	noCosts := c.FullAccess()
	noCosts["other.can_view_internal_cost_data"] = "false"
	noCosts["contracts.can_modify_contract_internal_costs"] = "false"
	if got := permsOf(t, z.item(entitySecurityLevels, z.securityLevelByName("API user (SYSTEM) can't read costs (api-only)"))); !reflect.DeepEqual(got, noCosts) {
		t.Errorf("Can't Read Costs: %v", c.Diff(noCosts, got))
	}

	// Query by the queryable fields; permissions cannot be filtered on.
	n := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/SecurityLevels/query/count", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "isApiOnly", "value": true}},
	})["queryCount"])
	if n != 2 {
		t.Errorf("%d API-only levels, want 2", n)
	}
	z.expectErrors("cannot be queried", http.MethodPost, "V1.0/SecurityLevels/query", map[string]any{
		"filter": []map[string]any{{"op": "exist", "field": "permissions"}},
	})
	r := z.do(http.MethodGet, securityLevelPath(999999), nil)
	if r.status != http.StatusNotFound || string(r.body) != `{"item":null}` {
		t.Errorf("unknown level: %d %s", r.status, r.body)
	}
	// The public profile has no such route.
	pub := newZone(t, Options{})
	pub.expect(http.StatusNotFound, http.MethodGet, "V1.0/SecurityLevels/1", nil)
}

func TestSecurityLevelsWriteSemantics(t *testing.T) {
	z := newExtendedZone(t)
	c := permissions.Default()
	defaults := c.FillDefaults(nil)
	apiLevel := z.securityLevelByName(permissions.SystemAPILevel)

	// POST: rows left out take the catalogue defaults; values may be loosely typed.
	m := z.expect(http.StatusOK, http.MethodPost, "V1.0/SecurityLevels", map[string]any{
		"Name": "API User (Propel Your MSP)", "copiedFromSecurityLevelID": apiLevel,
		"PERMISSIONS": []map[string]any{
			{"key": "crm.customer_and_cancelation", "value": "all"},
			{"Key": "other.maximum_number_of_webhooks", "Value": 25},
			{"key": "other.can_create_webhooks", "value": true},
		},
	})
	id := num(t, m["itemId"])
	if len(m) != 1 || id < firstCustomLevelID {
		t.Fatalf("create answer %v", m)
	}
	it := z.item(entitySecurityLevels, id)
	if it["isActive"] != true || it["isSystem"] != false || it["isApiOnly"] != true || num(t, it["copiedFromSecurityLevelID"]) != apiLevel {
		t.Errorf("created level %v", it)
	}
	want := c.FillDefaults(map[string]string{"crm.customer_and_cancelation": "all", "other.maximum_number_of_webhooks": "25", "other.can_create_webhooks": "true"})
	if got := permsOf(t, it); !reflect.DeepEqual(got, want) {
		t.Errorf("after POST: %v", c.Diff(want, got))
	}
	if want["web_services_api.can_login"] != "true" {
		t.Fatal("the catalogue default of web_services_api.can_login should be true")
	}

	// PATCH upserts only the rows it lists.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{
		"id": id, "permissions": []map[string]string{{"key": "service_desk.tickets.view", "value": "all"}},
	})
	want["service_desk.tickets.view"] = "all"
	if got := permsOf(t, z.item(entitySecurityLevels, id)); !reflect.DeepEqual(got, want) {
		t.Errorf("after PATCH: %v", c.Diff(want, got))
	}
	// PATCH without permissions leaves them alone.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "name": "API User (Propel)"})
	if got := z.item(entitySecurityLevels, id); !reflect.DeepEqual(permsOf(t, got), want) || got["name"] != "API User (Propel)" {
		t.Errorf("after a PATCH of the name: %v", got["name"])
	}
	z.expectErrors("permissions cannot be null", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "permissions": nil})

	// PUT replaces: rows left out go back to their defaults.
	z.expect(http.StatusOK, http.MethodPut, "V1.0/SecurityLevels", map[string]any{
		"id": id, "name": "API User (Propel)", "isActive": true,
		"permissions": []map[string]string{{"key": "crm.customer_and_cancelation", "value": "mine"}},
	})
	want = c.FillDefaults(map[string]string{"crm.customer_and_cancelation": "mine"})
	it = z.item(entitySecurityLevels, id)
	if got := permsOf(t, it); !reflect.DeepEqual(got, want) {
		t.Errorf("after PUT: %v", c.Diff(want, got))
	}
	if num(t, it["copiedFromSecurityLevelID"]) != apiLevel || it["isApiOnly"] != true {
		t.Errorf("PUT lost create-only fields: %v", it)
	}
	// A level read back and PUT unchanged round-trips.
	z.expect(http.StatusOK, http.MethodPut, "V1.0/SecurityLevels", it)
	if got := permsOf(t, z.item(entitySecurityLevels, id)); !reflect.DeepEqual(got, want) {
		t.Error("a PUT of the level as read changed it")
	}
	// A POST with no permissions at all is the default matrix.
	bare := z.createSecurityLevel("Bare", nil)
	if got := permsOf(t, z.item(entitySecurityLevels, bare)); !reflect.DeepEqual(got, defaults) {
		t.Errorf("bare level: %v", c.Diff(defaults, got))
	}

	// Create-only and read-only fields.
	z.expectErrors("can only be set when the SecurityLevel is created", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "copiedFromSecurityLevelID": 11})
	z.expectErrors("can only be set when the SecurityLevel is created", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "isApiOnly": false})
	z.expectErrors("read-only", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "isSystem": true})
	z.expectErrors("read-only", http.MethodPost, "V1.0/SecurityLevels", map[string]any{"name": "Sneaky", "isSystem": true})
	z.expect(http.StatusOK, http.MethodPost, "V1.0/SecurityLevels", map[string]any{"name": "Explicit", "isSystem": false, "isApiOnly": true})
	z.expectErrors("Only API-only security levels can be created through the API: isApiOnly must be true.", http.MethodPost, "V1.0/SecurityLevels",
		map[string]any{"name": "Not API", "isApiOnly": false})
	z.expectErrors("Value does not reference an existing entity for copiedFromSecurityLevelID", http.MethodPost, "V1.0/SecurityLevels",
		map[string]any{"name": "Orphan", "copiedFromSecurityLevelID": 424242})
	z.expectErrors("Missing required field: name", http.MethodPost, "V1.0/SecurityLevels", map[string]any{"permissions": []any{}})
}

func TestSecurityLevelsPermissionValidation(t *testing.T) {
	z := newExtendedZone(t)
	c := permissions.Default()
	var alias, canonical string
	for _, st := range c.Settings() {
		if len(st.AliasKeys) > 0 {
			alias, canonical = st.AliasKeys[0], st.Key
			break
		}
	}
	if alias == "" {
		t.Fatal("the catalogue has no alias key to test with")
	}
	message := func(t *testing.T, key, value string) string {
		t.Helper()
		problems := c.Validate(map[string]string{key: value})
		if len(problems) != 1 {
			t.Fatalf("catalogue problems for %s=%s: %v", key, value, problems)
		}
		return problems[0].Error()
	}
	cases := []struct{ key, value string }{
		{"crm.customer_and_cancellation", "all"}, // unknown (misspelt)
		{alias, "yes"},                           // an alias of a canonical key
		{"crm.customer_and_cancelation", "All"},  // bad value
		{"other.maximum_number_of_webhooks", "1000"},
	}
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			z := z.on(t)
			want := message(t, tc.key, tc.value)
			if !strings.Contains(want, tc.key) {
				t.Fatalf("catalogue message %q does not name %s", want, tc.key)
			}
			body := map[string]any{"name": "Invalid " + tc.key, "permissions": []map[string]string{{"key": tc.key, "value": tc.value}}}
			z.expectErrors(want, http.MethodPost, "V1.0/SecurityLevels", body)
			z.expectErrors(want, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": z.createSecurityLevel("Target "+tc.key, nil), "permissions": body["permissions"]})
		})
	}
	if !strings.Contains(message(t, alias, "yes"), canonical) {
		t.Error("the alias message does not point to the canonical key")
	}
	// Several problems are several errors.
	m := z.expect(http.StatusInternalServerError, http.MethodPost, "V1.0/SecurityLevels", map[string]any{
		"name": "Two problems", "permissions": []map[string]string{{"key": "nope.one", "value": "x"}, {"key": "crm.customer_and_cancelation", "value": "x"}},
	})
	if errs, _ := m["errors"].([]any); len(errs) != 2 {
		t.Errorf("want two errors, got %v", m)
	}
	for name, perms := range map[string]any{
		"not an array":   "all",
		"not objects":    []any{"crm.customer_and_cancelation"},
		"no key":         []map[string]any{{"value": "all"}},
		"no value":       []map[string]any{{"key": "crm.customer_and_cancelation"}},
		"duplicated key": []map[string]any{{"key": "crm.customer_and_cancelation", "value": "all"}, {"key": "crm.customer_and_cancelation", "value": "none"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := z.on(t).do(http.MethodPost, "V1.0/SecurityLevels", map[string]any{"name": "Bad " + name, "permissions": perms})
			if msg := errorText(t, r); r.status != http.StatusInternalServerError || !strings.Contains(msg, "permissions") && !strings.Contains(msg, "listed more than once") {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
	if n := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/SecurityLevels/query/count", map[string]any{
		"filter": []map[string]any{{"op": "beginsWith", "field": "name", "value": "Bad "}},
	})["queryCount"]); n != 0 {
		t.Errorf("%d invalid levels were stored", n)
	}
}

func TestSecurityLevelsSystemLevelsAreReadOnly(t *testing.T) {
	z := newExtendedZone(t)
	api := z.securityLevelByName(permissions.SystemAPILevel)
	full := z.securityLevelByName("Full Access")
	item := z.item(entitySecurityLevels, full)
	for name, tc := range map[string]struct {
		method string
		body   any
		want   string
	}{
		"PATCH name":               {http.MethodPatch, map[string]any{"id": full, "name": "Fuller Access"}, "System security levels cannot be edited or deleted"},
		"PATCH permissions":        {http.MethodPatch, map[string]any{"id": full, "permissions": rowsOf(map[string]string{"crm.customer_and_cancelation": "none"})}, "cannot be edited"},
		"PATCH deactivate":         {http.MethodPatch, map[string]any{"id": full, "isActive": false}, "cannot be edited"},
		"PUT as read":              {http.MethodPut, item, "cannot be edited"},
		"deactivate API User":      {http.MethodPatch, map[string]any{"id": api, "isActive": false}, "It is not possible to deactivate the API User system security level."},
		"PUT deactivates API User": {http.MethodPut, map[string]any{"id": api, "name": permissions.SystemAPILevel, "isActive": false}, "It is not possible to deactivate the API User system security level."},
	} {
		t.Run(name, func(t *testing.T) {
			r := z.on(t).do(tc.method, "V1.0/SecurityLevels", tc.body)
			if r.status != http.StatusInternalServerError || !strings.Contains(errorText(t, r), tc.want) {
				t.Errorf("%d %s", r.status, r.body)
			}
		})
	}
	z.expectErrors("System security levels cannot be edited or deleted", http.MethodDelete, securityLevelPath(full), nil)
	z.expectErrors("System security levels cannot be edited or deleted", http.MethodDelete, securityLevelPath(z.securityLevelByName("Sales")), nil)
	if got := z.item(entitySecurityLevels, full); got["name"] != "Full Access" || got["isActive"] != true {
		t.Errorf("system level changed: %v", got)
	}
}

func TestSecurityLevelsNamesAndLimit(t *testing.T) {
	z := newExtendedZone(t)
	id := z.createSecurityLevel("API User (Zapier)", nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "isActive": false})
	for _, name := range []string{"api user (zapier)", "  API USER (ZAPIER) ", "full access", permissions.SystemAPILevel} {
		t.Run(name, func(t *testing.T) {
			z.on(t).expectErrors("already exists", http.MethodPost, "V1.0/SecurityLevels", map[string]any{"name": name})
		})
	}
	other := z.createSecurityLevel("Other", nil)
	z.expectErrors("already exists", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": other, "name": "API User (ZAPIER)"})
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "name": "api user (zapier)"}) // its own name, recased

	// At most 50 custom levels, inactive ones included.
	for i := 2; i < maxCustomAPILevels; i++ {
		z.createSecurityLevel("Level "+strconv.Itoa(i), nil)
	}
	z.expectErrors("You can create up to 50 custom API security levels", http.MethodPost, "V1.0/SecurityLevels", map[string]any{"name": "Level 51"})
	z.expect(http.StatusOK, http.MethodDelete, securityLevelPath(other), nil)
	z.createSecurityLevel("Level 51", nil)
}

func TestSecurityLevelsDeleteAndDeactivate(t *testing.T) {
	z := newExtendedZone(t)
	r := z.do(http.MethodDelete, securityLevelPath(999999), nil)
	if r.status != http.StatusNotFound || !strings.Contains(string(r.body), `"errors"`) {
		t.Errorf("delete of an unknown level: %d %s", r.status, r.body)
	}

	unused := z.createSecurityLevel("Unused", nil)
	if m := z.expect(http.StatusOK, http.MethodDelete, securityLevelPath(unused), nil); num(t, m["itemId"]) != unused || len(m) != 1 {
		t.Errorf("delete answer %v", m)
	}
	z.expect(http.StatusNotFound, http.MethodGet, securityLevelPath(unused), nil)
	z.expect(http.StatusNotFound, http.MethodDelete, securityLevelPath(unused), nil)

	// Held by two active API users.
	held := z.createSecurityLevel("Held", nil)
	u1 := z.createAPIUser(map[string]any{"securityLevelID": held})
	u2 := z.createAPIUser(map[string]any{"securityLevelID": held})
	z.expectErrors("cannot be deleted: 2 active resources and 0 inactive resources hold it", http.MethodDelete, securityLevelPath(held), nil)
	z.expectErrors("cannot be deactivated: 2 active resources hold it", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": held, "isActive": false})
	it := z.item(entitySecurityLevels, held)
	it["isActive"] = false
	z.expectErrors("cannot be deactivated", http.MethodPut, "V1.0/SecurityLevels", it)

	// One user deactivated: still active holders.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": u1.id, "isActive": false})
	z.expectErrors("cannot be deleted: 1 active resource and 1 inactive resource hold it", http.MethodDelete, securityLevelPath(held), nil)
	z.expectErrors("cannot be deactivated: 1 active resource holds it", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": held, "isActive": false})

	// Only inactive holders: deactivating works, deleting does not.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": u2.id, "isActive": false})
	z.expectErrors("cannot be deleted: 0 active resources and 2 inactive resources hold it", http.MethodDelete, securityLevelPath(held), nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": held, "isActive": false})
	if z.item(entitySecurityLevels, held)["isActive"] != false {
		t.Error("level not deactivated")
	}
	// An inactive level stays on its users, and other edits of them still work.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": u1.id, "title": "Retired integration"})
	// Reactivating a user on an inactive level is allowed (it keeps the level it has).
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": u1.id, "isActive": true})
	// ...but an inactive level cannot be newly assigned.
	z.expectErrors("is inactive", http.MethodPatch, "V1.0/Resources", map[string]any{"id": z.seededAdminID(), "securityLevelID": held})
}

func TestSecurityLevelsWebServicesLoginIsOneWay(t *testing.T) {
	z := newExtendedZone(t)
	const key = "web_services_api.can_login"
	id := z.createSecurityLevel("No login", map[string]string{key: "false"})
	if permsOf(t, z.item(entitySecurityLevels, id))[key] != "false" {
		t.Fatal("can_login not saved cleared")
	}
	z.expectErrors("cannot be re-enabled", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "permissions": rowsOf(map[string]string{key: "true"})})
	// A PUT that leaves the row out asks for the default ("true"): refused too.
	z.expectErrors("cannot be re-enabled", http.MethodPut, "V1.0/SecurityLevels", map[string]any{"id": id, "name": "No login", "isActive": true})
	// Other edits keep working, and sending "false" again is fine.
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": id, "permissions": rowsOf(map[string]string{key: "false", "crm.customer_and_cancelation": "all"})})
	z.expect(http.StatusOK, http.MethodPut, "V1.0/SecurityLevels", map[string]any{"id": id, "name": "No login 2", "isActive": true, "permissions": rowsOf(map[string]string{key: "false"})})

	// Clearing it on a saved level works once.
	other := z.createSecurityLevel("Login for now", nil)
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": other, "permissions": rowsOf(map[string]string{key: "false"})})
	z.expectErrors("cannot be re-enabled", http.MethodPatch, "V1.0/SecurityLevels", map[string]any{"id": other, "permissions": rowsOf(map[string]string{key: "true"})})
}
