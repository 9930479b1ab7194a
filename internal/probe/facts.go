package probe

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

// maxListedUsers bounds the API users listed one by one.
const maxListedUsers = 25

// facts describes what is only data: the zone's own answers, with the public profile's where
// they help to read them. It returns the sections and the sensitive values extended with every
// username and email address it saw.
func facts(zone, profile *snapshot, username string, sensitive []string) ([]Section, []string) {
	for _, r := range zone.users.records {
		sensitive = append(sensitive, rawText(r["userName"]), rawText(r["email"]))
	}
	sections := []Section{
		zoneFacts(zone, profile),
		entityFacts(zone, profile),
		fieldFacts(zone, profile),
		picklistFacts(zone),
		userFacts(zone, profile, username),
		countFacts(zone),
	}
	return sections, sensitive
}

func zoneFacts(zone, profile *snapshot) Section {
	s := Section{Title: "Zone"}
	if zone.zone.err != nil {
		s.Lines = append(s.Lines, "- zoneInformation: error: "+zone.zone.err.Error())
	} else {
		z := zone.zone.keys
		s.Lines = append(s.Lines, fmt.Sprintf("- zoneInformation: zoneName %s, url on %s with path %s, webUrl on %s; keys: %s (ci is not shown)",
			quote(rawText(z["zoneName"])), urlHost(z["url"]), quote(urlPath(z["url"])), urlHost(z["webUrl"]), strings.Join(keysOf(z), ", ")))
	}
	s.Lines = append(s.Lines, "- Autotask version (V1.0/Version): "+versionText(zone.version)+" (the simulator says "+versionText(profile.version)+")")
	if zone.versionsErr != nil {
		s.Lines = append(s.Lines, "- VersionInformation: error: "+zone.versionsErr.Error())
	} else {
		s.Lines = append(s.Lines, fmt.Sprintf("- VersionInformation apiVersions: %s", quoteAll(zone.apiVersions)))
	}
	if zone.threshold.err != nil {
		s.Lines = append(s.Lines, "- ThresholdInformation: error: "+zone.threshold.err.Error())
	} else {
		t := zone.threshold.keys
		s.Lines = append(s.Lines, fmt.Sprintf("- ThresholdInformation: externalRequestThreshold %s per requestThresholdTimeframe %s; currentTimeframeRequestCount %s when probed; keys: %s",
			rawText(t["externalRequestThreshold"]), rawText(t["requestThresholdTimeframe"]), rawText(t["currentTimeframeRequestCount"]), strings.Join(keysOf(t), ", ")))
	}
	return s
}

func versionText(o object) string {
	if o.err != nil {
		return "error: " + o.err.Error()
	}
	parts := []string{rawText(o.keys["majorVersion"]), rawText(o.keys["minorVersion"]), rawText(o.keys["build"])}
	return strings.Join(parts, ".")
}

func entityFacts(zone, profile *snapshot) Section {
	s := Section{Title: "Entity capabilities", Lines: []string{"| entity | the zone | the public profile |", "|---|---|---|"}}
	for i, z := range zone.entities {
		s.Lines = append(s.Lines, fmt.Sprintf("| %s | %s | %s |", z.name, capabilities(z), capabilities(profile.entities[i])))
	}
	return s
}

func capabilities(e entityObservation) string {
	switch {
	case e.err != nil:
		return "error: " + cell(e.err.Error())
	case !e.exists:
		return "not served (404)"
	}
	var can []string
	for _, c := range []struct {
		name string
		on   bool
	}{{"query", e.info.CanQuery}, {"create", e.info.CanCreate}, {"update", e.info.CanUpdate}, {"delete", e.info.CanDelete}} {
		if c.on {
			can = append(can, c.name)
		}
	}
	if len(can) == 0 {
		can = []string{"nothing"}
	}
	out := strings.Join(can, ", ")
	if e.info.HasUserDefinedFields {
		out += "; user-defined fields"
	}
	return out
}

func fieldFacts(zone, profile *snapshot) Section {
	s := Section{Title: "Resources fields"}
	if zone.fieldsErr != nil {
		s.Lines = append(s.Lines, "- error: "+zone.fieldsErr.Error())
		return s
	}
	var readOnly, required []string
	for _, f := range zone.fields {
		if f.IsReadOnly {
			readOnly = append(readOnly, f.Name)
		}
		if f.IsRequired {
			required = append(required, f.Name)
		}
	}
	s.Lines = append(s.Lines,
		fmt.Sprintf("- %d fields (the public profile: %d)", len(zone.fields), len(profile.fields)),
		"- read-only (`isReadOnly`): "+orNone(readOnly),
		"- required (`isRequired`): "+orNone(required))
	return s
}

func picklistFacts(zone *snapshot) Section {
	s := Section{Title: "Resources picklists"}
	if zone.fieldsErr != nil {
		s.Lines = append(s.Lines, "- error: "+zone.fieldsErr.Error())
		return s
	}
	if zone.users.license != "" {
		s.Lines = append(s.Lines, fmt.Sprintf("- licenseType of %s: `%s`", quote(autotask.APIUserLicense), zone.users.license))
	} else {
		s.Lines = append(s.Lines, fmt.Sprintf("- licenseType has no choice labelled %s", quote(autotask.APIUserLicense)))
	}
	for _, name := range probedPicklists {
		f, ok := fieldNamed(zone.fields, name)
		if !ok {
			s.Lines = append(s.Lines, "- "+name+": no such field")
			continue
		}
		var choices []string
		for _, v := range f.PicklistValues {
			c := fmt.Sprintf("`%s` %s", v.Value, quote(v.Label))
			if v.IsDefaultValue {
				c += " (default)"
			}
			if !v.IsActive {
				c += " (inactive)"
			}
			choices = append(choices, c)
		}
		s.Lines = append(s.Lines, fmt.Sprintf("- %s (%d): %s", name, len(choices), orNone(choices)))
	}
	return s
}

// userFacts describes the zone's API users without showing who they are: counts, the shapes of
// their usernames (masked), the signed-in user's, and which fields their records set.
func userFacts(zone, profile *snapshot, username string) Section {
	s := Section{Title: "API users"}
	u := zone.users
	switch {
	case zone.fieldsErr != nil:
		s.Lines = append(s.Lines, "- not read: the Resources fields could not be read")
		return s
	case u.license == "":
		s.Lines = append(s.Lines, fmt.Sprintf("- not read: licenseType has no choice labelled %s", quote(autotask.APIUserLicense)))
		return s
	case u.err != nil:
		s.Lines = append(s.Lines, "- error: "+u.err.Error())
		return s
	}
	active := 0
	shapes := map[string]int{}
	keyLengths := map[int]int{}
	sameDomain := 0
	userTypes := map[string]int{}
	resourceTypes := map[string]int{}
	var listed []string
	var self []string
	userTypeLabels := map[string]string{}
	for _, v := range picklistOf(zone.fields, "userType") {
		userTypeLabels[v.Value] = v.Label
	}
	for _, r := range u.records {
		name, email := rawText(r["userName"]), rawText(r["email"])
		isActive := rawText(r["isActive"]) == "true"
		if isActive {
			active++
		}
		shape := usernameShape(name)
		shapes[shape]++
		key, domain, _ := strings.Cut(name, "@")
		keyLengths[len([]rune(key))]++
		if shape == shapeKeyAtDomain {
			if _, emailDomain, ok := strings.Cut(email, "@"); ok && strings.EqualFold(domain, emailDomain) {
				sameDomain++
			}
		}
		ut := rawText(r["userType"])
		if l, ok := userTypeLabels[ut]; ok {
			ut += " " + quote(l)
		}
		userTypes[ut]++
		resourceTypes[rawText(r["resourceType"])]++
		if len(listed) < maxListedUsers {
			state := "inactive"
			if isActive {
				state = "active"
			}
			listed = append(listed, fmt.Sprintf("  - `%s` (%s, %s, userType %s)", mask(name), shape, state, ut))
		}
		if sameUser(username, name) {
			held := "the same text"
			if name != username {
				held = "as " + shape + " `" + mask(name) + "`"
			}
			self = append(self, fmt.Sprintf("- the signed-in user: configured as %s `%s`; the zone holds its userName %s",
				usernameShape(username), mask(username), held))
		}
	}
	s.Lines = append(s.Lines,
		fmt.Sprintf("- %d API users (licenseType `%s`): %d active, %d inactive", len(u.records), u.license, active, len(u.records)-active),
		fmt.Sprintf("- usernames: %d %s, %d %s (%d of them at the domain of the user's own email address), %d other",
			shapes[shapeBare], shapeBare, shapes[shapeKeyAtDomain], shapeKeyAtDomain, sameDomain, shapes[shapeOther]),
		"- key lengths (the part before any @): "+histogram(keyLengths),
		"- userType: "+tally(userTypes),
		"- resourceType: "+tally(resourceTypes))
	if len(self) == 0 {
		s.Lines = append(s.Lines, fmt.Sprintf("- the signed-in user (configured as %s `%s`) is not among them",
			usernameShape(username), mask(username)))
	}
	s.Lines = append(s.Lines, self...)
	if len(listed) > 0 {
		s.Lines = append(s.Lines, "- usernames, masked:")
		s.Lines = append(s.Lines, listed...)
		if more := len(u.records) - len(listed); more > 0 {
			s.Lines = append(s.Lines, fmt.Sprintf("  - and %d more", more))
		}
	}
	s.Lines = append(s.Lines, "", "Which fields API-user records set (the public profile's seeded API users for comparison):", "",
		"| field | set | null | absent | public profile: set / null / absent |", "|---|---|---|---|---|")
	zc, pc := fieldUse(u.records), fieldUse(profile.users.records)
	names := map[string]bool{}
	for k := range zc {
		names[k] = true
	}
	for k := range pc {
		names[k] = true
	}
	for _, k := range keysOf(names) {
		z, p := zc[k], pc[k]
		z.absent = len(u.records) - z.set - z.null
		p.absent = len(profile.users.records) - p.set - p.null
		s.Lines = append(s.Lines, fmt.Sprintf("| %s | %d | %d | %d | %d / %d / %d |", k, z.set, z.null, z.absent, p.set, p.null, p.absent))
	}
	return s
}

type use struct{ set, null, absent int }

func fieldUse(records []map[string]json.RawMessage) map[string]use {
	out := map[string]use{}
	for _, r := range records {
		for k, v := range r {
			c := out[k]
			if jsonKind(v) == "null" {
				c.null++
			} else {
				c.set++
			}
			out[k] = c
		}
	}
	return out
}

func countFacts(zone *snapshot) Section {
	s := Section{Title: "Other tables"}
	for _, c := range zone.counts {
		if c.err != nil {
			s.Lines = append(s.Lines, fmt.Sprintf("- %s: error: %s", c.entity, c.err.Error()))
			continue
		}
		s.Lines = append(s.Lines, fmt.Sprintf("- %s: %d rows, %d with %s", c.entity, c.total, c.flagged, c.flag))
	}
	return s
}

// sameUser reports whether a username as configured names the one a zone holds: the same text
// (case-insensitively), or the same key where one side is a bare key and the other key@domain.
func sameUser(configured, held string) bool {
	if strings.EqualFold(configured, held) {
		return true
	}
	ck, _, cAt := strings.Cut(configured, "@")
	hk, _, hAt := strings.Cut(held, "@")
	return cAt != hAt && strings.EqualFold(ck, hk)
}

// Username shapes.
const (
	shapeBare        = "bare key"
	shapeKeyAtDomain = "key@domain"
	shapeOther       = "other shape"
)

// usernameShape tells a bare key from key@domain (one @, a dotted domain).
func usernameShape(name string) string {
	key, domain, found := strings.Cut(name, "@")
	switch {
	case !found:
		return shapeBare
	case key != "" && !strings.Contains(domain, "@") && strings.Contains(strings.Trim(domain, "."), "."):
		return shapeKeyAtDomain
	}
	return shapeOther
}

// mask shows at most the first three characters of a value, and never all of it.
func mask(s string) string {
	r := []rune(s)
	keep := min(3, len(r)/2)
	return string(r[:keep]) + strings.Repeat("*", len(r)-keep)
}

func histogram(m map[int]int) string {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d characters ×%d", k, m[k]))
	}
	return orNone(parts)
}

func tally(m map[string]int) string {
	var parts []string
	for _, k := range keysOf(m) {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return orNone(parts)
}

func orNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

func quoteAll(items []string) string {
	var q []string
	for _, s := range items {
		q = append(q, quote(s))
	}
	return orNone(q)
}

// cell makes text safe in a markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}
