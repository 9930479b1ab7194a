package autotasksim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Global routes.

func (s *Simulator) handleVersionInformation(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, map[string]any{"apiVersions": []string{"1.0"}})
	return nil
}

// handleZoneInformation answers zone discovery without auth. The url it returns is this zone's
// own REST root, so a client that discovers the zone and then appends "V1.0/..." lands here.
func (s *Simulator) handleZoneInformation(rc *reqCtx) error {
	user := queryParam(rc.r, "user")
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.resourceByUserName(user) == nil {
		return businessError("Zone information could not be determined")
	}
	writeJSON(rc.w, http.StatusOK, struct {
		ZoneName string `json:"zoneName"`
		URL      string `json:"url"`
		WebURL   string `json:"webUrl"`
		CI       int    `json:"ci"`
	}{t.zoneName, rc.root, strings.TrimSuffix(rc.root, "ATServicesRest/"), t.ci})
	return nil
}

func (s *Simulator) handleVersion(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, struct {
		MajorVersion string `json:"majorVersion"`
		MinorVersion string `json:"minorVersion"`
		Build        string `json:"build"`
	}{"2026", "1", "0"})
	return nil
}

func (s *Simulator) handleGlobalEntityInformation(rc *reqCtx) error {
	type description struct {
		Info entityInfo `json:"info"`
	}
	descs := make([]description, 0, len(s.entities))
	for _, e := range s.sortedEntities() {
		descs = append(descs, description{e.info()})
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{"entityDescriptions": descs})
	return nil
}

// handleModules lists module access as key/value pairs. Module keys are not published; the
// simulator reports a few enabled modules so clients that read the list get a realistic shape.
func (s *Simulator) handleModules(rc *reqCtx) error {
	type module struct {
		Key   int  `json:"key"`
		Value bool `json:"value"`
	}
	modules := []module{}
	for _, key := range []int{1, 2, 3, 4, 5, 24} {
		modules = append(modules, module{key, true})
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{"modules": modules})
	return nil
}

// Entity metadata.

func (s *Simulator) handleEntityInformation(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, struct {
		Info entityInfo `json:"info"`
	}{rc.entity.info()})
	return nil
}

func (s *Simulator) handleFields(rc *reqCtx) error {
	s.tenant.mu.RLock()
	fields := rc.entity.fieldInfos(s.tenant, s.byName)
	s.tenant.mu.RUnlock()
	writeJSON(rc.w, http.StatusOK, map[string]any{"fields": fields})
	return nil
}

// handleUserDefinedFields: none of the simulated entities has UDFs (Resources cannot have them).
func (s *Simulator) handleUserDefinedFields(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, map[string]any{"fields": []any{}})
	return nil
}

// Reads.

func (s *Simulator) handleGet(rc *reqCtx) error {
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	r := t.table(rc.entity.Name).rows[rc.id]
	if r == nil {
		return itemNotFound()
	}
	item, err := rc.entity.encode(r, nil)
	if err != nil {
		return err
	}
	writeJSON(rc.w, http.StatusOK, map[string]json.RawMessage{"item": item})
	return nil
}

// search returns the query JSON of a request: the search parameter for GET, the body for POST.
func (rc *reqCtx) search() []byte {
	if rc.r.Method == http.MethodGet {
		return []byte(queryParam(rc.r, "search"))
	}
	return rc.body
}

func (s *Simulator) handleQuery(rc *reqCtx) error {
	q, err := parseQuery(rc.entity, rc.search())
	if err != nil {
		return err
	}
	// The first page starts before every id; -1 is how the API spells that in paging tokens.
	return s.writePage(rc, q, pagingToken{PageSize: q.maxRecords, NextIDs: []int64{-1}})
}

func (s *Simulator) handleCount(rc *reqCtx) error {
	q, err := parseQuery(rc.entity, rc.search())
	if err != nil {
		return err
	}
	t := s.tenant
	t.mu.RLock()
	n := len(q.run(t.table(rc.entity.Name)))
	t.mu.RUnlock()
	writeJSON(rc.w, http.StatusOK, map[string]any{"queryCount": n})
	return nil
}

// handleNext serves a nextPageUrl or prevPageUrl. It needs the same query as the first page:
// the search parameter (carried in the URL) for GET, the same body for POST.
func (s *Simulator) handleNext(rc *reqCtx) error {
	raw := queryParam(rc.r, "paging")
	if raw == "" {
		return businessError("The paging parameter is missing. Follow the nextPageUrl or prevPageUrl of a previous page.")
	}
	var tok pagingToken
	if err := json.Unmarshal([]byte(raw), &tok); err != nil || len(tok.NextIDs) != 1 ||
		tok.PageSize < 1 || tok.PageSize > maxPageSize {
		return businessError("The paging parameter is not valid.")
	}
	q, err := parseQuery(rc.entity, rc.search())
	if err != nil {
		return err
	}
	return s.writePage(rc, q, tok)
}

// pagingToken is the value of the paging parameter in page URLs, in the shape a live zone uses:
// {"pageSize":500,"previousIds":[-1],"nextIds":[725]}. A page holds the records with
// id > nextIds[0]; previousIds is the stack of those boundaries for the pages before it, which
// is what prevPageUrl walks back through.
type pagingToken struct {
	PageSize    int     `json:"pageSize"`
	PreviousIDs []int64 `json:"previousIds"`
	NextIDs     []int64 `json:"nextIds"`
}

type pageDetails struct {
	Count        int     `json:"count"`
	RequestCount int     `json:"requestCount"`
	PrevPageURL  *string `json:"prevPageUrl"`
	NextPageURL  *string `json:"nextPageUrl"`
}

// writePage answers one page of a query: {"items":[...],"pageDetails":{...}}. Paging is by id
// (keyset), so records created between pages are not skipped or repeated.
func (s *Simulator) writePage(rc *reqCtx, q *query, tok pagingToken) error {
	after := tok.NextIDs[0]
	t := s.tenant
	t.mu.RLock()
	items, more := page(q.run(t.table(rc.entity.Name)), after, tok.PageSize)
	encoded := make([]json.RawMessage, 0, len(items))
	for _, r := range items {
		b, err := rc.entity.encode(r, q.include)
		if err != nil {
			t.mu.RUnlock()
			return err
		}
		encoded = append(encoded, b)
	}
	t.mu.RUnlock()

	details := pageDetails{Count: len(items), RequestCount: tok.PageSize}
	if more {
		next := pagingToken{
			PageSize:    tok.PageSize,
			PreviousIDs: append(append([]int64{}, tok.PreviousIDs...), after),
			NextIDs:     []int64{items[len(items)-1].id()},
		}
		u := s.pageURL(rc, next)
		details.NextPageURL = &u
	}
	if n := len(tok.PreviousIDs); n > 0 {
		prev := pagingToken{
			PageSize:    tok.PageSize,
			PreviousIDs: append([]int64{}, tok.PreviousIDs[:n-1]...),
			NextIDs:     []int64{tok.PreviousIDs[n-1]},
		}
		u := s.pageURL(rc, prev)
		details.PrevPageURL = &u
	}
	writeJSON(rc.w, http.StatusOK, struct {
		Items       []json.RawMessage `json:"items"`
		PageDetails pageDetails       `json:"pageDetails"`
	}{encoded, details})
	return nil
}

// pageURL builds an absolute page URL. A GET query's URL carries the original search, so it can
// be followed with a plain GET; a POST query's URL does not, and must be POSTed with the same body.
func (s *Simulator) pageURL(rc *reqCtx, tok pagingToken) string {
	b, _ := json.Marshal(tok) // a struct of ints cannot fail to marshal
	u := rc.root + "V1.0/" + rc.entity.Name + "/query/next?paging=" + url.QueryEscape(string(b))
	if rc.r.Method == http.MethodGet {
		u += "&search=" + url.QueryEscape(queryParam(rc.r, "search"))
	}
	return u
}

// Writes. Every successful write answers {"itemId":N} with HTTP 200, including updates.

// writeBody decodes a write body into case-folded keys.
func (rc *reqCtx) writeBody() (map[string]any, error) {
	if strings.TrimSpace(string(rc.body)) == "" {
		return nil, businessError("The request body is empty; send the %s entity as JSON.", rc.entity.InfoName)
	}
	raw, err := decodeJSON(rc.body)
	if err != nil {
		return nil, businessError("The request body is not valid JSON: %s.", err.Error())
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, businessError("The request body must be a JSON object.")
	}
	obj, err = foldKeys(obj)
	if err != nil {
		return nil, businessError("%s.", err.Error())
	}
	return obj, nil
}

func (s *Simulator) handleCreate(rc *reqCtx) error {
	body, err := rc.writeBody()
	if err != nil {
		return err
	}
	e, t := rc.entity, s.tenant
	t.mu.Lock()
	defer t.mu.Unlock()
	rec, err := e.buildRecord(t, nil, body, modeCreate)
	if err != nil {
		return err
	}
	if e.Validate != nil {
		if err := e.Validate(t, nil, rec); err != nil {
			return err
		}
	}
	tbl := t.table(e.Name)
	id := tbl.insert(rec)
	undo := func() {}
	if e.Commit != nil {
		undo = e.Commit(t, nil, rec)
	}
	if err := s.persist(); err != nil {
		undo()
		delete(tbl.rows, id)
		tbl.nextID--
		return err
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{"itemId": id})
	return nil
}

func (s *Simulator) handleUpdate(rc *reqCtx) error  { return s.update(rc, modeUpdate) }
func (s *Simulator) handleReplace(rc *reqCtx) error { return s.update(rc, modeReplace) }

// update serves PATCH (sparse) and PUT (full replace) on the collection URL; the id is in the body.
func (s *Simulator) update(rc *reqCtx, mode writeMode) error {
	body, err := rc.writeBody()
	if err != nil {
		return err
	}
	idField := rc.entity.field("id")
	rawID, present := body["id"]
	id, err := coerce(idField, rawID)
	if !present || rawID == nil || err != nil {
		return businessError("The id of the %s to update is missing from the request body.", rc.entity.InfoName)
	}
	e, t := rc.entity, s.tenant
	t.mu.Lock()
	defer t.mu.Unlock()
	tbl := t.table(e.Name)
	itemID, _ := id.(int64)
	old := tbl.rows[itemID]
	if old == nil {
		return businessError("No matching records found. The logged in Resource may not have the required permissions to update the data.")
	}
	rec, err := e.buildRecord(t, old, body, mode)
	if err != nil {
		return err
	}
	rec["id"] = itemID
	if e.Validate != nil {
		if err := e.Validate(t, old, rec); err != nil {
			return err
		}
	}
	tbl.rows[itemID] = rec
	undo := func() {}
	if e.Commit != nil {
		undo = e.Commit(t, old, rec)
	}
	if err := s.persist(); err != nil {
		undo()
		tbl.rows[itemID] = old
		return err
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{"itemId": itemID})
	return nil
}

// handleDelete removes a record; entities opt in with CanDelete. A missing record is a 500, as
// the API answers ("AT sends deleted_id or 500 in the case failure instead of 404").
func (s *Simulator) handleDelete(rc *reqCtx) error {
	e, t := rc.entity, s.tenant
	t.mu.Lock()
	defer t.mu.Unlock()
	tbl := t.table(e.Name)
	old := tbl.rows[rc.id]
	if old == nil {
		if e.DeleteMissing404 {
			return &apiError{status: http.StatusNotFound, errors: []string{fmt.Sprintf("No %s with id %d exists.", e.InfoName, rc.id)}}
		}
		return businessError("No matching records found. The logged in Resource may not have the required permissions to delete the data.")
	}
	if e.BeforeDelete != nil {
		if err := e.BeforeDelete(t, old); err != nil {
			return err
		}
	}
	delete(tbl.rows, rc.id)
	if err := s.persist(); err != nil {
		tbl.rows[rc.id] = old
		return err
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{"itemId": rc.id})
	return nil
}
