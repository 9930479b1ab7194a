package autotasksim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// The control API lives under /_sim/ and only exists with Options.Control. It is the simulator's
// own surface (not Autotask's), for tests and demos: it needs no auth, is never delayed, limited,
// counted or faulted, and answers snake_case JSON. Everything it does is also available in
// process as Simulator methods (Stats, ResetStats, Reset, SetFaults, ClearFaults, Faults,
// Vendors, CreateAPIUserAsUI).
//
//	GET    /_sim/             the zone: profile, URLs, entities, hourly request count
//	GET    /_sim/stats        request counters (Stats)
//	POST   /_sim/stats/reset  zero the counters; answers the zeroed counters
//	POST   /_sim/reset        restore the seeded tenant; answers {"reset":true}
//	GET    /_sim/faults       the fault rules still installed
//	POST   /_sim/faults       replace the fault rules with a JSON array of rules
//	DELETE /_sim/faults       remove every fault rule
//	GET    /_sim/vendors      the integration vendors: id, label, tracking_code
//	POST   /_sim/ui/api-users create an API user as a person does in the UI (CreateAPIUserAsUI)

func (s *Simulator) controlRoute(rest []string, notFound *apiError) (*match, error) {
	m := &match{op: "control", control: true, methods: map[string]handler{}}
	switch strings.Join(rest, "/") {
	case "":
		m.methods[http.MethodGet] = (*Simulator).handleControlInfo
	case "stats":
		m.methods[http.MethodGet] = (*Simulator).handleControlStats
	case "stats/reset":
		m.methods[http.MethodPost] = (*Simulator).handleControlResetStats
	case "reset":
		m.methods[http.MethodPost] = (*Simulator).handleControlReset
	case "faults":
		m.methods[http.MethodGet] = (*Simulator).handleControlFaults
		m.methods[http.MethodPost] = (*Simulator).handleControlSetFaults
		m.methods[http.MethodDelete] = (*Simulator).handleControlClearFaults
	case "vendors":
		m.methods[http.MethodGet] = (*Simulator).handleControlVendors
	case "ui/api-users":
		m.methods[http.MethodPost] = (*Simulator).handleControlUIAPIUser
	default:
		return nil, notFound
	}
	return m, nil
}

// handleControlInfo describes the zone: profile, REST root, entities and the hourly count.
func (s *Simulator) handleControlInfo(rc *reqCtx) error {
	names := make([]string, 0, len(s.entities))
	for _, e := range s.sortedEntities() {
		names = append(names, e.Name)
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{
		"profile":                 s.profile,
		"resource_fields_reading": s.ResourceFieldsReading(),
		"url":                     rc.root,
		"control_url":             strings.TrimSuffix(rc.root, "ATServicesRest/") + "_sim/",
		"entities":                names,
		"requestsThisHour":        s.counter.count(s.now()),
	})
	return nil
}

func (s *Simulator) handleControlStats(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, s.Stats())
	return nil
}

func (s *Simulator) handleControlResetStats(rc *reqCtx) error {
	s.ResetStats()
	writeJSON(rc.w, http.StatusOK, s.Stats())
	return nil
}

func (s *Simulator) handleControlReset(rc *reqCtx) error {
	if err := s.Reset(); err != nil {
		return err
	}
	writeJSON(rc.w, http.StatusOK, map[string]bool{"reset": true})
	return nil
}

func (s *Simulator) handleControlFaults(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, s.Faults())
	return nil
}

// handleControlSetFaults installs a JSON array of rules; unknown properties are refused so a
// misspelt rule cannot silently match everything. A bad list is 400 {"errors":[...]}.
func (s *Simulator) handleControlSetFaults(rc *reqCtx) error {
	bad := func(msg string) error {
		return &apiError{status: http.StatusBadRequest, errors: []string{msg}}
	}
	dec := json.NewDecoder(bytes.NewReader(rc.body))
	dec.DisallowUnknownFields()
	var rules []Fault
	if err := dec.Decode(&rules); err != nil {
		return bad("The body must be a JSON array of fault rules: " + err.Error())
	}
	if dec.More() {
		return bad("The body must be a single JSON array of fault rules.")
	}
	if err := s.SetFaults(rules); err != nil {
		return bad(err.Error())
	}
	writeJSON(rc.w, http.StatusOK, s.Faults())
	return nil
}

func (s *Simulator) handleControlClearFaults(rc *reqCtx) error {
	s.ClearFaults()
	writeJSON(rc.w, http.StatusOK, s.Faults())
	return nil
}

func (s *Simulator) handleControlVendors(rc *reqCtx) error {
	writeJSON(rc.w, http.StatusOK, s.Vendors())
	return nil
}
