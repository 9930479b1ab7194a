package autotasksim

const entityInternalLocations = "InternalLocations"

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

// defaultLocation is the id of the internal location marked isDefault.
func defaultLocation(t *tenant) any {
	tbl := t.table(entityInternalLocations)
	for _, id := range tbl.sortedIDs() {
		if isTrue(tbl.rows[id]["isDefault"]) {
			return id
		}
	}
	return nil
}

// seedInternalLocations adds three offices, Headquarters the default one, and returns the ids of
// Headquarters and the West Coast office.
func seedInternalLocations(s *seeder) (hq, west int64) {
	hq = s.add(entityInternalLocations, map[string]any{
		"name": "Headquarters", "isDefault": true, "address1": "100 Main Street", "address2": "Suite 400",
		"city": "New York", "state": "NY", "postalCode": "10001", "country": "United States",
		"timeZone": "Eastern Standard Time", "holidaySetId": int64(1),
	})
	west = s.add(entityInternalLocations, map[string]any{
		"name": "West Coast Office", "isDefault": false, "address1": "500 Market Street",
		"city": "San Francisco", "state": "CA", "postalCode": "94105", "country": "United States",
		"timeZone": "Pacific Standard Time", "holidaySetId": int64(1),
	})
	s.add(entityInternalLocations, map[string]any{
		"name": "London", "isDefault": false, "address1": "1 Finsbury Avenue", "additionalAddressInfo": "Floor 3",
		"city": "London", "postalCode": "EC2M 2PF", "country": "United Kingdom",
		"timeZone": "GMT Standard Time", "holidaySetId": int64(2),
	})
	return hq, west
}
