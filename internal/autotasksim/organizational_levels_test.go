package autotasksim

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// createOrgLevels makes n OrganizationalLevel1s named "<prefix> NNNN" and returns their ids.
func (z *zone) createOrgLevels(prefix string, n int) []int64 {
	z.t.Helper()
	ids := make([]int64, 0, n)
	for i := range n {
		m := z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": prefix + " " + strconv.Itoa(1000+i)})
		ids = append(ids, num(z.t, m["itemId"]))
	}
	return ids
}

func TestWritesOrganizationalLevels(t *testing.T) {
	z := newZone(t, Options{})
	m := z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"id": 77, "Name": "Security Services", "DESCRIPTION": "SOC"})
	if len(m) != 1 {
		t.Fatalf("create answer %v, want only itemId", m)
	}
	id := num(t, m["itemId"])
	item := func() map[string]any { return z.item(entityOrganizationalLevel1s, id) }
	if it := item(); it["name"] != "Security Services" || it["description"] != "SOC" || it["isActive"] != true || id == 77 {
		t.Fatalf("created %v (id %d)", it, id)
	}

	// PATCH changes only what it sends; loosely typed values are accepted.
	m = z.expect(http.StatusOK, http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": strconv.FormatInt(id, 10), "IsActive": "False"})
	if num(t, m["itemId"]) != id {
		t.Errorf("PATCH answer %v", m)
	}
	if it := item(); it["isActive"] != false || it["description"] != "SOC" {
		t.Errorf("after PATCH %v", it)
	}
	// PUT replaces: fields left out become null; required ones must be there.
	z.expect(http.StatusOK, http.MethodPut, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "Security Services", "isActive": true})
	if it := item(); it["description"] != nil || it["isActive"] != true {
		t.Errorf("after PUT %v", it)
	}
	z.expectErrors("Missing required field: name", http.MethodPut, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "isActive": true})
	z.expectErrors("Missing required field: name", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"description": "no name"})
	z.expectErrors("Missing required field: name", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "  "})
	z.expectErrors("already exists", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "managed services"})
	z.expectErrors("already exists", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "Managed Services"})
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "name": "security services"}) // its own name, recased
	z.expectErrors("maximum length of 100", http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": strings.Repeat("x", 101)})
	z.expectErrors("not valid for field isActive", http.MethodPatch, "V1.0/OrganizationalLevel1s", map[string]any{"id": id, "isActive": "maybe"})
}
