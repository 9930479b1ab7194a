package autotasksim

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// handler serves one verb of one route.
type handler func(s *Simulator, rc *reqCtx) error

// match is a resolved route: which operation, on which entity, and which verbs it answers.
type match struct {
	op      string
	entity  *entity
	id      int64
	auth    bool // needs the auth headers
	control bool // the control API (no latency, no auth)
	methods map[string]handler
}

func (m *match) allowed() []string {
	out := make([]string, 0, len(m.methods))
	for verb := range m.methods {
		out = append(out, verb)
	}
	sort.Strings(out)
	return out
}

// route resolves a request path. Matching is case-insensitive (clients use both
// "ATServicesRest/V1.0" and "atservicesrest/v1.0", and "entityinformation" in lower case), and
// empty segments are ignored so a root joined with a leading slash ("…/ATServicesRest//v1.0/…")
// still resolves. A path that matches no route is 404; a route without the request's verb is
// 405 (decided by the caller from methods).
func (s *Simulator) route(r *http.Request) (*match, error) {
	notFound := routeNotFound(requestURL(r))
	var segs []string
	for _, p := range strings.Split(r.URL.Path, "/") {
		if p != "" {
			segs = append(segs, strings.ToLower(p))
		}
	}
	if len(segs) > 0 && segs[0] == "_sim" {
		if !s.opts.Control {
			return nil, notFound
		}
		return s.controlRoute(segs[1:], notFound)
	}
	if len(segs) < 2 || segs[0] != "atservicesrest" {
		return nil, notFound
	}
	if len(segs) == 2 && segs[1] == "versioninformation" {
		return get("versionInformation", false, (*Simulator).handleVersionInformation), nil
	}
	if segs[1] != "v1.0" || len(segs) < 3 {
		return nil, notFound
	}
	rest := segs[2:]
	if len(rest) == 1 {
		switch rest[0] {
		case "zoneinformation":
			return get("zoneInformation", false, (*Simulator).handleZoneInformation), nil
		case "version":
			return get("version", true, (*Simulator).handleVersion), nil
		case "thresholdinformation":
			return get("thresholdInformation", true, (*Simulator).handleThreshold), nil
		case "entityinformation":
			return get("entityInformation", true, (*Simulator).handleGlobalEntityInformation), nil
		case "modules":
			return get("modules", true, (*Simulator).handleModules), nil
		}
	}
	e := s.byName[rest[0]]
	if e == nil {
		return nil, notFound
	}
	m := &match{entity: e, auth: true, methods: map[string]handler{}}
	_, hasSearch := lookupParam(r, "search")
	switch strings.Join(rest[1:], "/") {
	case "":
		// The collection URL takes POST (create) and PATCH/PUT with the id in the body.
		m.op = "write"
		if e.CanCreate {
			m.methods[http.MethodPost] = (*Simulator).handleCreate
		}
		if e.CanUpdate {
			m.methods[http.MethodPatch] = (*Simulator).handleUpdate
			m.methods[http.MethodPut] = (*Simulator).handleReplace
		}
	case "query", "query/count", "query/next":
		m.op = map[string]string{"query": "query", "query/count": "count", "query/next": "next"}[strings.Join(rest[1:], "/")]
		if e.CanQuery {
			h := map[string]handler{"query": (*Simulator).handleQuery, "count": (*Simulator).handleCount, "next": (*Simulator).handleNext}[m.op]
			m.methods[http.MethodPost] = h
			// The GET actions bind ?search=; without it ASP.NET finds no GET action and answers
			// 405, which is what a GET on a POST query's nextPageUrl gets on a real zone.
			if hasSearch {
				m.methods[http.MethodGet] = h
			}
		}
	case "entityinformation":
		m.op = "entityInformation"
		m.methods[http.MethodGet] = (*Simulator).handleEntityInformation
	case "entityinformation/fields":
		m.op = "fields"
		m.methods[http.MethodGet] = (*Simulator).handleFields
	case "entityinformation/userdefinedfields":
		m.op = "userDefinedFields"
		m.methods[http.MethodGet] = (*Simulator).handleUserDefinedFields
	default:
		if len(rest) != 2 {
			return nil, notFound
		}
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return nil, notFound
		}
		m.op, m.id = "item", id
		if e.CanQuery {
			m.methods[http.MethodGet] = (*Simulator).handleGet
		}
		if e.CanDelete {
			m.methods[http.MethodDelete] = (*Simulator).handleDelete
		}
	}
	if len(m.methods) == 0 {
		return nil, notFound
	}
	return m, nil
}

// opFor names the operation a verb performs on this route, for logs and statistics.
func (m *match) opFor(method string) string {
	switch {
	case m.op == "write" && method == http.MethodPost:
		return "create"
	case m.op == "write" && method == http.MethodPatch:
		return "update"
	case m.op == "write" && method == http.MethodPut:
		return "replace"
	case m.op == "item" && method == http.MethodDelete:
		return "delete"
	case m.op == "item":
		return "get"
	}
	return m.op
}

// stat names the request in statistics, thread limiting and fault rules: the entity's route
// name and get, query (pages included), count, create, update, replace, delete or info; global
// routes under their own names (ZoneInformation zone, ThresholdInformation threshold, Version
// and VersionInformation version, EntityInformation info, Modules modules).
func (m *match) stat(method string) (entity, op string) {
	if m.entity == nil {
		switch m.op {
		case "zoneInformation":
			return statZoneInformation, "zone"
		case "thresholdInformation":
			return statThreshold, "threshold"
		case "version":
			return statVersion, "version"
		case "versionInformation":
			return statVersionInformation, "version"
		case "entityInformation":
			return statEntityInformation, "info"
		case "modules":
			return statModules, "modules"
		}
		return m.op, m.op
	}
	switch op := m.opFor(method); op {
	case "next":
		return m.entity.Name, "query"
	case "entityInformation", "fields", "userDefinedFields":
		return m.entity.Name, "info"
	default:
		return m.entity.Name, op
	}
}

func get(op string, auth bool, h handler) *match {
	return &match{op: op, auth: auth, methods: map[string]handler{http.MethodGet: h}}
}

// queryParam reads a query-string parameter by case-insensitive name, as ASP.NET binds them.
func queryParam(r *http.Request, name string) string {
	v, _ := lookupParam(r, name)
	return v
}

// lookupParam is queryParam that also reports whether the parameter is present at all.
func lookupParam(r *http.Request, name string) (string, bool) {
	for k, vs := range r.URL.Query() {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0], true
		}
	}
	return "", false
}

// requestURL is the absolute URL of the request, for the 404 message.
func requestURL(r *http.Request) string {
	u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	return u.String()
}
