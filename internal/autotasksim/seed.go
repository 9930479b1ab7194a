package autotasksim

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Picklist values that Autotask keeps as tenant metadata. Only a few numbers are public
// (django-autotask hard-codes license types 4, 5, 6, 8 and 9, and a live employee record has
// licenseType 3); the rest, including the "API User" license type's number, are the simulator's
// choice. Clients must resolve them by label from entityInformation/fields, as they must on a
// real zone.
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
	// userType appears to carry the resource's security level (unverified); the simulator lists
	// the system levels under it and treats it as read-only.
	plUserTypes: pickInts(
		1, "System Administrator",
		2, "Full Access",
		3, "Manager",
		4, "Project Manager",
		5, "Service Desk User",
		6, "Team Member",
		7, "Contractor",
		8, "Time and Attendance",
		9, "Dashboard User",
		10, "API User (system) (API-only)",
		11, "API User (system) Can't Read Costs (API-only)",
	),
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

// License types and user types the seed refers to by label.
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

func pickInts(pairs ...any) []PicklistValue {
	out := make([]PicklistValue, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, PicklistValue{
			Value: fmt.Sprint(pairs[i]), Label: fmt.Sprint(pairs[i+1]),
			SortOrder: len(out), IsActive: true, IsSystem: true,
		})
	}
	return out
}

func pickStrings(pairs ...string) []PicklistValue {
	out := make([]PicklistValue, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, PicklistValue{
			Value: pairs[i], Label: pairs[i+1], IsDefaultValue: i == 0,
			SortOrder: len(out), IsActive: true, IsSystem: true,
		})
	}
	return out
}

// newTenant returns an empty tenant with one table per entity and the seed picklists.
func newTenant(entities []*entity) *tenant {
	t := &tenant{
		zoneName:  "Autotask Simulator",
		ci:        100001,
		tables:    map[string]*table{},
		picklists: map[string][]PicklistValue{},
	}
	for _, e := range entities {
		t.tables[strings.ToLower(e.Name)] = newTable(e.FirstID)
	}
	for name, values := range seedPicklists {
		t.picklists[name] = append([]PicklistValue(nil), values...)
	}
	return t
}

// seedTenant builds the tenant a fresh zone starts with: three internal locations (one default),
// lines of business, employees and API users with realistic fields, and the simulator's own
// administrator API user, whose credentials are admin (generated where empty).
func seedTenant(entities []*entity, admin Credentials, now time.Time) *tenant {
	t := newTenant(entities)
	byName := map[string]*entity{}
	for _, e := range entities {
		byName[e.Name] = e
	}
	add := func(entityName string, values map[string]any) int64 {
		e := byName[entityName]
		r := record{}
		for k, v := range values {
			f := e.field(k)
			if f == nil && entityName == entityResources && extendedOnlyResourceField(k) {
				continue // the public profile's Resources have no extended fields
			}
			if f == nil {
				panic("autotasksim: seed uses unknown field " + entityName + "." + k)
			}
			cv, err := coerce(f, v)
			if err != nil {
				panic("autotasksim: bad seed value: " + err.Error())
			}
			r[f.Name] = cv
		}
		return t.table(e).insert(r)
	}

	hq := add(entityInternalLocations, map[string]any{
		"name": "Headquarters", "isDefault": true, "address1": "100 Main Street", "address2": "Suite 400",
		"city": "New York", "state": "NY", "postalCode": "10001", "country": "United States",
		"timeZone": "Eastern Standard Time", "holidaySetId": int64(1),
	})
	west := add(entityInternalLocations, map[string]any{
		"name": "West Coast Office", "isDefault": false, "address1": "500 Market Street",
		"city": "San Francisco", "state": "CA", "postalCode": "94105", "country": "United States",
		"timeZone": "Pacific Standard Time", "holidaySetId": int64(1),
	})
	add(entityInternalLocations, map[string]any{
		"name": "London", "isDefault": false, "address1": "1 Finsbury Avenue", "additionalAddressInfo": "Floor 3",
		"city": "London", "postalCode": "EC2M 2PF", "country": "United Kingdom",
		"timeZone": "GMT Standard Time", "holidaySetId": int64(2),
	})

	// Lines of business: organizational level 1 x level 2 pairs.
	managed := add(entityOrganizationalLevel1s, map[string]any{"name": "Managed Services", "description": "Recurring managed IT services", "isActive": true})
	projects := add(entityOrganizationalLevel1s, map[string]any{"name": "Professional Services", "description": "Projects and consulting", "isActive": true})
	add(entityOrganizationalLevel1s, map[string]any{"name": "Hardware Resale", "description": "Discontinued line", "isActive": false})
	na := add(entityOrganizationalLevel2s, map[string]any{"name": "North America", "description": "US and Canada", "isActive": true})
	emea := add(entityOrganizationalLevel2s, map[string]any{"name": "EMEA", "description": "Europe, Middle East and Africa", "isActive": true})
	var lobs []int64
	for _, pair := range [][2]int64{{managed, na}, {managed, emea}, {projects, na}} {
		lobs = append(lobs, add(entityOrganizationalLevelAssociations, map[string]any{
			"organizationalLevel1ID": pair[0], "organizationalLevel2ID": pair[1], "isActive": true,
		}))
	}

	// Extended profile: the system security levels, under fixed ids (1 to 15).
	if e := byName[entitySecurityLevels]; e != nil {
		tbl := t.table(e)
		for _, lvl := range systemLevels {
			tbl.nextID = lvl.id
			add(entitySecurityLevels, map[string]any{
				"name": lvl.name, "isActive": true, "isSystem": true, "isApiOnly": lvl.apiOnly, "permissions": lvl.matrix(),
			})
		}
		tbl.nextID = e.FirstID
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
	add(entityResources, with(employee("Dana", "Whitfield", "dwhitfield", "Service Director", licenseAdministrator, userTypeSysAdmin, hq, hired(2016, 3, 1), true),
		"gender", "F", "greeting", int64(3), "mobilePhone", "+1 917 555 0142", "email2", "dana@example.org", "emailTypeCode2", "SECONDARY", "surveyResourceRating", 4.6,
		"protectedDataPermission", "edit"))
	add(entityResources, with(employee("Marcus", "Lee", "mlee", "Service Desk Technician", licenseProfessional, userTypeFullAccess, hq, hired(2019, 9, 16), true),
		"gender", "M", "greeting", int64(1), "officeExtension", "214", "middleName", "J", "initials", "MJL",
		"lineOfBusinessIDs", []int64{lobs[0], lobs[1]}))
	add(entityResources, with(employee("Sofia", "Alvarez", "salvarez", "Project Coordinator", licenseTeamMember, userTypeTeamMember, west, hired(2021, 1, 11), true),
		"gender", "F", "payrollType", int64(2), "dateFormat", "dd/MM/yyyy", "timeFormat", "HH:mm",
		"lineOfBusinessIDs", []int64{lobs[2]}, "canViewItemsWithNoLineOfBusiness", false))
	add(entityResources, with(employee("Tom", "Becker", "tbecker", "Field Technician", licenseContractor, userTypeContractor, west, hired(2018, 6, 4), false),
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
	t.adminID = add(entityResources, with(apiUser("Autotask Simulator", "API", admin.Username, "sim-admin@example.com", true),
		"internalIntegrationName", "Autotask Simulator", "apiTrackingIdentifier", admin.IntegrationCode))
	t.creds = append(t.creds, &credential{ResourceID: t.adminID, Secret: admin.Secret, IntegrationCode: admin.IntegrationCode})

	// A vendor-tracked API user and a deactivated one, so clients meet more than one API user.
	// The vendor-tracked user logs in with its vendor's tracking code, on both profiles.
	const itGlue = "ITG - Documentation Management"
	vendor := add(entityResources, with(apiUser("IT Glue", "Integration", userKey("itglue", 9), "itglue-api@example.com", true),
		"apiVendorID", vendorID(t.picklists[plAPIVendors], itGlue), "protectedDataPermission", "view"))
	t.creds = append(t.creds, &credential{ResourceID: vendor, Secret: newSecret(), IntegrationCode: vendorTrackingCode(itGlue)})
	retiredCode := newIntegrationCode()
	retired := add(entityResources, with(apiUser("Legacy Backup", "Integration", userKey("legacybk", 7), "legacy-backup@example.com", false),
		"internalIntegrationName", "Legacy Backup Sync", "apiTrackingIdentifier", retiredCode))
	t.creds = append(t.creds, &credential{ResourceID: retired, Secret: newSecret(), IntegrationCode: retiredCode})
	return t
}

// userKey is a generated username: prefix, then n random lower-case letters and digits, at least
// one of them a digit, as the UI's "Generate Key" rules want ("letters and numbers").
func userKey(prefix string, n int) string {
	return prefix + randomString(lowerAlnum, n-1) + randomString("0123456789", 1)
}

const (
	lowerAlnum    = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	secretChars   = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	secretSpecial = "*+-~"
)

// randomString draws n characters from alphabet with crypto/rand.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	limit := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, limit)
		if err != nil {
			panic("autotasksim: crypto/rand failed: " + err.Error()) // never happens on supported platforms
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

// newSecret returns a 25-character secret, the length the UI's "Generate Secret" produces, that
// meets Autotask's strong-password rule: characters from at least two of upper case, lower case
// and digits, and a special character in positions 2 to 6.
func newSecret() string {
	b := []byte(randomString(secretChars, 25))
	b[0] = randomString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)[0]
	b[1] = randomString("abcdefghijkmnopqrstuvwxyz", 1)[0]
	b[2] = randomString("23456789", 1)[0]
	b[3] = randomString(secretSpecial, 1)[0]
	return string(b)
}

// newIntegrationCode returns a 27-character tracking identifier like the ones Autotask generates
// for a "Custom (Internal Integration)".
func newIntegrationCode() string {
	return randomString(upperAlnum, 27)
}
