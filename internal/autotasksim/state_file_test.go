package autotasksim

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStatePersistsAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tenant.json")
	z := newZone(t, Options{StatePath: path})

	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("a fresh zone with a state path should write the file at once: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode %o, want 600 (it holds secrets)", perm)
	}

	id := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "Persisted"})["itemId"])
	resID := z.seeded(entityResources)[1]
	z.expect(http.StatusOK, http.MethodPatch, "V1.0/Resources", map[string]any{"id": resID, "title": "Persisted Title", "hireDate": "2020-02-02T10:00:00Z"})

	// A second zone on the same file sees the data and the same credentials.
	z2 := newZone(t, Options{StatePath: path, Admin: Credentials{Secret: "ignored-when-state-exists"}})
	if z2.creds != z.creds {
		t.Errorf("credentials changed across restart: %v vs %v", z2.creds, z.creds)
	}
	it := z2.item(entityOrganizationalLevel1s, id)
	if it["name"] != "Persisted" || it["isActive"] != true {
		t.Errorf("reloaded %v", it)
	}
	res := z2.item(entityResources, resID)
	if res["title"] != "Persisted Title" || res["hireDate"] != "2020-02-02T10:00:00Z" {
		t.Errorf("reloaded resource %v", res)
	}
	// ids continue after the highest one; the other API users can still log in.
	if next := num(t, z2.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{"name": "After restart"})["itemId"]); next != id+1 {
		t.Errorf("next id %d, want %d", next, id+1)
	}
	z2.expect(http.StatusOK, http.MethodGet, "V1.0/Version", nil, withCreds(z.credsOf(1)))

	// Only the state file is left: temporary files were renamed into place.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "tenant.json" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v", names)
	}
	if err := z2.sim.Save(); err != nil {
		t.Errorf("Save: %v", err)
	}
	if err := (&Simulator{opts: Options{}}).persist(); err != nil {
		t.Errorf("persist without a path should be a no-op: %v", err)
	}
}

func TestStateWriteFailureRollsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	z := newZone(t, Options{StatePath: filepath.Join(dir, "tenant.json")})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	z.expectErrors("save state", http.MethodPost, "V1.0/OrganizationalLevel2s", map[string]any{"name": "Not saved"})
	n := num(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel2s/query/count", map[string]any{
		"filter": []map[string]any{{"op": "eq", "field": "name", "value": "Not saved"}},
	})["queryCount"])
	if n != 0 {
		t.Error("a write whose persistence failed is still visible")
	}
	first := z.seeded(entityOrganizationalLevel2s)[0]
	z.expectErrors("save state", http.MethodPatch, "V1.0/OrganizationalLevel2s", map[string]any{"id": first, "name": "Renamed"})
	if it := z.item(entityOrganizationalLevel2s, first); it["name"] == "Renamed" {
		t.Error("an update whose persistence failed is still visible")
	}
}

func TestStateLoadErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if _, err := New(Options{StatePath: good}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(m map[string]any)) string {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	tables := func(m map[string]any) map[string]any { return asObj(t, m["tables"]) }
	firstResource := func(m map[string]any) map[string]any {
		rows, ok := asObj(t, tables(m)["Resources"])["rows"].([]any)
		if !ok || len(rows) == 0 {
			t.Fatal("no Resources rows in the state file")
		}
		return asObj(t, rows[0])
	}
	cases := map[string]string{
		"not json":        "{",
		"wrong version":   mutate(func(m map[string]any) { m["version"] = 99 }),
		"unknown entity":  mutate(func(m map[string]any) { tables(m)["SecurityLevels"] = map[string]any{"nextId": 1, "rows": []any{}} }),
		"bad field value": mutate(func(m map[string]any) { firstResource(m)["isActive"] = "perhaps" }),
		"unknown field":   mutate(func(m map[string]any) { firstResource(m)["secret"] = "x" }),
		"row without id":  mutate(func(m map[string]any) { delete(firstResource(m), "id") }),
		"no admin creds":  mutate(func(m map[string]any) { m["credentials"] = []any{} }),
		"orphan creds":    mutate(func(m map[string]any) { m["credentials"] = []any{map[string]any{"resourceId": 1, "secret": "s"}} }),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := New(Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("New = %v, want an error naming the file", err)
			}
		})
	}
	if err := writeFileAtomic(filepath.Join(dir, "missing", "x.json"), []byte("{}")); err == nil {
		t.Error("writeFileAtomic into a missing directory succeeded")
	}
	if _, err := New(Options{StatePath: filepath.Join(dir, "missing", "x.json")}); err == nil {
		t.Error("New with an unwritable state path succeeded")
	}
}
