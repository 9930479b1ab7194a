package autotasksim

import (
	"crypto/sha256"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// Integration vendors: the apiVendorID picklist of Resources and the tracking codes their API
// users log in with. Both profiles hold the picklist, so a vendor-tracked API user logs in the
// same way on either.

const plAPIVendors = "apiVendors"

// extraVendorNames are Integration Vendor names that no template uses: older names and vendors
// without a template.
var extraVendorNames = []string{"IT Glue - Documentation Management", "MSPCFO"}

// vendorNames lists every Integration Vendor the zone offers: each template's vendor plus the
// extra names, sorted case-insensitively.
func vendorNames() []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			names = append(names, n)
		}
	}
	for _, tpl := range permissions.Templates() {
		add(tpl.IntegrationVendor)
	}
	for _, n := range extraVendorNames {
		add(n)
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	return names
}

// vendorPicklist is the apiVendorID picklist: ids 1..n in label order.
func vendorPicklist() []PicklistValue {
	names := vendorNames()
	out := make([]PicklistValue, len(names))
	for i, n := range names {
		out[i] = PicklistValue{Value: strconv.Itoa(i + 1), Label: n, SortOrder: i, IsActive: true, IsSystem: true}
	}
	return out
}

// vendorTrackingCode is a vendor's tracking identifier: upper-case letters and digits derived
// from its name, so it is the same in every zone and across restarts.
func vendorTrackingCode(label string) string {
	sum := sha256.Sum256([]byte("autotask-sim integration vendor\x00" + label))
	s := strings.ToUpper(new(big.Int).SetBytes(sum[:]).Text(36))
	for len(s) < trackingIdentifierLength {
		s = "0" + s
	}
	return s[:trackingIdentifierLength]
}

// Vendor is one entry of the apiVendorID picklist with the tracking code its users log in with.
type Vendor struct {
	ID           int64  `json:"id"`
	Label        string `json:"label"`
	TrackingCode string `json:"tracking_code"`
}

// Vendors lists the zone's integration vendors in picklist order.
func (s *Simulator) Vendors() []Vendor {
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := []Vendor{}
	for _, pv := range t.picklists[plAPIVendors] {
		id, err := strconv.ParseInt(pv.Value, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, Vendor{ID: id, Label: pv.Label, TrackingCode: vendorTrackingCode(pv.Label)})
	}
	return out
}

// vendorID finds a vendor's picklist id by label (case-insensitive); 0 when unknown.
func vendorID(values []PicklistValue, label string) int64 {
	for _, pv := range values {
		if strings.EqualFold(pv.Label, label) {
			id, _ := strconv.ParseInt(pv.Value, 10, 64)
			return id
		}
	}
	return 0
}
