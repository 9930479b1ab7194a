package autotasksim

import (
	"crypto/sha256"
	"fmt"
	"math/big"
	"net/http"
	"net/mail"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// The extended profile: the SecurityLevels entity and the API-user side of Resources, which the
// published API does not have. The contract is documented field by field in README.md
// ("Extended profile"); keep the two in step.

const entitySecurityLevels = "SecurityLevels"

// Picklists the extended Resources fields use.
const (
	plAPIVendors     = "apiVendors"
	plProtectedData  = "protectedDataPermissions"
	protectedNone    = "none"
	permCanLogin     = "web_services_api.can_login"
	permInternalCost = "other.can_view_internal_cost_data"
	permContractCost = "contracts.can_modify_contract_internal_costs"
)

const (
	// maxCustomAPILevels is Autotask's limit: "You can create up to 50 custom API security levels".
	maxCustomAPILevels = 50
	// firstCustomLevelID is the id the first custom security level gets; system levels are 1 to 15.
	firstCustomLevelID = 30400
	// trackingIdentifierLength is the length of a generated API tracking identifier.
	trackingIdentifierLength = 27
	// userNameForbidden are the characters Autotask refuses in an API user's username.
	userNameForbidden = `@();:[]|\"`
)

// systemLevel is one seeded system security level. Ids 1 to 11 match the userType picklist.
type systemLevel struct {
	id      int64
	name    string
	apiOnly bool
	matrix  func() permissionSet
}

// The system security levels of security-levels-and-vendors.md §1.4. The simulator gives the
// administrative levels full access and the rest the catalogue defaults; only the two API-only
// levels' matrices matter to API clients, and those follow the catalogue exactly.
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

// levelAPIUser is the id of "API User (system) (API-only)", the level seeded API users hold.
// Employees hold the system level whose id is their userType.
const levelAPIUser = 10

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

// securityLevelsEntity is the extended SecurityLevels entity (design §2.1).
func securityLevelsEntity() *entity {
	e := &entity{
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
			{Name: "permissions", Type: typePermissionList, Required: true, NotQueryable: true, write: writePermissions},
		},
	}
	e.validate = validateSecurityLevel
	e.beforeDelete = beforeDeleteSecurityLevel
	return e.finalize()
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

func isTrue(v any) bool {
	b, _ := v.(bool)
	return b
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// levelHolders counts the resources that hold a security level.
func levelHolders(t *tenant, levelID int64) (active, inactive int) {
	for _, r := range t.tables[strings.ToLower(entityResources)].rows {
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
	levels := t.tables[strings.ToLower(entitySecurityLevels)]
	for _, other := range levels.rows {
		if old != nil && other.id() == old.id() {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(stringOf(other["name"])), name) {
			return businessError("A security level with the name '%s' already exists (names are unique, inactive levels included).", name)
		}
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

func holdVerb(n int) string {
	if n == 1 {
		return "holds"
	}
	return "hold"
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

// extendedResourceFields are the Resources fields only the extended profile has (design §2.2).
func extendedResourceFields() []*field {
	return []*field{
		{Name: "apiTrackingIdentifier", Type: typeString, Length: trackingIdentifierLength, ReadOnly: true, NotQueryable: true},
		{Name: "apiVendorID", Type: typeInteger, CreateOnly: true, Picklist: plAPIVendors},
		{Name: "canViewItemsWithNoLineOfBusiness", Type: typeBoolean, Required: true, Default: true},
		{Name: "internalIntegrationName", Type: typeString, Length: 100, CreateOnly: true},
		{Name: "isLocked", Type: typeBoolean, Required: true, Default: false},
		{Name: "lineOfBusinessIDs", Type: typeIntegerList, NotQueryable: true, Reference: entityOrganizationalLevelAssociations, write: writeLinesOfBusiness},
		{Name: "protectedDataPermission", Type: typeString, Length: 10, Required: true, Picklist: plProtectedData, Default: protectedNone},
		{Name: "secret", Type: typeString, Length: 128, WriteOnly: true, NotQueryable: true},
		{Name: "securityLevelID", Type: typeInteger, Required: true, Reference: entitySecurityLevels},
	}
}

// extendedOnlyResourceField reports whether a Resources field exists only in the extended
// profile, so the seed can give it values that the public profile skips.
func extendedOnlyResourceField(name string) bool {
	for _, f := range extendedResourceFields() {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// extendResources turns the published Resources descriptor into the extended one: POST for API
// users, the extended fields, and userName and licenseType settable on create.
func extendResources(e *entity) *entity {
	e.CanCreate = true
	for _, f := range e.Fields {
		switch f.Name {
		case "userName", "licenseType":
			f.ReadOnly, f.CreateOnly = false, true
		case "userType":
			f.Default = int64(userTypeAPIUser)
		case "resourceType":
			f.Default = "Employee"
		case "locationID":
			f.DefaultFunc = defaultLocation
		}
	}
	e.Fields = append(e.Fields, extendedResourceFields()...)
	e.validate = validateExtendedResource
	e.commit = commitResource
	return e.finalize()
}

// defaultLocation is the id of the internal location marked isDefault.
func defaultLocation(t *tenant) any {
	tbl := t.tables[strings.ToLower(entityInternalLocations)]
	for _, id := range tbl.sortedIDs() {
		if isTrue(tbl.rows[id]["isDefault"]) {
			return id
		}
	}
	return nil
}

// writeLinesOfBusiness stores a sorted, de-duplicated list of existing
// OrganizationalLevelAssociations ids; left out on POST or PUT, or null, it is the empty list.
func writeLinesOfBusiness(t *tenant, f *field, raw any, sent bool, _ any, _ writeMode) (any, error) {
	if !sent || raw == nil {
		return []int64{}, nil
	}
	v, err := coerce(f, raw)
	if err != nil {
		return nil, businessError("%s", err.Error())
	}
	ids, _ := v.([]int64)
	assoc := t.tables[strings.ToLower(entityOrganizationalLevelAssociations)]
	for _, id := range ids {
		if assoc.rows[id] == nil {
			return nil, businessError("Value does not reference an existing entity for lineOfBusinessIDs . The id %d is not an OrganizationalLevelAssociation.", id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// validateExtendedResource enforces the API-user rules of design §2.2 on top of the published
// entity's checks.
func validateExtendedResource(t *tenant, old, rec record) error {
	if email := stringOf(rec["email"]); email != "" {
		if _, err := mail.ParseAddress(email); err != nil {
			return businessError("The value for field email is not a valid e-mail address.")
		}
	}
	license, _ := rec["licenseType"].(int64)
	isAPI := license == licenseAPIUser
	if old == nil && !isAPI {
		return businessError("Only API users can be created through the API: set licenseType to the value whose label is \"API User\" in Resources/entityInformation/fields.")
	}
	if old == nil {
		userName := stringOf(rec["userName"])
		if err := checkUserName(userName); err != nil {
			return err
		}
		if t.resourceByUserName(userName) != nil {
			return businessError("The username '%s' is already in use. Usernames must be unique, inactive resources included.", userName)
		}
	}
	secret, secretSent := rec["secret"]
	switch {
	case old == nil && (!secretSent || isBlank(secret)):
		return businessError("Missing required field: secret.")
	case secretSent && !isAPI:
		return businessError("Only API users have a secret.")
	case secretSent && secret == nil:
		return businessError("The secret cannot be removed; send a new secret to replace it.")
	case secretSent:
		if err := checkSecret(stringOf(secret)); err != nil {
			return err
		}
	}
	wasLocked := old != nil && isTrue(old["isLocked"])
	if isTrue(rec["isLocked"]) && !wasLocked {
		return businessError("The field isLocked can only be cleared: Autotask locks a user after repeated failed logins, never through the API.")
	}
	if level, _ := rec["securityLevelID"].(int64); old == nil || !sameValue(old["securityLevelID"], rec["securityLevelID"]) {
		lvl := t.tables[strings.ToLower(entitySecurityLevels)].rows[level]
		switch {
		case lvl == nil:
			return businessError("Value does not reference an existing entity for securityLevelID . ")
		case !isTrue(lvl["isActive"]):
			return businessError("The security level %d ('%s') is inactive; only active security levels can be assigned.", level, stringOf(lvl["name"]))
		case isAPI && !isTrue(lvl["isApiOnly"]):
			return businessError("The security level %d ('%s') is not an API-only security level; API users need an active API-only level.", level, stringOf(lvl["name"]))
		case !isAPI && isTrue(lvl["isApiOnly"]):
			return businessError("The security level %d ('%s') is API-only; only API users can hold it.", level, stringOf(lvl["name"]))
		}
	}
	if old == nil {
		vendor := rec["apiVendorID"] != nil
		internal := !isBlank(rec["internalIntegrationName"])
		if vendor == internal {
			return businessError("An API user needs exactly one API tracking identifier source: apiVendorID (an Integration Vendor from the apiVendorID picklist) or internalIntegrationName (a Custom (Internal Integration), for which the zone generates apiTrackingIdentifier).")
		}
	}
	return nil
}

// checkUserName applies the UI's username rules: letters and numbers required, none of
// @ ( ) ; : [ ] | \ " and no white space.
func checkUserName(userName string) error {
	var letter, digit bool
	for _, r := range userName {
		switch {
		case strings.ContainsRune(userNameForbidden, r):
			return businessError("The username '%s' contains '%c'. Usernames may not contain any of @ ( ) ; : [ ] | \\ \".", userName, r)
		case unicode.IsSpace(r):
			return businessError("The username '%s' contains white space.", userName)
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if !letter || !digit {
		return businessError("The username '%s' must contain both letters and numbers.", userName)
	}
	return nil
}

// checkSecret applies the zone's password policy (Autotask's strong-password rule): at least 7
// characters, characters from at least two of upper case, lower case and digits, and a special
// character in positions 2 to 6.
func checkSecret(secret string) error {
	runes := []rune(secret)
	var problems []string
	if len(runes) < 7 {
		problems = append(problems, "it must be at least 7 characters long")
	}
	var upper, lower, digit bool
	for _, r := range runes {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	groups := 0
	for _, b := range []bool{upper, lower, digit} {
		if b {
			groups++
		}
	}
	if groups < 2 {
		problems = append(problems, "it must contain characters from at least two of upper case letters, lower case letters and digits")
	}
	special := false
	for i := 1; i < len(runes) && i < 6; i++ {
		r := runes[i]
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) {
			special = true
		}
	}
	if !special {
		problems = append(problems, "it must have a special character in positions 2 to 6")
	}
	if len(problems) > 0 {
		return businessError("The secret does not meet the password requirements: %s.", strings.Join(problems, "; "))
	}
	return nil
}

// commitResource generates the tracking identifier of a new custom internal integration and
// moves the write-only secret out of the record into the tenant's credentials, where login finds
// it. A replaced secret stops working at once.
func commitResource(t *tenant, old, rec record) func() {
	if old == nil && !isBlank(rec["internalIntegrationName"]) && rec["apiTrackingIdentifier"] == nil {
		rec["apiTrackingIdentifier"] = newIntegrationCode()
	}
	raw, sent := rec["secret"]
	delete(rec, "secret")
	secret, _ := raw.(string)
	if !sent || secret == "" {
		return func() {}
	}
	if c := t.credentialFor(rec.id()); c != nil {
		prev := *c
		c.Secret = secret
		return func() { *c = prev }
	}
	t.creds = append(t.creds, &credential{ResourceID: rec.id(), Secret: secret, IntegrationCode: trackingCodeOf(t, rec)})
	n := len(t.creds)
	return func() { t.creds = t.creds[:n-1] }
}

// trackingCodeOf is the tracking identifier an API user logs in with: its generated identifier,
// or its integration vendor's tracking code.
func trackingCodeOf(t *tenant, rec record) string {
	if id := stringOf(rec["apiTrackingIdentifier"]); id != "" {
		return id
	}
	if v, ok := rec["apiVendorID"].(int64); ok {
		for _, pv := range t.picklists[plAPIVendors] {
			if pv.Value == strconv.FormatInt(v, 10) {
				return vendorTrackingCode(pv.Label)
			}
		}
	}
	return ""
}

// Integration vendors.

// extraVendorNames are Integration Vendor names in security-levels-and-vendors.md §3.0 that no
// template uses: older names and vendors without a template.
var extraVendorNames = []string{"IT Glue - Documentation Management", "MSPCFO"}

// vendorNames lists every Integration Vendor the zone offers: each template's vendor plus the
// extra names, sorted case-insensitively.
func vendorNames() []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			names = append(names, n)
		}
	}
	for _, tpl := range permissions.Templates() {
		add(tpl.IntegrationVendor)
	}
	for _, n := range extraVendorNames {
		add(n)
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	return names
}

// vendorPicklist is the apiVendorID picklist: ids 1..n in label order.
func vendorPicklist() []PicklistValue {
	names := vendorNames()
	out := make([]PicklistValue, len(names))
	for i, n := range names {
		out[i] = PicklistValue{Value: strconv.Itoa(i + 1), Label: n, SortOrder: i, IsActive: true, IsSystem: true}
	}
	return out
}

// vendorTrackingCode is a vendor's tracking identifier: 27 upper-case letters and digits derived
// from its name, so it is the same in every zone and across restarts.
func vendorTrackingCode(label string) string {
	sum := sha256.Sum256([]byte("autotask-sim integration vendor\x00" + label))
	s := strings.ToUpper(new(big.Int).SetBytes(sum[:]).Text(36))
	for len(s) < trackingIdentifierLength {
		s = "0" + s
	}
	return s[:trackingIdentifierLength]
}

// Vendor is one entry of the apiVendorID picklist with the tracking code its users log in with.
type Vendor struct {
	ID           int64  `json:"id"`
	Label        string `json:"label"`
	TrackingCode string `json:"tracking_code"`
}

// Vendors lists the zone's integration vendors in picklist order.
func (s *Simulator) Vendors() []Vendor {
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := []Vendor{}
	for _, pv := range t.picklists[plAPIVendors] {
		id, err := strconv.ParseInt(pv.Value, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, Vendor{ID: id, Label: pv.Label, TrackingCode: vendorTrackingCode(pv.Label)})
	}
	return out
}

// vendorID finds a vendor's picklist id by label (case-insensitive); 0 when unknown.
func vendorID(values []PicklistValue, label string) int64 {
	for _, pv := range values {
		if strings.EqualFold(pv.Label, label) {
			id, _ := strconv.ParseInt(pv.Value, 10, 64)
			return id
		}
	}
	return 0
}

// loginRefusal says why a resource's security level refuses Web Services API login, or is empty
// when it allows it (always, on the public profile, which has no levels).
func loginRefusal(t *tenant, res record) string {
	levels := t.tables[strings.ToLower(entitySecurityLevels)]
	if levels == nil {
		return ""
	}
	id, _ := res["securityLevelID"].(int64)
	lvl := levels.rows[id]
	if lvl == nil {
		return ""
	}
	if p, _ := lvl["permissions"].(permissionSet); p.value(permCanLogin) == "false" {
		return fmt.Sprintf("Unable to authenticate: the security level '%s' of this API user does not allow login to the Web Services API (%s is cleared).", stringOf(lvl["name"]), permCanLogin)
	}
	return ""
}
