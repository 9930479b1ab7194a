package autotasksim

import (
	"net/mail"
	"strings"
)

// Entity route names served by the public profile.
const (
	entityResources                       = "Resources"
	entityInternalLocations               = "InternalLocations"
	entityOrganizationalLevel1s           = "OrganizationalLevel1s"
	entityOrganizationalLevel2s           = "OrganizationalLevel2s"
	entityOrganizationalLevelAssociations = "OrganizationalLevelAssociations"
)

// Tenant picklist names. Several fields can share one list (the three e-mail type codes).
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
)

// entitiesFor returns the descriptors a profile serves: the published set, and on the extended
// profile the API-user side of Resources plus SecurityLevels (extended.go).
func entitiesFor(p Profile) []*entity {
	resources := resourcesEntity()
	if p == ProfileExtended {
		resources = extendResources(resources)
	}
	out := []*entity{
		resources,
		internalLocationsEntity(),
		orgLevelEntity(entityOrganizationalLevel1s, "OrganizationalLevel1"),
		orgLevelEntity(entityOrganizationalLevel2s, "OrganizationalLevel2"),
		orgLevelAssociationsEntity(),
	}
	if p == ProfileExtended {
		out = append(out, securityLevelsEntity())
	}
	return out
}

func idField() *field {
	return &field{Name: "id", Type: typeLong, Required: true, ReadOnly: true, Webhook: true}
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
		validate: func(_ *tenant, _, rec record) error {
			if email, _ := rec["email"].(string); email != "" {
				if _, err := mail.ParseAddress(email); err != nil {
					return businessError("The value for field email is not a valid e-mail address.")
				}
			}
			return nil
		},
	}).finalize()
}

// internalLocationsEntity is query-only in the published API (writes go through
// InternalLocationWithBusinessHours, which the provider does not use).
func internalLocationsEntity() *entity {
	str := func(name string, length int) *field {
		return &field{Name: name, Type: typeString, Length: length}
	}
	return (&entity{
		Name:     entityInternalLocations,
		InfoName: "InternalLocation",
		CanQuery: true,
		FirstID:  90683,
		Fields: []*field{
			idField(),
			str("additionalAddressInfo", 100),
			str("address1", 100),
			str("address2", 100),
			str("city", 50),
			str("country", 100),
			{Name: "holidaySetId", Type: typeLong},
			{Name: "isDefault", Type: typeBoolean, ReadOnly: true},
			{Name: "name", Type: typeString, Length: 100, Required: true},
			str("postalCode", 20),
			str("state", 50),
			str("timeZone", 100),
		},
	}).finalize()
}

// orgLevelEntity is OrganizationalLevel1s or OrganizationalLevel2s (the two halves of a line of
// business): query, POST, PUT and PATCH, no DELETE. Names are unique within the level.
func orgLevelEntity(name, infoName string) *entity {
	e := &entity{
		Name:      name,
		InfoName:  infoName,
		CanCreate: true,
		CanQuery:  true,
		CanUpdate: true,
		FirstID:   1,
		Fields: []*field{
			idField(),
			{Name: "description", Type: typeString, Length: 500},
			{Name: "isActive", Type: typeBoolean, Required: true, Default: true},
			{Name: "name", Type: typeString, Length: 100, Required: true},
		},
	}
	e.validate = func(t *tenant, old, rec record) error {
		name, _ := rec["name"].(string)
		for _, other := range t.tables[strings.ToLower(e.Name)].rows {
			otherName, _ := other["name"].(string)
			if (old == nil || other.id() != old.id()) && strings.EqualFold(strings.TrimSpace(otherName), strings.TrimSpace(name)) {
				return businessError("An %s with the name '%s' already exists.", e.InfoName, name)
			}
		}
		return nil
	}
	return e.finalize()
}

// orgLevelAssociationsEntity pairs a level 1 with a level 2; each pair is a line of business.
func orgLevelAssociationsEntity() *entity {
	e := &entity{
		Name:      entityOrganizationalLevelAssociations,
		InfoName:  "OrganizationalLevelAssociation",
		CanCreate: true,
		CanQuery:  true,
		CanUpdate: true,
		FirstID:   1,
		Fields: []*field{
			idField(),
			{Name: "isActive", Type: typeBoolean, Required: true, Default: true},
			{Name: "organizationalLevel1ID", Type: typeInteger, Required: true, Reference: entityOrganizationalLevel1s},
			{Name: "organizationalLevel2ID", Type: typeInteger, Required: true, Reference: entityOrganizationalLevel2s},
		},
	}
	e.validate = func(t *tenant, old, rec record) error {
		for _, other := range t.tables[strings.ToLower(e.Name)].rows {
			if old != nil && other.id() == old.id() {
				continue
			}
			if sameValue(other["organizationalLevel1ID"], rec["organizationalLevel1ID"]) &&
				sameValue(other["organizationalLevel2ID"], rec["organizationalLevel2ID"]) {
				return businessError("An OrganizationalLevelAssociation for these organizational levels already exists.")
			}
		}
		return nil
	}
	return e.finalize()
}
