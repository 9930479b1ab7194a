package autotasksim

import (
	"bytes"
	"sort"
	"strings"
)

// field describes one property of an entity: its wire name, type and the metadata
// entityInformation/fields publishes. The handlers enforce what the metadata says (read-only,
// required, length, picklist membership, references), so a client that trusts the metadata
// behaves the same here as on a real zone.
type field struct {
	Name         string // camelCase wire name, e.g. "licenseType"
	Type         fieldType
	Length       int  // maximum string length; 0 for non-strings
	Required     bool // must be non-null after a create or a replace
	ReadOnly     bool // cannot be set by POST, PUT or PATCH (sending the current value is allowed)
	NotQueryable bool // cannot be used in a filter
	Reference    string
	Picklist     string // name of a tenant picklist; empty when the field is not a picklist
	Default      any    // value a create fills in when the body leaves the field out
	Webhook      bool   // isSupportedWebhookField
	// CreateOnly fields can be set by POST; PATCH and PUT may only send the current value.
	// entityInformation/fields reports them as read-only (isReadOnly true): isReadOnly tells a
	// client which fields an update can change, and an update cannot change these.
	CreateOnly bool
	// WriteOnly fields (a secret) are accepted by writes and never returned: reads, IncludeFields
	// and filters do not see them. The entity's Commit hook moves them out of the record.
	WriteOnly bool
	// DefaultFunc computes a create default from the tenant when Default is nil.
	DefaultFunc func(t *tenant) any
	// Write, when set, turns the written property into the stored value itself, instead of
	// coerce and checkValue. It runs for every write that sends the property, and for POST and
	// PUT that leave it out (sent is false), so a list can fill its own default. old is the
	// stored value before the write (nil on create). A nil result stores null.
	Write func(t *tenant, f *field, raw any, sent bool, old any, mode writeMode) (any, error)
}

// PicklistValue is one entry of a picklist as entityInformation/fields returns it.
type PicklistValue struct {
	Value          string `json:"value"`
	Label          string `json:"label"`
	IsDefaultValue bool   `json:"isDefaultValue"`
	SortOrder      int    `json:"sortOrder"`
	ParentValue    string `json:"parentValue"`
	IsActive       bool   `json:"isActive"`
	IsSystem       bool   `json:"isSystem"`
}

// writeMode says which write is building a record.
type writeMode int

const (
	modeCreate  writeMode = iota // POST: fields left out take their default
	modeUpdate                   // PATCH: only the fields sent change
	modeReplace                  // PUT: writable fields left out become null
)

// entity is the descriptor every route works from. Registering a new entity means writing one of
// these (see entitiesFor); routing, querying, paging, metadata, validation and persistence are
// generic. Exported fields are what a descriptor declares; finalize derives the unexported ones.
type entity struct {
	Name      string // route name, e.g. "Resources"
	InfoName  string // entityInformation name, e.g. "Resource"
	Fields    []*field
	CanCreate bool
	CanUpdate bool
	CanQuery  bool
	CanDelete bool
	Webhooks  bool  // supportsWebhookCallouts
	FirstID   int64 // first id a fresh tenant hands out, so ids look like a real zone's
	// Validate checks business rules after field-level checks; old is nil on create. It runs
	// under the tenant's write lock and may read other tables.
	Validate func(t *tenant, old, rec record) error
	// BeforeDelete may refuse a delete with a business error.
	BeforeDelete func(t *tenant, rec record) error
	// Commit, when set, runs under the write lock after Validate, once the record is stored under
	// its id (old is nil on create). It may fill generated fields and must move write-only values
	// out of the record. It returns an undo, run when persisting the write fails.
	Commit func(t *tenant, old, rec record) (undo func())
	// DeleteMissing404 makes DELETE of an unknown id answer 404 (errors body) instead of the
	// published entities' 500 "No matching records found".
	DeleteMissing404 bool

	byName map[string]*field // lower-case name -> field
	order  []*field          // output order: id first, then alphabetical
}

// finalize builds the lookup tables; New calls it once per descriptor.
func (e *entity) finalize() *entity {
	e.byName = make(map[string]*field, len(e.Fields))
	for _, f := range e.Fields {
		lk := strings.ToLower(f.Name)
		if _, dup := e.byName[lk]; dup {
			panic("autotasksim: duplicate field " + e.Name + "." + f.Name)
		}
		e.byName[lk] = f
	}
	if _, ok := e.byName["id"]; !ok {
		panic("autotasksim: entity " + e.Name + " has no id field")
	}
	e.order = nil
	for _, f := range e.Fields {
		if !f.WriteOnly {
			e.order = append(e.order, f)
		}
	}
	sort.SliceStable(e.order, func(i, j int) bool {
		a, b := strings.ToLower(e.order[i].Name), strings.ToLower(e.order[j].Name)
		if a == "id" || b == "id" {
			return a == "id" && b != "id"
		}
		return a < b
	})
	return e
}

// field looks a field up case-insensitively.
func (e *entity) field(name string) *field {
	return e.byName[strings.ToLower(strings.TrimSpace(name))]
}

// record is one stored row: wire field name -> stored value (see values.go).
type record map[string]any

func (r record) id() int64 {
	id, _ := r["id"].(int64)
	return id
}

func (r record) clone() record {
	out := make(record, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

// encode renders a record the way the API does: every field present (null when unset), id first,
// then the rest in alphabetical order. include, when non-nil, limits the output to those fields
// (IncludeFields); id is always kept.
func (e *entity) encode(r record, include map[*field]bool) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for _, f := range e.order {
		if include != nil && !include[f] && f.Name != "id" {
			continue
		}
		v, err := marshal(wireValue(r[f.Name]))
		if err != nil {
			return nil, err
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		k, err := marshal(f.Name)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// buildRecord applies a write body (keys already case-folded) to old and returns the new record.
// It enforces read-only fields, types, lengths, picklists, references and required fields, and
// returns business errors phrased like the API's. Properties the entity does not have are ignored,
// as ASP.NET model binding ignores them on a real zone.
func (e *entity) buildRecord(t *tenant, old record, body map[string]any, mode writeMode) (record, error) {
	var rec record
	switch mode {
	case modeCreate:
		rec = record{}
	case modeUpdate:
		rec = old.clone()
	case modeReplace:
		rec = record{}
		for _, f := range e.Fields {
			if f.ReadOnly || f.CreateOnly {
				rec[f.Name] = old[f.Name]
			}
		}
	}
	for _, f := range e.Fields {
		raw, sent := body[strings.ToLower(f.Name)]
		if f.Name == "id" {
			continue
		}
		if f.Write != nil {
			if !sent && mode == modeUpdate {
				continue
			}
			var current any
			if old != nil {
				current = old[f.Name]
			}
			v, err := f.Write(t, f, raw, sent, current, mode)
			if err != nil {
				return nil, err
			}
			if v == nil {
				delete(rec, f.Name)
			} else {
				rec[f.Name] = v
			}
			continue
		}
		if !sent {
			continue
		}
		v, err := coerce(f, raw)
		if err != nil {
			return nil, businessError("%s", err.Error())
		}
		if f.ReadOnly || f.CreateOnly && mode != modeCreate {
			// Clients often send back a record they read; unchanged read-only values are fine,
			// and so is a create that sends a read-only field's default.
			current := f.Default
			if old != nil {
				current = old[f.Name]
			}
			if v != nil && !sameValue(v, current) || v == nil && current != nil && mode != modeCreate {
				if f.CreateOnly {
					return nil, businessError("The field %s can only be set when the %s is created; it is read-only after that.", f.Name, e.InfoName)
				}
				return nil, businessError("The field %s is read-only and cannot be changed.", f.Name)
			}
			continue
		}
		v, err = e.checkValue(t, f, v, old)
		if err != nil {
			return nil, err
		}
		rec[f.Name] = v
	}
	if mode == modeCreate {
		for _, f := range e.Fields {
			if _, set := rec[f.Name]; set {
				continue
			}
			switch {
			case f.Default != nil:
				rec[f.Name] = f.Default
			case f.DefaultFunc != nil:
				if v := f.DefaultFunc(t); v != nil {
					rec[f.Name] = v
				}
			}
		}
	}
	for _, f := range e.Fields {
		if f.Required && f.Name != "id" && isBlank(rec[f.Name]) {
			return nil, businessError("Missing required field: %s.", f.Name)
		}
	}
	return rec, nil
}

func isBlank(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && strings.TrimSpace(s) == ""
}

func isTrue(v any) bool {
	b, _ := v.(bool)
	return b
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// checkValue enforces length, picklist membership and references for one written value, and
// returns it with a string picklist value spelled as the picklist spells it. A value equal to the
// record's current one is always accepted, so an inactive picklist value already on a record does
// not block unrelated updates.
func (e *entity) checkValue(t *tenant, f *field, v any, old record) (any, error) {
	if v == nil || old != nil && sameValue(v, old[f.Name]) {
		return v, nil
	}
	if s, ok := v.(string); ok && f.Length > 0 && len([]rune(s)) > f.Length {
		return nil, businessError("The value for field %s exceeds the maximum length of %d characters.", f.Name, f.Length)
	}
	if f.Picklist != "" {
		want, err := toString(v)
		if err != nil {
			return nil, businessError("Value does not reference an existing entity for %s . ", f.Name)
		}
		var match *PicklistValue
		for i, pv := range t.picklists[f.Picklist] {
			if pv.IsActive && strings.EqualFold(pv.Value, want) {
				match = &t.picklists[f.Picklist][i]
				break
			}
		}
		if match == nil {
			return nil, businessError("Value does not reference an existing entity for %s . ", f.Name)
		}
		if _, isString := v.(string); isString {
			v = match.Value
		}
	}
	if f.Reference != "" {
		id, ok := v.(int64)
		tbl := t.table(f.Reference)
		if !ok || tbl == nil || tbl.rows[id] == nil {
			return nil, businessError("Value does not reference an existing entity for %s . ", f.Name)
		}
	}
	return v, nil
}

// entityInfo is the entityInformation "info" object (EntityInformationModel).
type entityInfo struct {
	Name                    string `json:"name"`
	CanCreate               bool   `json:"canCreate"`
	CanDelete               bool   `json:"canDelete"`
	CanQuery                bool   `json:"canQuery"`
	CanUpdate               bool   `json:"canUpdate"`
	UserAccessForCreate     int    `json:"userAccessForCreate"`
	UserAccessForDelete     int    `json:"userAccessForDelete"`
	UserAccessForQuery      int    `json:"userAccessForQuery"`
	UserAccessForUpdate     int    `json:"userAccessForUpdate"`
	HasUserDefinedFields    bool   `json:"hasUserDefinedFields"`
	SupportsWebhookCallouts bool   `json:"supportsWebhookCallouts"`
}

// info describes the entity for the calling API user, who has full access to what the entity
// supports. userAccessFor* values are 0 (None), 1 (All) or 2 (Restricted).
func (e *entity) info() entityInfo {
	access := func(can bool) int {
		if can {
			return 1
		}
		return 0
	}
	return entityInfo{
		Name:                    e.InfoName,
		CanCreate:               e.CanCreate,
		CanDelete:               e.CanDelete,
		CanQuery:                e.CanQuery,
		CanUpdate:               e.CanUpdate,
		UserAccessForCreate:     access(e.CanCreate),
		UserAccessForDelete:     access(e.CanDelete),
		UserAccessForQuery:      access(e.CanQuery),
		UserAccessForUpdate:     access(e.CanUpdate),
		SupportsWebhookCallouts: e.Webhooks,
	}
}

// fieldInfo is one FieldInformationModel.
type fieldInfo struct {
	Name                     string          `json:"name"`
	DataType                 fieldType       `json:"dataType"`
	Length                   int             `json:"length"`
	IsRequired               bool            `json:"isRequired"`
	IsReadOnly               bool            `json:"isReadOnly"`
	IsQueryable              bool            `json:"isQueryable"`
	IsReference              bool            `json:"isReference"`
	ReferenceEntityType      string          `json:"referenceEntityType"`
	IsPickList               bool            `json:"isPickList"`
	PicklistValues           []PicklistValue `json:"picklistValues"`
	PicklistParentValueField string          `json:"picklistParentValueField"`
	IsSupportedWebhookField  bool            `json:"isSupportedWebhookField"`
}

// fieldInfos renders entityInformation/fields. Picklist values come from the tenant, so they
// change when the tenant's lists change, as on a real zone.
func (e *entity) fieldInfos(t *tenant, byName map[string]*entity) []fieldInfo {
	out := make([]fieldInfo, 0, len(e.Fields))
	for _, f := range e.Fields {
		fi := fieldInfo{
			Name:                    f.Name,
			DataType:                f.Type,
			Length:                  f.Length,
			IsRequired:              f.Required,
			IsReadOnly:              f.ReadOnly || f.CreateOnly,
			IsQueryable:             !f.NotQueryable && !f.WriteOnly,
			IsReference:             f.Reference != "",
			IsPickList:              f.Picklist != "",
			IsSupportedWebhookField: f.Webhook,
		}
		if ref := byName[strings.ToLower(f.Reference)]; ref != nil {
			fi.ReferenceEntityType = ref.InfoName
		}
		if f.Picklist != "" {
			fi.PicklistValues = append([]PicklistValue{}, t.picklists[f.Picklist]...)
		}
		out = append(out, fi)
	}
	return out
}
