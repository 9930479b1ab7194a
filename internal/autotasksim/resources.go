package autotasksim

import (
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Resources: the published entity (both profiles) and, on the extended profile, its API-user
// side. The extended contract is the guide templates/guides/extended-api.md ("Resources (API
// users)"); keep the two in step.

const entityResources = "Resources"

// Tenant picklists of Resources fields. Several fields can share one list (the three e-mail type
// codes).
const (
	plLicenseTypes  = "licenseTypes"
	plUserTypes     = "userTypes"
	plPayrollTypes  = "payrollTypes"
	plGreetings     = "greetings"
	plSuffixes      = "suffixes"
	plGenders       = "genders"
	plEmailTypes    = "emailTypes"
	plDateFormats   = "dateFormats"
	plTimeFormats   = "timeFormats"
	plNumberFormats = "numberFormats"
	plProtectedData = "protectedDataPermissions"
	protectedNone   = "none"
)

// License types and user types the simulator refers to by label.
const (
	licenseAdministrator = 1
	licenseProfessional  = 3
	licenseTeamMember    = 4
	licenseAPIUser       = 7
	licenseContractor    = 8
	userTypeSysAdmin     = 1
	userTypeFullAccess   = 2
	userTypeTeamMember   = 6
	userTypeContractor   = 7
	userTypeAPIUser      = 10
)

// seedPicklists are the tenant's picklists, which Autotask keeps as tenant metadata. Only a few
// numbers are public (django-autotask hard-codes license types 4, 5, 6, 8 and 9, and a live
// employee record has licenseType 3); the rest, including the "API User" license type's number,
// are the simulator's choice. Clients must resolve them by label from entityInformation/fields,
// as they must on a real zone. Both profiles hold the extended lists too.
var seedPicklists = map[string][]PicklistValue{
	plLicenseTypes: pickInts(
		1, "Administrator",
		3, "Professional",
		4, "Team Member",
		5, "Time & Attendance Only",
		6, "Dashboard User",
		7, "API User",
		8, "Contractor",
		9, "Co-managed Help Desk",
	),
	plUserTypes:     userTypePicklist(),
	plPayrollTypes:  pickInts(1, "Salaried", 2, "Hourly", 3, "Contract"),
	plGreetings:     pickInts(1, "Mr.", 2, "Mrs.", 3, "Ms.", 4, "Dr."),
	plSuffixes:      pickInts(1, "Jr.", 2, "Sr.", 3, "II", 4, "III"),
	plGenders:       pickStrings("M", "Male", "F", "Female"),
	plEmailTypes:    pickStrings("PRIMARY", "Primary", "SECONDARY", "Secondary", "WORK", "Work", "HOME", "Home", "OTHER", "Other"),
	plDateFormats:   pickStrings("MM/dd/yyyy", "MM/dd/yyyy", "dd/MM/yyyy", "dd/MM/yyyy", "yyyy-MM-dd", "yyyy-MM-dd", "dd.MM.yyyy", "dd.MM.yyyy"),
	plTimeFormats:   pickStrings("hh:mm a", "hh:mm a", "HH:mm", "HH:mm"),
	plNumberFormats: pickStrings("X,XXX.XX", "X,XXX.XX", "X.XXX,XX", "X.XXX,XX", "X XXX,XX", "X XXX,XX"),
	// Extended profile: the Integration Vendor list and the per-user protected data grant.
	plAPIVendors:    vendorPicklist(),
	plProtectedData: pickStrings(protectedNone, "None", "view", "View Protected Data", "edit", "Edit Protected Data"),
}

// userTypePicklist lists the system security levels 1 to 11 under userType, which appears to
// carry the resource's security level (unverified); the simulator treats it as read-only.
func userTypePicklist() []PicklistValue {
	var pairs []any
	for _, lvl := range systemLevels[:11] {
		pairs = append(pairs, lvl.id, lvl.name)
	}
	return pickInts(pairs...)
}

// resourcesEntity is the published Resources entity: query, GET, PUT and PATCH only ("Can Create
// false, Can Delete false, Can Query true, Can Update true"). The fields are exactly those of the
// swagger ResourceModel; the published model has no security level, secret or tracking
// identifier. Which fields are read-only is not published; the simulator keeps identity,
// licensing and credentials (userName, licenseType, userType, resourceType) read-only, since the
// UI manages them.
func resourcesEntity() *entity {
	str := func(name string, length int) *field {
		return &field{Name: name, Type: typeString, Length: length, Webhook: true}
	}
	return (&entity{
		Name:      entityResources,
		InfoName:  "Resource",
		CanQuery:  true,
		CanUpdate: true,
		Webhooks:  true,
		FirstID:   29682900,
		Fields: []*field{
			idField(),
			str("accountingReferenceID", 100),
			{Name: "dateFormat", Type: typeString, Length: 20, Required: true, Picklist: plDateFormats, Default: "MM/dd/yyyy"},
			{Name: "defaultServiceDeskRoleID", Type: typeLong, ReadOnly: true, NotQueryable: true},
			{Name: "email", Type: typeString, Length: 254, Required: true, Webhook: true},
			str("email2", 254),
			str("email3", 254),
			{Name: "emailTypeCode", Type: typeString, Length: 20, Picklist: plEmailTypes, Default: "PRIMARY"},
			{Name: "emailTypeCode2", Type: typeString, Length: 20, Picklist: plEmailTypes},
			{Name: "emailTypeCode3", Type: typeString, Length: 20, Picklist: plEmailTypes},
			{Name: "firstName", Type: typeString, Length: 50, Required: true, Webhook: true},
			{Name: "gender", Type: typeString, Length: 1, Picklist: plGenders},
			{Name: "greeting", Type: typeInteger, Picklist: plGreetings},
			{Name: "hireDate", Type: typeDateTime},
			str("homePhone", 25),
			str("initials", 3),
			{Name: "internalCost", Type: typeDecimal},
			{Name: "isActive", Type: typeBoolean, Required: true, Default: true, Webhook: true},
			{Name: "lastName", Type: typeString, Length: 50, Required: true, Webhook: true},
			{Name: "licenseType", Type: typeInteger, Required: true, ReadOnly: true, Picklist: plLicenseTypes, Webhook: true},
			{Name: "locationID", Type: typeInteger, Required: true, Reference: entityInternalLocations},
			str("middleName", 50),
			str("mobilePhone", 25),
			{Name: "numberFormat", Type: typeString, Length: 20, Required: true, Picklist: plNumberFormats, Default: "X,XXX.XX"},
			str("officeExtension", 10),
			str("officePhone", 25),
			{Name: "payrollType", Type: typeInteger, Required: true, Picklist: plPayrollTypes, Default: int64(1)},
			{Name: "resourceType", Type: typeString, Length: 20, ReadOnly: true},
			{Name: "suffix", Type: typeInteger, Picklist: plSuffixes},
			{Name: "surveyResourceRating", Type: typeDouble, ReadOnly: true},
			{Name: "timeFormat", Type: typeString, Length: 20, Required: true, Picklist: plTimeFormats, Default: "hh:mm a"},
			str("title", 50),
			str("travelAvailabilityPct", 10),
			{Name: "userName", Type: typeString, Length: 32, Required: true, ReadOnly: true, Webhook: true},
			{Name: "userType", Type: typeInteger, Required: true, ReadOnly: true, Picklist: plUserTypes},
		},
		Validate: validateResource,
	}).finalize()
}

// ResourceFieldsReading says which of Autotask's references decides the Resources fields that
// are read-only. The REST reference has no read-only column in any public copy; the SOAP
// reference marks locationID, dateFormat and timeFormat read-only. (It also marks internalCost,
// hireDate and userType read-only; userType is read-only under both readings, and the other two
// are left writable, as REST clients write them.)
type ResourceFieldsReading string

const (
	// ReadingREST is the zero value's reading: locationID, dateFormat and timeFormat are writable.
	ReadingREST ResourceFieldsReading = "rest"
	// ReadingSOAP makes locationID, dateFormat and timeFormat read-only: entityInformation/fields
	// reports them with isReadOnly true and a PATCH or PUT that changes them is refused. On the
	// extended profile a POST may still set them (they are create-only there).
	ReadingSOAP ResourceFieldsReading = "soap"
)

// soapReadOnlyResourceFields are the fields the SOAP reference marks read-only and the REST
// reference does not.
var soapReadOnlyResourceFields = []string{"locationID", "dateFormat", "timeFormat"}

// ParseResourceFieldsReading validates a reading name; the empty string means ReadingREST.
func ParseResourceFieldsReading(s string) (ResourceFieldsReading, error) {
	switch ResourceFieldsReading(strings.ToLower(strings.TrimSpace(s))) {
	case "", ReadingREST:
		return ReadingREST, nil
	case ReadingSOAP:
		return ReadingSOAP, nil
	}
	return "", fmt.Errorf("unknown Resources fields reading %q: use %q or %q", s, ReadingREST, ReadingSOAP)
}

// applyResourceFieldsReading marks the SOAP reading's read-only fields: read-only where Resources
// cannot be created (the public profile), create-only where they can (the extended profile), so
// an API-user POST may still choose its location and formats. Both are reported isReadOnly.
func applyResourceFieldsReading(e *entity, reading ResourceFieldsReading) *entity {
	if reading != ReadingSOAP {
		return e
	}
	for _, name := range soapReadOnlyResourceFields {
		f := e.field(name)
		if e.CanCreate {
			f.CreateOnly = true
		} else {
			f.ReadOnly = true
		}
	}
	return e
}

// awaitEmailConfirmation makes Resources keep an API user's email on an update that changes it
// (Options.EmailChangesAwaitConfirmation).
func awaitEmailConfirmation(e *entity) {
	validate := e.Validate
	e.Validate = func(t *tenant, old, rec record) error {
		if validate != nil {
			if err := validate(t, old, rec); err != nil {
				return err
			}
		}
		if license, _ := rec["licenseType"].(int64); old != nil && license == apiUserLicense(t) {
			rec["email"] = old["email"]
		}
		return nil
	}
}

// validateResource holds the published entity's business rules.
func validateResource(_ *tenant, _, rec record) error {
	if email := stringOf(rec["email"]); email != "" {
		if _, err := mail.ParseAddress(email); err != nil {
			return businessError("The value for field email is not a valid e-mail address.")
		}
	}
	return nil
}

// resourceByUserName finds a Resources row by userName, case-insensitively (usernames are
// unique across active and inactive resources).
func (t *tenant) resourceByUserName(userName string) record {
	userName = strings.TrimSpace(userName)
	if userName == "" {
		return nil
	}
	for _, r := range t.table(entityResources).rows {
		if strings.EqualFold(stringOf(r["userName"]), userName) {
			return r
		}
	}
	return nil
}

// extendedResourceFields are the Resources fields only the extended profile has.
func extendedResourceFields() []*field {
	return []*field{
		{Name: "apiTrackingIdentifier", Type: typeString, Length: trackingIdentifierLength, ReadOnly: true, NotQueryable: true},
		{Name: "apiVendorID", Type: typeInteger, CreateOnly: true, Picklist: plAPIVendors},
		{Name: "canViewItemsWithNoLineOfBusiness", Type: typeBoolean, Required: true, Default: true},
		{Name: "internalIntegrationName", Type: typeString, Length: internalIntegrationNameLength, CreateOnly: true},
		{Name: "isLocked", Type: typeBoolean, Required: true, Default: false},
		{Name: "lineOfBusinessIDs", Type: typeIntegerList, NotQueryable: true, Reference: entityOrganizationalLevelAssociations, Write: writeLinesOfBusiness},
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
// users, the extended fields, userName and licenseType settable on create, and the API-user
// rules on top of the published ones.
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
	published := e.Validate
	e.Validate = func(t *tenant, old, rec record) error {
		if err := published(t, old, rec); err != nil {
			return err
		}
		return validateAPIUser(t, old, rec)
	}
	e.Commit = commitResource
	return e.finalize()
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
	assoc := t.table(entityOrganizationalLevelAssociations)
	for _, id := range ids {
		if assoc.rows[id] == nil {
			return nil, businessError("Value does not reference an existing entity for lineOfBusinessIDs . The id %d is not an OrganizationalLevelAssociation.", id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// validateAPIUser enforces the extended profile's API-user rules.
func validateAPIUser(t *tenant, old, rec record) error {
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
		if userNameTaken(t, userName) != "" {
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
		lvl := t.table(entitySecurityLevels).rows[level]
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

// seedResources adds employees and API users with realistic fields, among them the simulator's
// own administrator API user, whose credentials are admin (generated where empty). The public
// profile's Resources skip the extended fields.
func seedResources(s *seeder, hq, west int64, lobs []int64, admin Credentials, now time.Time) {
	e := s.byName[entityResources]
	t := s.t
	add := func(values map[string]any) int64 {
		for k := range values {
			if e.field(k) == nil && extendedOnlyResourceField(k) {
				delete(values, k)
			}
		}
		return s.add(entityResources, values)
	}
	hired := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	employee := func(first, last, userName, title string, license, userType int64, location int64, hire time.Time, active bool) map[string]any {
		return map[string]any{
			"firstName": first, "lastName": last, "userName": userName, "title": title,
			"email": strings.ToLower(first+"."+last) + "@example.com", "emailTypeCode": "PRIMARY",
			"initials": first[:1] + last[:1], "isActive": active, "licenseType": license, "userType": userType,
			"locationID": location, "resourceType": "Employee", "hireDate": hire,
			"dateFormat": "MM/dd/yyyy", "timeFormat": "hh:mm a", "numberFormat": "X,XXX.XX",
			"payrollType": int64(1), "officePhone": "+1 212 555 0100", "internalCost": 45.0,
			"accountingReferenceID": "EMP-" + strings.ToUpper(userName), "travelAvailabilityPct": "25%",
			// Extended fields (skipped on the public profile).
			"securityLevelID": userType, "isLocked": false, "lineOfBusinessIDs": []int64{},
			"canViewItemsWithNoLineOfBusiness": true, "protectedDataPermission": protectedNone,
		}
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m[k] = kv[i+1]
		}
		return m
	}
	add(with(employee("Dana", "Whitfield", "dwhitfield", "Service Director", licenseAdministrator, userTypeSysAdmin, hq, hired(2016, 3, 1), true),
		"gender", "F", "greeting", int64(3), "mobilePhone", "+1 917 555 0142", "email2", "dana@example.org", "emailTypeCode2", "SECONDARY", "surveyResourceRating", 4.6,
		"protectedDataPermission", "edit"))
	add(with(employee("Marcus", "Lee", "mlee", "Service Desk Technician", licenseProfessional, userTypeFullAccess, hq, hired(2019, 9, 16), true),
		"gender", "M", "greeting", int64(1), "officeExtension", "214", "middleName", "J", "initials", "MJL",
		"lineOfBusinessIDs", []int64{lobs[0], lobs[1]}))
	add(with(employee("Sofia", "Alvarez", "salvarez", "Project Coordinator", licenseTeamMember, userTypeTeamMember, west, hired(2021, 1, 11), true),
		"gender", "F", "payrollType", int64(2), "dateFormat", "dd/MM/yyyy", "timeFormat", "HH:mm",
		"lineOfBusinessIDs", []int64{lobs[2]}, "canViewItemsWithNoLineOfBusiness", false))
	add(with(employee("Tom", "Becker", "tbecker", "Field Technician", licenseContractor, userTypeContractor, west, hired(2018, 6, 4), false),
		"gender", "M", "suffix", int64(1), "payrollType", int64(3), "internalCost", 62.5))

	apiUser := func(first, last, userName, email string, active bool) map[string]any {
		return map[string]any{
			"firstName": first, "lastName": last, "userName": userName, "email": email,
			"emailTypeCode": "PRIMARY", "isActive": active, "licenseType": int64(licenseAPIUser),
			"userType": int64(userTypeAPIUser), "locationID": hq, "resourceType": "Employee",
			"hireDate": now.UTC().Truncate(24 * time.Hour), "dateFormat": "MM/dd/yyyy", "timeFormat": "hh:mm a",
			"numberFormat": "X,XXX.XX", "payrollType": int64(1), "internalCost": 0.0,
			// Extended fields (skipped on the public profile).
			"securityLevelID": int64(levelAPIUser), "isLocked": false, "lineOfBusinessIDs": []int64{},
			"canViewItemsWithNoLineOfBusiness": true, "protectedDataPermission": protectedNone,
		}
	}
	if admin.Username == "" {
		admin.Username = userKey("simadmin", 7)
	}
	if admin.Secret == "" {
		admin.Secret = newSecret()
	}
	if admin.IntegrationCode == "" {
		admin.IntegrationCode = newIntegrationCode()
	}
	t.adminID = add(with(apiUser("Autotask Simulator", "API", admin.Username, "sim-admin@example.com", true),
		"internalIntegrationName", "Autotask Simulator", "apiTrackingIdentifier", admin.IntegrationCode))
	t.creds = append(t.creds, &credential{ResourceID: t.adminID, Secret: admin.Secret, IntegrationCode: admin.IntegrationCode})

	// A vendor-tracked API user and a deactivated one, so clients meet more than one API user.
	// The vendor-tracked user logs in with its vendor's tracking code, on both profiles.
	const itGlue = "ITG - Documentation Management"
	vendor := add(with(apiUser("IT Glue", "Integration", userKey("itglue", 9), "itglue-api@example.com", true),
		"apiVendorID", vendorID(t.picklists[plAPIVendors], itGlue), "protectedDataPermission", "view"))
	t.creds = append(t.creds, &credential{ResourceID: vendor, Secret: newSecret(), IntegrationCode: vendorTrackingCode(itGlue)})
	retiredCode := newIntegrationCode()
	retired := add(with(apiUser("Legacy Backup", "Integration", userKey("legacybk", 7), "legacy-backup@example.com", false),
		"internalIntegrationName", "Legacy Backup Sync", "apiTrackingIdentifier", retiredCode))
	t.creds = append(t.creds, &credential{ResourceID: retired, Secret: newSecret(), IntegrationCode: retiredCode})
}
