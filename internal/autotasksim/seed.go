package autotasksim

import "time"

// seedTenant builds the tenant a fresh zone starts with. Each entity's file holds its seed data;
// this ties them together, in the order their references need.
func seedTenant(entities []*entity, admin Credentials, now time.Time) *tenant {
	s := &seeder{t: newTenant(entities), byName: map[string]*entity{}}
	for _, e := range entities {
		s.byName[e.Name] = e
	}
	hq, west := seedInternalLocations(s)
	lobs := seedLinesOfBusiness(s)
	seedSecurityLevels(s)
	seedResources(s, hq, west, lobs, admin, now)
	return s.t
}

// seeder inserts seed records into a tenant.
type seeder struct {
	t      *tenant
	byName map[string]*entity // route name -> entity
}

// add inserts a record, coercing its values as API writes do, and returns its id. An unknown
// field or a bad value is a bug in the seed data.
func (s *seeder) add(entityName string, values map[string]any) int64 {
	e := s.byName[entityName]
	r := record{}
	for k, v := range values {
		f := e.field(k)
		if f == nil {
			panic("autotasksim: seed uses unknown field " + entityName + "." + k)
		}
		cv, err := coerce(f, v)
		if err != nil {
			panic("autotasksim: bad seed value: " + err.Error())
		}
		r[f.Name] = cv
	}
	return s.t.table(entityName).insert(r)
}
