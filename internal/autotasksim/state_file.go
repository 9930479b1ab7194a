package autotasksim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// stateVersion is bumped when the state file format changes incompatibly.
const stateVersion = 1

// stateFile is the tenant on disk. It holds the credentials in clear (it is a simulator's
// database, written with mode 0600), so keep it out of version control.
type stateFile struct {
	Version     int                        `json:"version"`
	Profile     Profile                    `json:"profile"`
	ZoneName    string                     `json:"zoneName"`
	CI          int                        `json:"ci"`
	AdminID     int64                      `json:"adminResourceId"`
	Credentials []*credential              `json:"credentials"`
	Picklists   map[string][]PicklistValue `json:"picklists"`
	Tables      map[string]stateTable      `json:"tables"`
}

type stateTable struct {
	NextID int64             `json:"nextId"`
	Rows   []json.RawMessage `json:"rows"`
}

// persist writes the tenant to Options.StatePath, if set. Callers hold the tenant lock (read or
// write), so the file always matches a consistent tenant.
func (s *Simulator) persist() error {
	if s.opts.StatePath == "" {
		return nil
	}
	t := s.tenant
	sf := stateFile{
		Version:     stateVersion,
		Profile:     s.profile,
		ZoneName:    t.zoneName,
		CI:          t.ci,
		AdminID:     t.adminID,
		Credentials: t.creds,
		Picklists:   t.picklists,
		Tables:      map[string]stateTable{},
	}
	for _, e := range s.entities {
		tbl := t.table(e.Name)
		st := stateTable{NextID: tbl.nextID, Rows: []json.RawMessage{}}
		for _, id := range tbl.sortedIDs() {
			b, err := e.encode(tbl.rows[id], nil)
			if err != nil {
				return err
			}
			st.Rows = append(st.Rows, b)
		}
		sf.Tables[e.Name] = st
	}
	data, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(s.opts.StatePath, append(data, '\n')); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}

// writeFileAtomic replaces path with data: write a temporary file in the same directory, sync it,
// then rename it over path, so a crash leaves either the old file or the new one, never a torn one.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp") // created with mode 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// loadState reads a tenant written by persist. Values go through the same type coercion as API
// writes, so a hand-edited file cannot put a string into an integer field.
func loadState(path string, entities []*entity, profile Profile) (*tenant, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("load state %s: %s", path, fmt.Sprintf(format, args...))
	}
	var sf stateFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return nil, fail("%v", err)
	}
	if sf.Version != stateVersion {
		return nil, fail("unsupported version %d (want %d)", sf.Version, stateVersion)
	}
	if sf.Profile != "" && sf.Profile != profile {
		return nil, fail("the file was written by the %q profile; serve it with that profile (--profile %s) or use another file", sf.Profile, sf.Profile)
	}
	t := newTenant(entities)
	t.zoneName, t.ci, t.adminID = sf.ZoneName, sf.CI, sf.AdminID
	for name, values := range sf.Picklists {
		t.picklists[name] = values
	}
	for _, e := range entities {
		st, ok := sf.Tables[e.Name]
		if !ok {
			continue // an entity newer than the file starts empty
		}
		tbl := t.table(e.Name)
		tbl.nextID = max(st.NextID, e.FirstID)
		for i, raw := range st.Rows {
			r, err := decodeStateRow(e, raw)
			if err != nil {
				return nil, fail("%s row %d: %v", e.Name, i, err)
			}
			tbl.rows[r.id()] = r
			tbl.nextID = max(tbl.nextID, r.id()+1)
		}
	}
	for name := range sf.Tables {
		if !hasEntity(entities, name) {
			return nil, fail("table %s is not served by this profile (the file was written by the %q profile)", name, sf.Profile)
		}
	}
	for _, c := range sf.Credentials {
		if c == nil || t.table(entityResources).rows[c.ResourceID] == nil {
			return nil, fail("a credential refers to a missing resource")
		}
		t.creds = append(t.creds, c)
	}
	if t.credentialFor(t.adminID) == nil {
		return nil, fail("the admin API user %d has no credentials", t.adminID)
	}
	return t, nil
}

func decodeStateRow(e *entity, raw json.RawMessage) (record, error) {
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not an object")
	}
	r := record{}
	for k, val := range obj {
		f := e.field(k)
		if f == nil {
			return nil, fmt.Errorf("unknown field %q", k)
		}
		cv, err := coerce(f, val)
		if err != nil {
			return nil, err
		}
		if cv != nil {
			r[f.Name] = cv
		}
	}
	if r.id() <= 0 {
		return nil, fmt.Errorf("missing id")
	}
	return r, nil
}

func hasEntity(entities []*entity, name string) bool {
	for _, e := range entities {
		if e.Name == name {
			return true
		}
	}
	return false
}
