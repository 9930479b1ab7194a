package autotasksim

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// SecurityLevels is an extended-profile entity: the published API has no security levels. Its
// contract is the guide templates/guides/extended-api.md ("SecurityLevels"); keep the two in step.

const entitySecurityLevels = "SecurityLevels"

// Permission keys the simulator itself acts on.
const (
	permCanLogin     = "web_services_api.can_login"
	permInternalCost = "other.can_view_internal_cost_data"
	permContractCost = "contracts.can_modify_contract_internal_costs"
)

const (
	// maxCustomAPILevels is Autotask's limit: "You can create up to 50 custom API security levels".
	maxCustomAPILevels = 50
	// firstCustomLevelID is the id the first custom security level gets; system levels are 1 to 15.
	firstCustomLevelID = 30400
	// levelAPIUser is "API User (system) (API-only)", the level seeded API users hold: like
	// employees, they hold the system level whose id is their userType.
	levelAPIUser = userTypeAPIUser
)

// systemLevel is one seeded system security level. Ids 1 to 11 are the userType picklist.
type systemLevel struct {
	id      int64
	name    string
	apiOnly bool
	matrix  func() permissionSet
}

// systemLevels are Autotask's system security levels. The simulator gives the administrative
// levels full access and the rest the catalogue defaults; only the two API-only levels' matrices
// matter to API clients, and those follow the catalogue exactly.
var systemLevels = []systemLevel{
	{1, "System Administrator", false, fullAccess},
	{2, "Full Access", false, fullAccess},
	{3, "Manager", false, fullAccess},
	{4, "Project Manager", false, defaultAccess},
	{5, "Service Desk User", false, defaultAccess},
	{6, "Team Member", false, defaultAccess},
	{7, "Contractor", false, defaultAccess},
	{8, "Time and Attendance", false, defaultAccess},
	{9, "Dashboard User", false, defaultAccess},
	{10, permissions.SystemAPILevel, true, fullAccess},
	{11, "API User (system) Can't Read Costs (API-only)", true, noCostAccess},
	{12, "Co-managed Help Desk", false, defaultAccess},
	{13, "Minimal Access", false, defaultAccess},
	{14, "Private CRM", false, defaultAccess},
	{15, "Sales", false, defaultAccess},
}

func fullAccess() permissionSet { return permissionSet(permissions.Default().FullAccess()) }

func defaultAccess() permissionSet { return permissionSet(permissions.Default().FillDefaults(nil)) }

func noCostAccess() permissionSet {
	p := fullAccess()
	p[permInternalCost] = "false"
	p[permContractCost] = "false"
	return p
}

// catalogKeys is the catalogue's key order, the order permissions are returned in.
var catalogKeys = sync.OnceValue(func() []string {
	settings := permissions.Default().Settings()
	keys := make([]string, len(settings))
	for i, st := range settings {
		keys[i] = st.Key
	}
	return keys
})

// full returns the whole matrix: every catalogue key, with the catalogue default where the set has
// no value (a state file written before a key existed). Keys the catalogue no longer knows drop.
func (p permissionSet) full() permissionSet {
	c := permissions.Default()
	out := make(permissionSet, len(catalogKeys()))
	for _, k := range catalogKeys() {
		if v, ok := p[k]; ok {
			out[k] = v
		} else if st, known := c.Lookup(k); known {
			out[k] = st.DefaultValue
		}
	}
	return out
}

// rows renders the matrix for the wire: every catalogue key, in catalogue order.
func (p permissionSet) rows() []permissionRow {
	full := p.full()
	out := make([]permissionRow, 0, len(full))
	for _, k := range catalogKeys() {
		out = append(out, permissionRow{Key: k, Value: full[k]})
	}
	return out
}

func (p permissionSet) value(key string) string { return p.full()[key] }

func securityLevelsEntity() *entity {
	return (&entity{
		Name:             entitySecurityLevels,
		InfoName:         "SecurityLevel",
		CanCreate:        true,
		CanDelete:        true,
		CanQuery:         true,
		CanUpdate:        true,
		FirstID:          firstCustomLevelID,
		DeleteMissing404: true,
		Fields: []*field{
			idField(),
			{Name: "name", Type: typeString, Length: 100, Required: true},
			{Name: "isActive", Type: typeBoolean, Required: true, Default: true},
			{Name: "isSystem", Type: typeBoolean, Required: true, ReadOnly: true, Default: false},
			{Name: "isApiOnly", Type: typeBoolean, Required: true, CreateOnly: true, Default: true},
			{Name: "copiedFromSecurityLevelID", Type: typeInteger, CreateOnly: true, Reference: entitySecurityLevels},
			{Name: "permissions", Type: typePermissionList, Required: true, NotQueryable: true, Write: writePermissions},
		},
		Validate:     validateSecurityLevel,
		BeforeDelete: beforeDeleteSecurityLevel,
	}).finalize()
}

// writePermissions applies a permissions array: POST and PUT start from the catalogue defaults
// (rows left out take their default), PATCH from the stored matrix (only the rows sent change).
// Unknown keys, alias keys and bad values are refused with the catalogue's own messages.
func writePermissions(_ *tenant, f *field, raw any, sent bool, old any, mode writeMode) (any, error) {
	base := defaultAccess()
	if stored, ok := old.(permissionSet); ok && mode == modeUpdate {
		base = stored.full()
	}
	if !sent || raw == nil {
		if mode == modeUpdate {
			return nil, businessError("The field permissions cannot be null; send the rows to change.")
		}
		return base, nil
	}
	v, err := coerce(f, raw)
	if err != nil {
		return nil, businessError("%s", err.Error())
	}
	rows, _ := v.(permissionSet)
	if problems := permissions.Default().Validate(rows); len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.Error()
		}
		return nil, &apiError{status: http.StatusInternalServerError, errors: msgs}
	}
	for k, val := range rows {
		base[k] = val
	}
	return base, nil
}

// levelHolders counts the resources that hold a security level.
func levelHolders(t *tenant, levelID int64) (active, inactive int) {
	for _, r := range t.table(entityResources).rows {
		if id, _ := r["securityLevelID"].(int64); id != levelID {
			continue
		}
		if isTrue(r["isActive"]) {
			active++
		} else {
			inactive++
		}
	}
	return active, inactive
}

// resourcesPhrase is "1 active resource" or "2 active resources".
func resourcesPhrase(n int, state string) string {
	if n == 1 {
		return "1 " + state + " resource"
	}
	return strconv.Itoa(n) + " " + state + " resources"
}

func holdVerb(n int) string {
	if n == 1 {
		return "holds"
	}
	return "hold"
}

func validateSecurityLevel(t *tenant, old, rec record) error {
	name := strings.TrimSpace(stringOf(rec["name"]))
	if old != nil && isTrue(old["isSystem"]) {
		if stringOf(old["name"]) == permissions.SystemAPILevel && !isTrue(rec["isActive"]) {
			return businessError("It is not possible to deactivate the API User system security level.")
		}
		return businessError("The security level '%s' is a system security level. System security levels cannot be edited or deleted; copy it into a custom level instead.", stringOf(old["name"]))
	}
	if old == nil && !isTrue(rec["isApiOnly"]) {
		return businessError("Only API-only security levels can be created through the API: isApiOnly must be true.")
	}
	levels := t.table(entitySecurityLevels)
	if levels.nameTaken(name, old) {
		return businessError("A security level with the name '%s' already exists (names are unique, inactive levels included).", name)
	}
	if old == nil {
		custom := 0
		for _, other := range levels.rows {
			if !isTrue(other["isSystem"]) {
				custom++
			}
		}
		if custom >= maxCustomAPILevels {
			return businessError("You can create up to %d custom API security levels; this zone already has %d. Delete one first.", maxCustomAPILevels, custom)
		}
	}
	if old != nil && isTrue(old["isActive"]) && !isTrue(rec["isActive"]) {
		if active, _ := levelHolders(t, old.id()); active > 0 {
			return businessError("The security level '%s' cannot be deactivated: %s %s it. Assign those resources another level or deactivate them first.",
				name, resourcesPhrase(active, "active"), holdVerb(active))
		}
	}
	if old != nil {
		before, _ := old["permissions"].(permissionSet)
		after, _ := rec["permissions"].(permissionSet)
		if before.value(permCanLogin) == "false" && after.value(permCanLogin) == "true" {
			return businessError("The permission %s (Can login to Web Services API) cannot be re-enabled: once a security level is saved with it cleared, it stays cleared. Send \"false\" for it or create a new security level.", permCanLogin)
		}
	}
	return nil
}

func beforeDeleteSecurityLevel(t *tenant, rec record) error {
	name := stringOf(rec["name"])
	if isTrue(rec["isSystem"]) {
		return businessError("The security level '%s' is a system security level. System security levels cannot be edited or deleted.", name)
	}
	active, inactive := levelHolders(t, rec.id())
	if active+inactive > 0 {
		return businessError("The security level '%s' cannot be deleted: %s and %s hold it. A security level can only be deleted when no resource holds it; deactivate it instead once no active resource holds it.",
			name, resourcesPhrase(active, "active"), resourcesPhrase(inactive, "inactive"))
	}
	return nil
}

// seedSecurityLevels adds the system levels under their fixed ids; the public profile has none.
func seedSecurityLevels(s *seeder) {
	e := s.byName[entitySecurityLevels]
	if e == nil {
		return
	}
	tbl := s.t.table(e.Name)
	for _, lvl := range systemLevels {
		tbl.nextID = lvl.id
		s.add(e.Name, map[string]any{
			"name": lvl.name, "isActive": true, "isSystem": true, "isApiOnly": lvl.apiOnly, "permissions": lvl.matrix(),
		})
	}
	tbl.nextID = e.FirstID
}
