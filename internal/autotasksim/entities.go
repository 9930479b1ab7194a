package autotasksim

import "fmt"

// entitiesFor returns the descriptors a profile serves: the published set, and on the extended
// profile the API-user side of Resources plus SecurityLevels. reading decides which Resources
// fields are read-only. Each entity's descriptor, rules and seed data live in its own file; a new
// entity is that file plus a line here.
func entitiesFor(p Profile, reading ResourceFieldsReading) []*entity {
	resources := resourcesEntity()
	if p == ProfileExtended {
		resources = extendResources(resources)
	}
	resources = applyResourceFieldsReading(resources, reading)
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

// pickInts builds a picklist of integer values from value, label pairs.
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

// pickStrings builds a picklist of string values from value, label pairs; the first is the default.
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
