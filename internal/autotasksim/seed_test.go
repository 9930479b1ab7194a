package autotasksim

import (
	"net/http"
	"strings"
	"testing"
)

func TestSeededTenant(t *testing.T) {
	z := newZone(t, Options{})
	query := func(entityName string) []map[string]any {
		its, _ := items(t, z.expect(http.StatusOK, http.MethodPost, "V1.0/"+entityName+"/query", map[string]any{"filter": all}))
		return its
	}
	locs := query(entityInternalLocations)
	defaults := 0
	for _, l := range locs {
		if l["isDefault"] == true {
			defaults++
		}
	}
	if len(locs) < 2 || defaults != 1 {
		t.Errorf("%d internal locations, %d default; want several and exactly one default", len(locs), defaults)
	}
	if len(query(entityOrganizationalLevel1s)) < 2 || len(query(entityOrganizationalLevel2s)) < 2 || len(query(entityOrganizationalLevelAssociations)) < 2 {
		t.Error("want lines of business (level 1, level 2 and their associations)")
	}
	var employees, apiUsers int
	for _, r := range query(entityResources) {
		if !strings.Contains(str(t, r["email"]), "@") || r["firstName"] == nil || r["locationID"] == nil || r["hireDate"] == nil {
			t.Errorf("unrealistic resource %v", r)
		}
		if num(t, r["licenseType"]) == licenseAPIUser {
			apiUsers++
		} else {
			employees++
		}
	}
	if employees < 3 || apiUsers < 2 {
		t.Errorf("%d employees and %d API users", employees, apiUsers)
	}
	c := z.creds
	if len(c.Username) != 15 || len(c.Secret) != 25 || len(c.IntegrationCode) != 27 || strings.ContainsAny(c.Username, `@();:[]|\"`) {
		t.Errorf("admin credentials %q %d %d", c.Username, len(c.Secret), len(c.IntegrationCode))
	}
	if !strings.ContainsAny(c.Secret[1:6], secretSpecial) {
		t.Errorf("secret %q lacks a special character in positions 2 to 6", c.Secret)
	}
	// Fixed credentials are honoured; two zones get different generated ones.
	fixed := Credentials{Username: "apiuser1234567", Secret: "Aa1*xxxxxxxx", IntegrationCode: "FIXEDCODE"}
	if got := newZone(t, Options{Admin: fixed}).creds; got != fixed {
		t.Errorf("fixed admin credentials %v", got)
	}
	if other := newZone(t, Options{}).creds; other.Secret == c.Secret || other.Username == c.Username {
		t.Error("generated credentials repeat")
	}
}
