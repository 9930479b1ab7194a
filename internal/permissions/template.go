package permissions

import (
	"bytes"
	"embed"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

// The level vendors tell you to copy, and the one system-level templates use as is.
const SystemAPILevel = "API User (system) (API-only)"

// Template is one vendor's permission preset: how its guide sets up the security level and the
// API user.
type Template struct {
	Slug string
	// FormerSlugs are slugs the template had before it was renamed, most often to name whose
	// guide it is. LookupTemplate still finds the template by them, so configurations that use
	// them keep working; the data source warns and names Slug.
	FormerSlugs []string
	DisplayName string
	// At most one of these is set: the Integration Vendor picklist name, or the name of a
	// Custom (Internal Integration), for which Autotask generates the tracking identifier.
	// Neither is set only when TrackingIdentifierUnstated: the vendor's guide does not say.
	IntegrationVendor          string
	InternalIntegrationName    string
	TrackingIdentifierUnstated bool
	// SystemLevel names the system security level the user gets; empty for a custom level.
	SystemLevel string
	// For a custom level: its suggested name and the level the guide copies.
	LevelName string
	CopyFrom  string
	// KeepCopiedPermissions is set when the guide keeps the full access of the copied level and
	// changes only a few rows; permissions then include every row of that full access.
	KeepCopiedPermissions bool
	FirstName, LastName   string
	Partial               bool // The public guide gives only part of the permissions.
	Notes                 string
	SourceURL             string // Empty when the guide's address is not known.
	Version               int
	Changelog             []ChangelogEntry

	permissions map[string]string // As written in the file.
}

// ChangelogEntry says what a template version changed.
type ChangelogEntry struct {
	Version int    `yaml:"version"`
	Changes string `yaml:"changes"`
}

// Permissions returns the custom level's permission map, holding only the rows that differ from
// the catalogue defaults (nil for a system level), so a level built from it imports with no diff.
func (t Template) Permissions() map[string]string {
	if t.SystemLevel != "" {
		return nil
	}
	if !t.KeepCopiedPermissions {
		return maps.Clone(t.permissions)
	}
	c := Default()
	full := c.FullAccess()
	maps.Copy(full, t.permissions)
	return c.WithoutDefaults(full)
}

// WebhooksRequired reports whether the vendor needs to create webhooks.
func (t Template) WebhooksRequired() bool {
	return t.SystemLevel == "" && Default().FillDefaults(t.Permissions())["other.can_create_webhooks"] == "true"
}

// LevelMode is "system" when the user gets a system level and "custom" otherwise.
func (t Template) LevelMode() string {
	if t.SystemLevel != "" {
		return "system"
	}
	return "custom"
}

// SecurityLevelName is the level the API user gets: the suggested custom name or the system level.
func (t Template) SecurityLevelName() string {
	if t.SystemLevel != "" {
		return t.SystemLevel
	}
	return t.LevelName
}

// ChangesSince lists the change log entries after version, oldest first.
func (t Template) ChangesSince(version int) []ChangelogEntry {
	var out []ChangelogEntry
	for _, e := range t.Changelog {
		if e.Version > version {
			out = append(out, e)
		}
	}
	return out
}

// The YAML layout of templates/<slug>.yaml.
type templateFile struct {
	Slug                       string   `yaml:"slug"`
	FormerSlugs                []string `yaml:"former_slugs"`
	DisplayName                string   `yaml:"display_name"`
	IntegrationVendor          string   `yaml:"integration_vendor"`
	InternalIntegrationName    string   `yaml:"internal_integration_name"`
	TrackingIdentifierUnstated bool     `yaml:"tracking_identifier_unstated"`
	SecurityLevel              struct {
		System string `yaml:"system"`
		Custom *struct {
			Name                  string            `yaml:"name"`
			CopyFrom              string            `yaml:"copy_from"`
			KeepCopiedPermissions bool              `yaml:"keep_copied_permissions"`
			Permissions           map[string]string `yaml:"permissions"`
		} `yaml:"custom"`
	} `yaml:"security_level"`
	User struct {
		FirstName string `yaml:"first_name"`
		LastName  string `yaml:"last_name"`
	} `yaml:"user"`
	Partial   bool             `yaml:"partial"`
	Notes     string           `yaml:"notes"`
	SourceURL string           `yaml:"source_url"`
	Version   int              `yaml:"version"`
	Changelog []ChangelogEntry `yaml:"changelog"`
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseTemplate reads and checks one template file against the catalogue.
func parseTemplate(c *Catalog, name string, data []byte) (Template, error) {
	var f templateFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return Template{}, fmt.Errorf("%s: %w", name, err)
	}
	var extra any
	if dec.Decode(&extra) == nil {
		return Template{}, fmt.Errorf("%s: one YAML document per template file", name)
	}
	fail := func(format string, args ...any) (Template, error) {
		return Template{}, fmt.Errorf("%s: "+format, append([]any{name}, args...)...)
	}
	if !slugPattern.MatchString(f.Slug) || f.Slug+".yaml" != name {
		return fail("slug %q must be lowercase words joined by hyphens and match the file name", f.Slug)
	}
	for _, former := range f.FormerSlugs {
		if !slugPattern.MatchString(former) || former == f.Slug {
			return fail("former slug %q must be lowercase words joined by hyphens and differ from the slug", former)
		}
	}
	if f.DisplayName == "" || f.User.FirstName == "" || f.User.LastName == "" {
		return fail("display_name, user.first_name and user.last_name are required")
	}
	switch {
	case f.TrackingIdentifierUnstated && (f.IntegrationVendor != "" || f.InternalIntegrationName != ""):
		return fail("tracking_identifier_unstated excludes integration_vendor and internal_integration_name")
	case !f.TrackingIdentifierUnstated && (f.IntegrationVendor == "") == (f.InternalIntegrationName == ""):
		return fail("set exactly one of integration_vendor and internal_integration_name, or tracking_identifier_unstated when the guide does not say")
	}
	if f.Version < 1 || len(f.Changelog) == 0 || f.Changelog[len(f.Changelog)-1].Version != f.Version {
		return fail("version must be at least 1 and the change log must end with it")
	}
	for i, e := range f.Changelog {
		if e.Changes == "" || e.Version < 1 || (i > 0 && e.Version <= f.Changelog[i-1].Version) {
			return fail("change log entries need text and increasing versions")
		}
	}
	t := Template{
		Slug: f.Slug, FormerSlugs: f.FormerSlugs, DisplayName: f.DisplayName,
		IntegrationVendor: f.IntegrationVendor, InternalIntegrationName: f.InternalIntegrationName,
		TrackingIdentifierUnstated: f.TrackingIdentifierUnstated,
		FirstName:                  f.User.FirstName, LastName: f.User.LastName,
		Partial: f.Partial, Notes: strings.TrimSpace(f.Notes), SourceURL: f.SourceURL,
		Version: f.Version, Changelog: f.Changelog,
	}
	custom := f.SecurityLevel.Custom
	switch {
	case (f.SecurityLevel.System == "") == (custom == nil):
		return fail("security_level needs exactly one of system and custom")
	case custom == nil:
		t.SystemLevel = f.SecurityLevel.System
		return t, nil
	case custom.Name == "" || custom.CopyFrom == "":
		return fail("security_level.custom needs name and copy_from")
	}
	t.LevelName, t.CopyFrom, t.KeepCopiedPermissions = custom.Name, custom.CopyFrom, custom.KeepCopiedPermissions
	if problems := c.Validate(custom.Permissions); len(problems) > 0 {
		return fail("%v", problems[0])
	}
	// The file lists only the rows that differ from where the guide starts, so nothing in it is
	// implied twice and the stored map stays minimal.
	baseline := c.FillDefaults(nil)
	if custom.KeepCopiedPermissions {
		baseline = c.FullAccess()
	}
	for k, v := range custom.Permissions {
		if baseline[k] == v {
			return fail("permission %q = %q is already implied; leave it out", k, v)
		}
	}
	t.permissions = custom.Permissions
	return t, nil
}

//go:embed templates/*.yaml
var templateFiles embed.FS

var loadTemplates = sync.OnceValues(func() ([]Template, error) {
	entries, err := templateFiles.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, e := range entries {
		data, err := templateFiles.ReadFile(path.Join("templates", e.Name()))
		if err != nil {
			return nil, err
		}
		t, err := parseTemplate(Default(), e.Name(), data)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Template) int { return strings.Compare(a.Slug, b.Slug) })
	if err := checkSlugsUnique(out); err != nil {
		return nil, err
	}
	return out, nil
})

// checkSlugsUnique requires every slug and former slug to name one template: a former slug
// cannot be another template's slug, now or later.
func checkSlugsUnique(ts []Template) error {
	owner := map[string]string{}
	for _, t := range ts {
		for _, s := range append([]string{t.Slug}, t.FormerSlugs...) {
			if other, taken := owner[s]; taken {
				return fmt.Errorf("the slug %q names both %s and %s", s, other, t.Slug)
			}
			owner[s] = t.Slug
		}
	}
	return nil
}

// Templates returns every embedded template, sorted by slug. The embedded files are checked by
// the package tests, so a failure here is a programming error.
func Templates() []Template {
	ts, err := loadTemplates()
	if err != nil {
		panic(fmt.Sprintf("permissions: embedded templates: %v", err))
	}
	return ts
}

// LookupTemplate returns the template with the slug, or with it as a former slug: the returned
// template's Slug then differs from slug.
func LookupTemplate(slug string) (Template, bool) {
	for _, t := range Templates() {
		if t.Slug == slug || slices.Contains(t.FormerSlugs, slug) {
			return t, true
		}
	}
	return Template{}, false
}

// ClosestTemplates returns up to n templates whose slug the typed vendor most likely meant, best
// first, by the shared suggest rules: a slug, a former slug, the vendor's display name or its
// Integration Vendor or internal integration name count, so "zappier", "Zapier", "IT Glue" and
// "propel" each find their template.
func ClosestTemplates(typed string, n int) []Template {
	ts := Templates()
	candidates := make([]suggest.Candidate, len(ts))
	bySlug := make(map[string]Template, len(ts))
	for i, t := range ts {
		also := append(slices.Clone(t.FormerSlugs), t.DisplayName)
		for _, name := range []string{t.IntegrationVendor, t.InternalIntegrationName} {
			if name != "" {
				also = append(also, name)
			}
		}
		candidates[i] = suggest.Candidate{Name: t.Slug, Also: also}
		bySlug[t.Slug] = t
	}
	var out []Template
	for _, slug := range suggest.Rank(candidates, n, typed) {
		out = append(out, bySlug[slug])
	}
	return out
}
