package autotasksim

import (
	"net/http"
	"strings"
)

// The control API lives under /_sim/ and only exists with Options.Control. It is the simulator's
// own surface (not Autotask's), for tests and demos: it needs no auth and is never delayed.
// Part 1 serves a description of the zone; statistics, resets and fault injection build on it.

func (s *Simulator) controlRoute(rest []string, notFound *apiError) (*match, error) {
	if len(rest) == 0 {
		m := get("control", false, (*Simulator).handleControlInfo)
		m.control = true
		return m, nil
	}
	return nil, notFound
}

// handleControlInfo describes the zone: profile, REST root, entities and the hourly count.
func (s *Simulator) handleControlInfo(rc *reqCtx) error {
	names := make([]string, 0, len(s.entities))
	for _, e := range s.sortedEntities() {
		names = append(names, e.Name)
	}
	writeJSON(rc.w, http.StatusOK, map[string]any{
		"profile":          s.profile,
		"url":              rc.root,
		"control_url":      strings.TrimSuffix(rc.root, "ATServicesRest/") + "_sim/",
		"entities":         names,
		"requestsThisHour": s.counter.count(s.now()),
	})
	return nil
}
