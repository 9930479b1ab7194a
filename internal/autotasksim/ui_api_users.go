package autotasksim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// API users made in the Autotask UI. The published API cannot create API users: a person does,
// in Admin > Resources (Users) > New API User. CreateAPIUserAsUI (and POST /_sim/ui/api-users)
// plays that person, on both profiles, and leaves the tenant holding the user exactly as it holds
// API users made in the UI: the API User license type, active, on the chosen API-only security
// level, with the integration vendor's tracking identifier or a generated one, and a generated
// secret that meets the password policy.

// tenantDomain is the simulated database's primary domain: every seeded resource's email
// address is at it. The UI's Generate Key makes email-shaped usernames at this domain.
const tenantDomain = "example.com"

const (
	// uiKeyLength is the length of a key the UI's Generate Key makes.
	uiKeyLength = 15
	// internalIntegrationNameLength is the longest Custom (Internal Integration) name (the
	// extended profile's Resources internalIntegrationName).
	internalIntegrationNameLength = 100
)

// UIAPIUser is what a person enters in the UI's New API User form. Exactly one of
// IntegrationVendor and InternalIntegrationName is set.
type UIAPIUser struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
	// SecurityLevel is the name of an active API-only security level (the UI offers no other).
	// On the public profile the zone's levels are the system ones (its API cannot create
	// others): "API User (system) (API-only)" and "API User (system) Can't Read Costs (API-only)".
	SecurityLevel string `json:"security_level"`
	// IntegrationVendor is a label of the Integration Vendor picklist (Resources apiVendorID;
	// Vendors lists them), matched case-insensitively.
	IntegrationVendor string `json:"integration_vendor,omitempty"`
	// InternalIntegrationName names a Custom (Internal Integration); the zone generates its
	// tracking identifier.
	InternalIntegrationName string `json:"internal_integration_name,omitempty"`
	// UserName is optional. Empty: the zone generates a key and stores key@<tenant domain>, as
	// the UI's Generate Key does. A bare key (no @) is stored as key@<tenant domain>; an
	// email-shaped one as given.
	UserName string `json:"user_name,omitempty"`
}

// UIAPIUserCreated is what the UI shows once the API user is saved: its Resources id, the
// username as stored, the secret (shown once) and the API tracking identifier it signs in with.
type UIAPIUserCreated struct {
	ID                 int64  `json:"id"`
	UserName           string `json:"user_name"`
	Secret             string `json:"secret"`
	TrackingIdentifier string `json:"tracking_identifier"`
}

// uiError is input the UI form refuses; the control API answers it with 400.
type uiError struct{ msg string }

func (e *uiError) Error() string { return e.msg }

func uiRefuse(format string, args ...any) error {
	return &uiError{msg: fmt.Sprintf(format, args...)}
}

// CreateAPIUserAsUI creates an API user as a person does in the Autotask UI, on either profile,
// and persists the tenant. The user can sign in at once with UserName, Secret and
// TrackingIdentifier. An error says why the form refuses the input (the control API answers it
// with 400), or that the state file could not be written.
func (s *Simulator) CreateAPIUserAsUI(in UIAPIUser) (UIAPIUserCreated, error) {
	e := s.byName[strings.ToLower(entityResources)]
	t := s.tenant
	t.mu.Lock()
	defer t.mu.Unlock()

	first, last, email := strings.TrimSpace(in.FirstName), strings.TrimSpace(in.LastName), strings.TrimSpace(in.Email)
	for _, c := range []struct{ name, value, field string }{
		{"first_name", first, "firstName"}, {"last_name", last, "lastName"}, {"email", email, "email"},
	} {
		if c.value == "" {
			return UIAPIUserCreated{}, uiRefuse("%s is required.", c.name)
		}
		if n := e.field(c.field).Length; len([]rune(c.value)) > n {
			return UIAPIUserCreated{}, uiRefuse("%s is longer than %d characters.", c.name, n)
		}
	}
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
		return UIAPIUserCreated{}, uiRefuse("email %q is not a valid e-mail address.", email)
	}

	level, err := uiSecurityLevel(t, in.SecurityLevel)
	if err != nil {
		return UIAPIUserCreated{}, err
	}

	vendor, internal := strings.TrimSpace(in.IntegrationVendor), strings.TrimSpace(in.InternalIntegrationName)
	if (vendor == "") == (internal == "") {
		return UIAPIUserCreated{}, uiRefuse("Give exactly one API tracking identifier source: integration_vendor (a label of the Integration Vendor picklist, see GET /_sim/vendors) or internal_integration_name (a Custom (Internal Integration)).")
	}
	var vendorValue int64
	var tracking string
	if vendor != "" {
		for _, pv := range t.picklists[plAPIVendors] {
			if pv.IsActive && strings.EqualFold(pv.Label, vendor) {
				vendorValue, _ = strconv.ParseInt(pv.Value, 10, 64)
				tracking = vendorTrackingCode(pv.Label)
				break
			}
		}
		if tracking == "" {
			return UIAPIUserCreated{}, uiRefuse("integration_vendor %q is not in the Integration Vendor picklist (GET /_sim/vendors lists it).", vendor)
		}
	} else {
		if len([]rune(internal)) > internalIntegrationNameLength {
			return UIAPIUserCreated{}, uiRefuse("internal_integration_name is longer than %d characters.", internalIntegrationNameLength)
		}
		tracking = newIntegrationCode()
	}

	userName, err := uiUserName(t, e, in.UserName)
	if err != nil {
		return UIAPIUserCreated{}, err
	}

	values := map[string]any{
		"firstName": first, "lastName": last, "email": email, "userName": userName,
		"isActive": true, "licenseType": apiUserLicense(t), "userType": uiUserType(t, level.id),
		"resourceType": "Employee", "hireDate": s.now().UTC().Truncate(24 * time.Hour),
		"internalCost": 0.0,
		// Extended fields (the public profile's Resources do not have them).
		"securityLevelID": level.id, "isLocked": false, "lineOfBusinessIDs": []int64{},
		"canViewItemsWithNoLineOfBusiness": true, "protectedDataPermission": protectedNone,
	}
	if vendor != "" {
		values["apiVendorID"] = vendorValue
	} else {
		values["internalIntegrationName"] = internal
		values["apiTrackingIdentifier"] = tracking
	}
	rec := record{}
	for _, f := range e.Fields { // the defaults a new resource gets
		switch {
		case f.Default != nil:
			rec[f.Name] = f.Default
		case f.DefaultFunc != nil:
			if v := f.DefaultFunc(t); v != nil {
				rec[f.Name] = v
			}
		}
	}
	if _, set := rec["locationID"]; !set {
		if v := defaultLocation(t); v != nil {
			rec["locationID"] = v
		}
	}
	for k, v := range values {
		f := e.field(k)
		if f == nil {
			continue // an extended field on the public profile
		}
		cv, err := coerce(f, v)
		if err != nil {
			return UIAPIUserCreated{}, fmt.Errorf("autotasksim: UI API user %s: %w", k, err)
		}
		rec[f.Name] = cv
	}

	tbl := t.table(entityResources)
	id := tbl.insert(rec)
	secret := newSecret()
	t.creds = append(t.creds, &credential{ResourceID: id, Secret: secret, IntegrationCode: tracking})
	if err := s.persist(); err != nil {
		t.creds = t.creds[:len(t.creds)-1]
		delete(tbl.rows, id)
		tbl.nextID--
		return UIAPIUserCreated{}, err
	}
	return UIAPIUserCreated{ID: id, UserName: userName, Secret: secret, TrackingIdentifier: tracking}, nil
}

// uiLevel is a security level the UI can assign.
type uiLevel struct {
	id   int64
	name string
}

// uiSecurityLevel resolves a level by name (trimmed, case-insensitive, as names are unique) and
// checks that the UI would offer it for an API user: it exists, is active and is API-only. The
// extended profile reads the SecurityLevels table; the public profile, whose API cannot create
// levels, has the system levels.
func uiSecurityLevel(t *tenant, name string) (uiLevel, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return uiLevel{}, uiRefuse("security_level is required: the name of an active API-only security level.")
	}
	var (
		found            *uiLevel
		active, apiOnly  bool
		apiOnlyAvailable []string
	)
	if levels := t.table(entitySecurityLevels); levels != nil {
		for _, id := range levels.sortedIDs() {
			r := levels.rows[id]
			n := stringOf(r["name"])
			if isTrue(r["isActive"]) && isTrue(r["isApiOnly"]) {
				apiOnlyAvailable = append(apiOnlyAvailable, n)
			}
			if found == nil && strings.EqualFold(strings.TrimSpace(n), name) {
				found = &uiLevel{id: id, name: n}
				active, apiOnly = isTrue(r["isActive"]), isTrue(r["isApiOnly"])
			}
		}
	} else {
		for _, lvl := range systemLevels {
			if lvl.apiOnly {
				apiOnlyAvailable = append(apiOnlyAvailable, lvl.name)
			}
			if found == nil && strings.EqualFold(lvl.name, name) {
				found = &uiLevel{id: lvl.id, name: lvl.name}
				active, apiOnly = true, lvl.apiOnly
			}
		}
	}
	list := `"` + strings.Join(apiOnlyAvailable, `", "`) + `"`
	switch {
	case found == nil:
		return uiLevel{}, uiRefuse("security_level %q does not exist in this zone. Active API-only levels: %s.", name, list)
	case !active:
		return uiLevel{}, uiRefuse("security_level %q is inactive; the UI offers only active API-only levels: %s.", found.name, list)
	case !apiOnly:
		return uiLevel{}, uiRefuse("security_level %q is not an API-only level; an API user needs one of: %s.", found.name, list)
	}
	return *found, nil
}

// uiUserType is the userType a resource on a level gets: the level's id where the userType
// picklist lists it (the system levels), otherwise the API User system level's.
func uiUserType(t *tenant, levelID int64) int64 {
	for _, pv := range t.picklists[plUserTypes] {
		if pv.Value == strconv.FormatInt(levelID, 10) {
			return levelID
		}
	}
	return userTypeAPIUser
}

// apiUserLicense is the value of the license type labelled "API User".
func apiUserLicense(t *tenant) int64 {
	for _, pv := range t.picklists[plLicenseTypes] {
		if strings.EqualFold(pv.Label, "API User") {
			if v, err := strconv.ParseInt(pv.Value, 10, 64); err == nil {
				return v
			}
		}
	}
	return licenseAPIUser
}

// uiUserName turns the form's username into the stored one: generated (key@domain) when empty,
// key@domain for a bare key, as given when email-shaped. The key follows the UI's username
// rules; the whole must fit userName and be free, case-insensitively, where a bare username and
// key@domain with the same key count as the same name.
func uiUserName(t *tenant, e *entity, given string) (string, error) {
	given = strings.TrimSpace(given)
	var userName string
	switch {
	case given == "":
		for {
			userName = uiKey() + "@" + tenantDomain
			if userNameTaken(t, userName) == "" {
				break
			}
		}
		return userName, nil
	case !strings.Contains(given, "@"):
		if err := checkUserName(given); err != nil {
			return "", uiRefuse("user_name: %s", errorMessage(err))
		}
		userName = given + "@" + tenantDomain
	default:
		key, domain, _ := strings.Cut(given, "@")
		if key == "" || !validDomain(domain) {
			return "", uiRefuse("user_name %q is not email-shaped: give a bare key, or key@domain with one @ and a domain such as %s.", given, tenantDomain)
		}
		if err := checkUserName(key); err != nil {
			return "", uiRefuse("user_name: %s", errorMessage(err))
		}
		userName = given
	}
	if n := e.field("userName").Length; len([]rune(userName)) > n {
		return "", uiRefuse("user_name %q is longer than %d characters, the length of Resources userName.", userName, n)
	}
	if taken := userNameTaken(t, userName); taken != "" {
		return "", uiRefuse("user_name %q is already in use (by %q). Usernames must be unique, inactive resources included.", userName, taken)
	}
	return userName, nil
}

// userNameTaken returns the username of a resource that holds userName already, compared
// case-insensitively, where a bare username and key@domain with the same key are the same name
// (clients match either form); empty when it is free.
func userNameTaken(t *tenant, userName string) string {
	key := userNameKey(userName)
	bare := !strings.Contains(userName, "@")
	for _, r := range t.table(entityResources).rows {
		other := stringOf(r["userName"])
		switch {
		case strings.EqualFold(other, userName),
			bare && strings.EqualFold(userNameKey(other), key),
			!strings.Contains(other, "@") && strings.EqualFold(other, key):
			return other
		}
	}
	return ""
}

// userNameKey is the part of a username before its @ (the whole of a bare one).
func userNameKey(userName string) string {
	key, _, _ := strings.Cut(userName, "@")
	return key
}

// validDomain accepts a DNS-like domain: dot-separated labels of letters, digits and hyphens.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if r > unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
				return false
			}
		}
	}
	return true
}

// uiKey is a key as the UI's Generate Key makes it: 15 lower-case letters and digits, starting
// with a letter and holding a digit, so it passes checkUserName.
func uiKey() string {
	return randomString("abcdefghijklmnopqrstuvwxyz", 1) + randomString(lowerAlnum, uiKeyLength-2) + randomString("0123456789", 1)
}

// errorMessage is the text of a business error without its wrapping.
func errorMessage(err error) string {
	var ae *apiError
	if errors.As(err, &ae) && len(ae.errors) > 0 {
		return strings.Join(ae.errors, " ")
	}
	return err.Error()
}

// handleControlUIAPIUser serves POST /_sim/ui/api-users: a JSON UIAPIUser in, 200 with the
// UIAPIUserCreated out; input the UI refuses is 400 {"errors":[...]}.
func (s *Simulator) handleControlUIAPIUser(rc *reqCtx) error {
	bad := func(msg string) error {
		return &apiError{status: http.StatusBadRequest, errors: []string{msg}}
	}
	dec := json.NewDecoder(bytes.NewReader(rc.body))
	dec.DisallowUnknownFields()
	var in UIAPIUser
	if err := dec.Decode(&in); err != nil {
		return bad("The body must be a JSON object with first_name, last_name, email, security_level, integration_vendor or internal_integration_name, and optionally user_name: " + err.Error())
	}
	if dec.More() {
		return bad("The body must be a single JSON object.")
	}
	out, err := s.CreateAPIUserAsUI(in)
	var ue *uiError
	switch {
	case errors.As(err, &ue):
		return bad(ue.msg)
	case err != nil:
		return err
	}
	writeJSON(rc.w, http.StatusOK, out)
	return nil
}
