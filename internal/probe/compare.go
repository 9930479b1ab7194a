package probe

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

// Difference is one way the zone answers unlike the simulator's public profile: an API
// contract difference, never a difference in data (how many users, which ids or names).
type Difference struct {
	// Subject names what differs, for example "Resources field locationID".
	Subject string
	// Aspect says what about it, for example "isReadOnly".
	Aspect string
	// Zone and Profile are the zone's and the public profile's answers, as text.
	Zone, Profile string
}

// differ collects differences.
type differ struct{ out []Difference }

func (d *differ) add(subject, aspect, zone, profile string) {
	d.out = append(d.out, Difference{Subject: subject, Aspect: aspect, Zone: zone, Profile: profile})
}

// errors compares two answers' failures and reports whether both answered, so the caller
// compares them; a failure on one side only is a difference.
func (d *differ) errors(subject string, zone, profile error) bool {
	switch {
	case zone != nil && profile == nil:
		d.add(subject, "answer", "error: "+zone.Error(), "answers")
	case zone == nil && profile != nil:
		d.add(subject, "answer", "answers", "error: "+profile.Error())
	}
	return zone == nil && profile == nil
}

// compare lists the differences between the zone's snapshot and the public profile's.
func compare(zone, profile *snapshot) []Difference {
	d := &differ{}
	d.object("zoneInformation", zone.zone, profile.zone)
	if zone.zone.err == nil && profile.zone.err == nil {
		zp, pp := urlPath(zone.zone.keys["url"]), urlPath(profile.zone.keys["url"])
		if zp != pp {
			d.add("zoneInformation", "url path", quote(zp), quote(pp))
		}
	}
	if d.errors("VersionInformation", zone.versionsErr, profile.versionsErr) {
		if z, p := strings.Join(zone.apiVersions, ", "), strings.Join(profile.apiVersions, ", "); z != p {
			d.add("VersionInformation", "apiVersions", z, p)
		}
	}
	d.object("V1.0/Version", zone.version, profile.version)
	d.object("ThresholdInformation", zone.threshold, profile.threshold)
	if zone.threshold.err == nil && profile.threshold.err == nil {
		for _, k := range []string{"externalRequestThreshold", "requestThresholdTimeframe"} {
			z, p := rawText(zone.threshold.keys[k]), rawText(profile.threshold.keys[k])
			if z != p {
				d.add("ThresholdInformation", k, z, p)
			}
		}
	}
	d.entities(zone.entities, profile.entities)
	if d.errors("Resources entityInformation/fields", zone.fieldsErr, profile.fieldsErr) {
		d.fields(zone.fields, profile.fields)
		for _, name := range probedPicklists {
			zf, zok := fieldNamed(zone.fields, name)
			pf, pok := fieldNamed(profile.fields, name)
			if zok && pok {
				d.picklist(name, zf.PicklistValues, pf.PicklistValues)
			}
		}
		d.users(zone.users, profile.users)
	}
	return d.out
}

// object compares the keys of two raw answers (their values are data, or compared elsewhere).
func (d *differ) object(subject string, zone, profile object) {
	if !d.errors(subject, zone.err, profile.err) {
		return
	}
	for _, k := range onlyIn(keysOf(zone.keys), keysOf(profile.keys)) {
		d.add(subject, "key "+k, "present", "absent")
	}
	for _, k := range onlyIn(keysOf(profile.keys), keysOf(zone.keys)) {
		d.add(subject, "key "+k, "absent", "present")
	}
}

func (d *differ) entities(zone, profile []entityObservation) {
	for i, z := range zone {
		p := profile[i]
		subject := "entity " + z.name
		if !d.errors(subject, z.err, p.err) {
			continue
		}
		if z.exists != p.exists {
			d.add(subject, "served", served(z.exists), served(p.exists))
			continue
		}
		if !z.exists {
			continue
		}
		for _, c := range []struct {
			name string
			z, p bool
		}{
			{"canCreate", z.info.CanCreate, p.info.CanCreate},
			{"canUpdate", z.info.CanUpdate, p.info.CanUpdate},
			{"canQuery", z.info.CanQuery, p.info.CanQuery},
			{"canDelete", z.info.CanDelete, p.info.CanDelete},
			{"hasUserDefinedFields", z.info.HasUserDefinedFields, p.info.HasUserDefinedFields},
		} {
			if c.z != c.p {
				d.add(subject, c.name, strconv.FormatBool(c.z), strconv.FormatBool(c.p))
			}
		}
	}
}

// fields compares Resources field metadata: presence (names match case-insensitively, as
// clients match them), the spelling of the name, and each field's flags and data type.
func (d *differ) fields(zone, profile []autotask.Field) {
	for _, p := range profile {
		z, ok := fieldNamed(zone, p.Name)
		subject := "Resources field " + p.Name
		if !ok {
			d.add(subject, "present", "absent", "present")
			continue
		}
		if z.Name != p.Name {
			d.add(subject, "name", quote(z.Name), quote(p.Name))
		}
		if z.DataType != p.DataType {
			d.add(subject, "dataType", quote(z.DataType), quote(p.DataType))
		}
		for _, c := range []struct {
			name string
			z, p bool
		}{
			{"isReadOnly", z.IsReadOnly, p.IsReadOnly},
			{"isRequired", z.IsRequired, p.IsRequired},
			{"isQueryable", z.IsQueryable, p.IsQueryable},
			{"isPickList", z.IsPickList, p.IsPickList},
		} {
			if c.z != c.p {
				d.add(subject, c.name, strconv.FormatBool(c.z), strconv.FormatBool(c.p))
			}
		}
	}
	for _, z := range zone {
		if _, ok := fieldNamed(profile, z.Name); !ok {
			d.add("Resources field "+z.Name, "present", fmt.Sprintf("present (%s%s)", z.DataType, flags(z)), "absent")
		}
	}
}

// picklist compares a picklist's choices by label, as clients resolve them: a label on one side
// only, the value behind a label, whether it is active, and which choice is the default.
func (d *differ) picklist(field string, zone, profile []autotask.PicklistValue) {
	subject := "Resources picklist " + field
	for _, p := range profile {
		z, ok := choiceLabelled(zone, p.Label)
		if !ok {
			d.add(subject, "choice "+quote(p.Label), "absent", "value "+p.Value)
			continue
		}
		if z.Value != p.Value {
			d.add(subject, "value of "+quote(p.Label), z.Value, p.Value)
		}
		if z.IsActive != p.IsActive {
			d.add(subject, "isActive of "+quote(p.Label), strconv.FormatBool(z.IsActive), strconv.FormatBool(p.IsActive))
		}
	}
	for _, z := range zone {
		if _, ok := choiceLabelled(profile, z.Label); !ok {
			d.add(subject, "choice "+quote(z.Label), "value "+z.Value, "absent")
		}
	}
	if z, p := defaultLabel(zone), defaultLabel(profile); z != p {
		d.add(subject, "default choice", z, p)
	}
}

// users compares the shape of API-user records: which keys a record has, and the JSON kind of
// each key's non-null values. Counts and values are data, and go to the facts.
func (d *differ) users(zone, profile usersObservation) {
	subject := "API users (Resources, licenseType " + quote(autotask.APIUserLicense) + ")"
	if zone.license == "" || profile.license == "" {
		return // the picklist difference says why
	}
	if !d.errors(subject, zone.err, profile.err) || len(zone.records) == 0 || len(profile.records) == 0 {
		return
	}
	zk, pk := recordKinds(zone.records), recordKinds(profile.records)
	for _, k := range onlyIn(keysOf(zk), keysOf(pk)) {
		d.add(subject, "record key "+k, "present", "absent")
	}
	for _, k := range onlyIn(keysOf(pk), keysOf(zk)) {
		d.add(subject, "record key "+k, "absent", "present")
	}
	for _, k := range keysOf(zk) {
		z, p := zk[k], pk[k]
		if _, both := pk[k]; !both || len(z) == 0 || len(p) == 0 {
			continue // absent on one side (above), or null everywhere: nothing to compare
		}
		if !slices.Equal(z, p) {
			d.add(subject, "JSON type of "+k, strings.Join(z, ", "), strings.Join(p, ", "))
		}
	}
}

// recordKinds maps each key of the records to the JSON kinds of its non-null values.
func recordKinds(records []map[string]json.RawMessage) map[string][]string {
	kinds := map[string][]string{}
	for _, r := range records {
		for k, v := range r {
			kind := jsonKind(v)
			if kind != "null" && !slices.Contains(kinds[k], kind) {
				kinds[k] = append(kinds[k], kind)
			} else if _, ok := kinds[k]; !ok {
				kinds[k] = nil
			}
		}
	}
	for k := range kinds {
		sort.Strings(kinds[k])
	}
	return kinds
}

func jsonKind(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "" || s == "null":
		return "null"
	case s[0] == '"':
		return "string"
	case s[0] == '{':
		return "object"
	case s[0] == '[':
		return "array"
	case s == "true" || s == "false":
		return "boolean"
	}
	return "number"
}

func served(exists bool) string {
	if exists {
		return "served"
	}
	return "not served (404)"
}

func flags(f autotask.Field) string {
	var b strings.Builder
	for _, c := range []struct {
		name string
		on   bool
	}{{"read-only", f.IsReadOnly}, {"required", f.IsRequired}, {"queryable", f.IsQueryable}, {"picklist", f.IsPickList}} {
		if c.on {
			b.WriteString(", " + c.name)
		}
	}
	return b.String()
}

func fieldNamed(fields []autotask.Field, name string) (autotask.Field, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return autotask.Field{}, false
}

func picklistOf(fields []autotask.Field, name string) []autotask.PicklistValue {
	f, _ := fieldNamed(fields, name)
	return f.PicklistValues
}

func sameLabel(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

func choiceLabelled(values []autotask.PicklistValue, label string) (autotask.PicklistValue, bool) {
	for _, v := range values {
		if sameLabel(v.Label, label) {
			return v, true
		}
	}
	return autotask.PicklistValue{}, false
}

func defaultLabel(values []autotask.PicklistValue) string {
	var labels []string
	for _, v := range values {
		if v.IsDefaultValue {
			labels = append(labels, quote(v.Label))
		}
	}
	if len(labels) == 0 {
		return "none"
	}
	return strings.Join(labels, ", ")
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// onlyIn lists the keys of a that b lacks (both sorted).
func onlyIn(a, b []string) []string {
	var out []string
	for _, k := range a {
		if !slices.Contains(b, k) {
			out = append(out, k)
		}
	}
	return out
}

// rawText renders a raw JSON value for the report: a string without its quotes.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "absent"
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// urlPath is the path of a URL given as a JSON string, e.g. "/ATServicesRest/".
func urlPath(raw json.RawMessage) string {
	u, err := url.Parse(rawText(raw))
	if err != nil {
		return "(not a URL)"
	}
	return u.Path
}

func urlHost(raw json.RawMessage) string {
	u, err := url.Parse(rawText(raw))
	if err != nil || u.Host == "" {
		return "(not a URL)"
	}
	return u.Host
}

func quote(s string) string { return strconv.Quote(s) }
