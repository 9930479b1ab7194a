package autotasksim

import (
	"net/http"
	"strconv"
	"testing"
)

// widgets is a test-only entity with one field of every type.
func widgets() *entity {
	return (&entity{
		Name: "Widgets", InfoName: "Widget", CanCreate: true, CanQuery: true, CanUpdate: true, CanDelete: true, FirstID: 1,
		Fields: []*field{
			idField(),
			{Name: "name", Type: typeString, Length: 20, Required: true},
			{Name: "count", Type: typeInteger},
			{Name: "serial", Type: typeLong},
			{Name: "price", Type: typeDouble},
			{Name: "isActive", Type: typeBoolean, Default: true},
			{Name: "createDate", Type: typeDateTime},
			{Name: "hidden", Type: typeString, NotQueryable: true},
		},
	}).finalize()
}

// TestDeleteAndGenericEntity registers a test-only entity to exercise the generic machinery
// (DELETE is not offered by any published entity the simulator serves).
func TestDeleteAndGenericEntity(t *testing.T) {
	w := widgets()
	w.BeforeDelete = func(_ *tenant, r record) error {
		if r["name"] == "keep" {
			return businessError("This widget cannot be deleted.")
		}
		return nil
	}
	sim, err := newSimulator(Options{}, ProfilePublic, append(entitiesFor(ProfilePublic, ReadingREST), w))
	if err != nil {
		t.Fatal(err)
	}
	z := serveZone(t, sim)
	id := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Widgets", map[string]any{"name": "gone", "count": 3})["itemId"])
	keep := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Widgets", map[string]any{"name": "keep"})["itemId"])
	path := "V1.0/Widgets/" + strconv.FormatInt(id, 10)
	m := z.expect(http.StatusOK, http.MethodDelete, path, nil)
	if len(m) != 1 || num(t, m["itemId"]) != id {
		t.Errorf("DELETE answer %v", m)
	}
	z.expect(http.StatusNotFound, http.MethodGet, path, nil)
	z.expectErrors("No matching records found", http.MethodDelete, path, nil)
	z.expectErrors("cannot be deleted", http.MethodDelete, "V1.0/Widgets/"+strconv.FormatInt(keep, 10), nil)
	info, _ := z.expect(http.StatusOK, http.MethodGet, "V1.0/Widgets/entityInformation", nil)["info"].(map[string]any)
	if capString(info) != "create delete query update" {
		t.Errorf("widget capabilities %v", info)
	}
	// ids are never reused.
	if next := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/Widgets", map[string]any{"name": "new"})["itemId"]); next <= keep {
		t.Errorf("id %d reused", next)
	}
}
