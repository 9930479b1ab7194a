package autotask

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"
)

// The typed write bodies send exactly the fields that are set, under the wire names the
// Swagger gives, and the permission converters are each other's inverse.

func TestAPIUserPatchSendsOnlyWhatIsSet(t *testing.T) {
	empty, level, secret, active := []int64{}, int64(7), "Ab1*defghijkLMN", false
	for name, tc := range map[string]struct {
		patch APIUserPatch
		want  string
		empty bool
	}{
		"nothing":        {APIUserPatch{ID: 5}, `{"id":5}`, true},
		"false is sent":  {APIUserPatch{ID: 5, IsActive: &active}, `{"id":5,"isActive":false}`, false},
		"an empty list":  {APIUserPatch{ID: 5, LineOfBusinessIDs: &empty}, `{"id":5,"lineOfBusinessIDs":[]}`, false},
		"extended":       {APIUserPatch{ID: 5, SecurityLevelID: &level, Secret: &secret}, `{"id":5,"securityLevelID":7,"secret":"Ab1*defghijkLMN"}`, false},
		"published only": {APIUserPatch{ID: 5, SecurityLevelID: &level, Secret: &secret, IsActive: &active, LineOfBusinessIDs: &empty}.PublishedFieldsOnly(), `{"id":5,"isActive":false}`, false},
		"published none": {APIUserPatch{ID: 5, Secret: &secret}.PublishedFieldsOnly(), `{"id":5}`, true},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := json.Marshal(tc.patch)
			if err != nil || string(got) != tc.want {
				t.Fatalf("body = %s (%v), want %s", got, err, tc.want)
			}
			if tc.patch.IsEmpty() != tc.empty {
				t.Fatalf("IsEmpty = %v, want %v", tc.patch.IsEmpty(), tc.empty)
			}
		})
	}
}

func TestAPIUserCreateLeavesUnsetSettingsToTheZone(t *testing.T) {
	vendor, none := int64(42), []int64{}
	body := APIUserCreate{FirstName: "A", LastName: "B", Email: "a@example.com", UserName: "ab1", Secret: "s",
		LicenseType: 7, IsActive: true, SecurityLevelID: 30400, ProtectedDataPermission: "none", APIVendorID: &vendor}
	got, err := json.Marshal(body)
	want := `{"firstName":"A","lastName":"B","email":"a@example.com","userName":"ab1","secret":"s","licenseType":7,"isActive":true,` +
		`"securityLevelID":30400,"protectedDataPermission":"none","apiVendorID":42}`
	if err != nil || string(got) != want {
		t.Fatalf("body = %s (%v), want %s", got, err, want)
	}
	body.LineOfBusinessIDs = &none // configured as no lines of business: sent, not left to the zone
	if got, _ := json.Marshal(body); !strings.HasSuffix(string(got), `,"lineOfBusinessIDs":[]}`) {
		t.Fatalf("body = %s, want an empty lineOfBusinessIDs sent", got)
	}
}

func TestSecurityLevelPatchSendsOnlyWhatIsSet(t *testing.T) {
	inactive := false
	for _, tc := range []struct {
		patch SecurityLevelPatch
		want  string
		empty bool
	}{
		{SecurityLevelPatch{ID: 3}, `{"id":3}`, true},
		{SecurityLevelPatch{ID: 3, IsActive: &inactive}, `{"id":3,"isActive":false}`, false},
		{SecurityLevelPatch{ID: 3, Permissions: PermissionRows([]string{"b", "a"}, map[string]string{"b": "2", "a": "1"})}, `{"id":3,"permissions":[{"key":"b","value":"2"},{"key":"a","value":"1"}]}`, false},
	} {
		got, err := json.Marshal(tc.patch)
		if err != nil || string(got) != tc.want || tc.patch.IsEmpty() != tc.empty {
			t.Fatalf("body = %s (%v), empty %v; want %s, empty %v", got, err, tc.patch.IsEmpty(), tc.want, tc.empty)
		}
	}
}

func TestPermissionRowsAndPermissionMapAreInverses(t *testing.T) {
	perms := map[string]string{"service_desk.tickets.view": "all", "crm.customer_and_cancelation": "none", "web_services_api.can_login": "false"}
	order := []string{"web_services_api.can_login", "crm.customer_and_cancelation", "service_desk.tickets.view"}
	rows := PermissionRows(order, perms)
	if len(rows) != len(perms) || rows[0] != (PermissionRow{Key: "web_services_api.can_login", Value: "false"}) || rows[1].Key != order[1] {
		t.Fatalf("rows = %v, want one per key, in the order given", rows)
	}
	if got := (SecurityLevel{Permissions: rows}).PermissionMap(); !maps.Equal(got, perms) {
		t.Fatalf("PermissionMap(PermissionRows(m)) = %v, want %v", got, perms)
	}
}
