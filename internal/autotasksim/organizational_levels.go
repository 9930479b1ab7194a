package autotasksim

// Organizational levels: a level 1 and a level 2 paired by an association make a line of business.
const (
	entityOrganizationalLevel1s           = "OrganizationalLevel1s"
	entityOrganizationalLevel2s           = "OrganizationalLevel2s"
	entityOrganizationalLevelAssociations = "OrganizationalLevelAssociations"
)

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
	e.Validate = func(t *tenant, old, rec record) error {
		name := stringOf(rec["name"])
		if t.table(e.Name).nameTaken(name, old) {
			return businessError("An %s with the name '%s' already exists.", e.InfoName, name)
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
	e.Validate = func(t *tenant, old, rec record) error {
		for _, other := range t.table(e.Name).rows {
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

// seedLinesOfBusiness adds three level 1s (one inactive), two level 2s and three of their pairs,
// and returns the ids of the pairs.
func seedLinesOfBusiness(s *seeder) []int64 {
	managed := s.add(entityOrganizationalLevel1s, map[string]any{"name": "Managed Services", "description": "Recurring managed IT services", "isActive": true})
	projects := s.add(entityOrganizationalLevel1s, map[string]any{"name": "Professional Services", "description": "Projects and consulting", "isActive": true})
	s.add(entityOrganizationalLevel1s, map[string]any{"name": "Hardware Resale", "description": "Discontinued line", "isActive": false})
	na := s.add(entityOrganizationalLevel2s, map[string]any{"name": "North America", "description": "US and Canada", "isActive": true})
	emea := s.add(entityOrganizationalLevel2s, map[string]any{"name": "EMEA", "description": "Europe, Middle East and Africa", "isActive": true})
	var lobs []int64
	for _, pair := range [][2]int64{{managed, na}, {managed, emea}, {projects, na}} {
		lobs = append(lobs, s.add(entityOrganizationalLevelAssociations, map[string]any{
			"organizationalLevel1ID": pair[0], "organizationalLevel2ID": pair[1], "isActive": true,
		}))
	}
	return lobs
}
