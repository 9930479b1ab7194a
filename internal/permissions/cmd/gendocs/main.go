// Command gendocs writes the documentation guides generated from the permission catalogue and
// the vendor templates: templates/guides/permission-keys.md (every key) and
// templates/guides/vendor-templates.md (contents linking each vendor's section by vendor name, a
// table of the templates, then one section per template, anchored by its slug, with its notes
// and its whole manual checklist).
// `make generate` runs it before tfplugindocs, and CI fails when the committed pages are stale.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

func main() {
	dir := "templates/guides"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	for name, page := range map[string]string{
		"permission-keys.md":  permissionKeys(),
		"vendor-templates.md": vendorTemplates(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(page), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func permissionKeys() string {
	var b strings.Builder
	b.WriteString(`---
page_title: "Permission keys"
subcategory: "Guides"
description: |-
  Every security-level setting the provider knows, by key, with its UI label, allowed values and default.
---

# Permission keys

A permission set is a ` + "`map(string)`" + ` keyed by these keys: ` + "`<section>.<item>`" + ` for a single setting,
` + "`<section>.<item>.<right>`" + ` for one right of an object row. Keys left out of a map take their default:
no access, except ` + "`web_services_api.can_login`" + `, which is enabled (it concerns only the SOAP Web
Services API, versions 1.5 and earlier, and does not affect REST sign-in). Unknown keys, older or newer UI
names (aliases) and values outside the allowed set fail at plan time. The data source
` + "`autotask_permission_catalog`" + ` returns the same table. "Copy" is the value in a copy of
API User (system) (API-only), the level vendor guides copy.

This page is generated from the provider's catalogue.
`)
	section := ""
	for _, s := range permissions.Default().Settings() {
		if s.Section.Label != section {
			section = s.Section.Label
			fmt.Fprintf(&b, "\n## %s\n\n| Key | Setting | Allowed values | Default | Copy |\n|---|---|---|---|---|\n", section)
		}
		allowed := strings.Join(s.AllowedValues(), ", ")
		if s.Kind == permissions.KindInteger {
			allowed = fmt.Sprintf("%d to %d", s.Min, s.Max)
		}
		label := s.Block + ": " + s.Label()
		if len(s.AliasKeys) > 0 {
			label += " (aliases: `" + strings.Join(s.AliasKeys, "`, `") + "`)"
		}
		if s.Note != "" {
			label += ". " + s.Note
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", s.Key, cell(label), allowed, s.DefaultValue, s.CopyValue)
	}
	return b.String()
}

func vendorTemplates() string {
	var b strings.Builder
	b.WriteString(`---
page_title: "Vendor templates"
subcategory: "Guides"
description: |-
  The vendor permission templates the provider ships, each with its notes and the whole manual procedure.
---

# Vendor templates

Each template follows a vendor's published setup guide. Use its slug as ` + "`vendor`" + ` in the
` + "`autotask_permission_template`" + ` data source, which returns the template's permission map, notes
and manual procedure (` + "`checklist_markdown`" + `) as values; its ` + "`version`" + ` argument pins the version
in the last column. A **system** template gives the API user a system security level; a **custom**
one builds a security level from its permission map. **Partial** means the vendor's public guide
gives only part of the permissions. The guide [Packaging vendor presets](packaging-vendor-presets.md)
shows how to build on them.

Below the table, one section per template gives its notes and the whole procedure in the words of
the Autotask UI, so you can set up any vendor by hand, for example on a zone whose API cannot
create security levels and API users.
`)
	templates := permissions.Templates()
	b.WriteString(renamedSlugs(templates))
	b.WriteString("\nThis page is generated from the provider's templates.\n\n" + contents(templates))
	b.WriteString("\n## " + tableHeading + "\n\n| Slug | Vendor | Tracking identifier | Security level | Version |\n|---|---|---|---|---|\n")
	for _, t := range templates {
		name := t.DisplayName
		if t.SourceURL != "" {
			name = fmt.Sprintf("[%s](%s)", t.DisplayName, t.SourceURL)
		}
		fmt.Fprintf(&b, "| [`%s`](#%s)%s | %s | %s | %s | %d |\n", t.Slug, t.Slug, formerly(t), cell(name), cell(tracking(t)), cell(level(t)), t.Version)
	}
	for _, t := range templates {
		b.WriteString("\n" + vendorSection(t))
	}
	return b.String()
}

// The headings of vendor-templates.md that are not a template's section.
const (
	contentsHeading = "Contents"
	tableHeading    = "All templates"
)

// anchor is the fragment of a heading's link: lowercase words joined by hyphens.
func anchor(heading string) string {
	return strings.Join(strings.Fields(strings.ToLower(heading)), "-")
}

// contents links every template's section by vendor name, in alphabetical order, since that is
// the name a reader looks for; the table below lists them by slug.
func contents(templates []permissions.Template) string {
	byName := slices.Clone(templates)
	slices.SortStableFunc(byName, func(a, b permissions.Template) int {
		return strings.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n[%s](#%s): every template's slug, tracking identifier, security level and version. "+
		"Each vendor's section, by vendor name:\n\n", contentsHeading, tableHeading, anchor(tableHeading))
	for _, t := range byName {
		fmt.Fprintf(&b, "- [%s](#%s): `%s`%s\n", t.DisplayName, t.Slug, t.Slug, formerly(t))
	}
	return b.String()
}

// renamedSlugs explains the former slugs, when a template has one.
func renamedSlugs(templates []permissions.Template) string {
	var renamed []string
	for _, t := range templates {
		for _, f := range t.FormerSlugs {
			renamed = append(renamed, fmt.Sprintf("`%s` is now [`%s`](#%s)", f, t.Slug, t.Slug))
		}
	}
	if len(renamed) == 0 {
		return ""
	}
	return "\nA template whose slug did not say whose guide it follows was renamed: " + strings.Join(renamed, ", ") +
		". A former slug still works as `vendor` and returns the same template, with a warning naming the new slug.\n"
}

// formerly notes a template's former slugs, or is empty.
func formerly(t permissions.Template) string {
	if len(t.FormerSlugs) == 0 {
		return ""
	}
	return " (formerly `" + strings.Join(t.FormerSlugs, "`, `") + "`)"
}

// tracking says which API tracking identifier the template's guide picks.
func tracking(t permissions.Template) string {
	switch {
	case t.IntegrationVendor != "":
		return "Integration Vendor: " + t.IntegrationVendor
	case t.InternalIntegrationName != "":
		return "Custom (Internal Integration): " + t.InternalIntegrationName
	}
	return "not stated in the guide"
}

// level says which security level the template's API user gets.
func level(t permissions.Template) string {
	s := "system: " + t.SystemLevel
	if t.SystemLevel == "" {
		s = fmt.Sprintf("custom: %s (%d rows)", t.LevelName, len(t.Permissions()))
	}
	if t.Partial {
		s += ", partial"
	}
	return s
}

// vendorSection is one template's section: a heading whose anchor is the slug, a summary, and the
// template's checklist with its headings nested under that heading.
func vendorSection(t permissions.Template) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", t.Slug)
	name := "**" + t.DisplayName + "**"
	if t.SourceURL != "" {
		name = fmt.Sprintf("**[%s](%s)**", t.DisplayName, t.SourceURL)
	}
	fmt.Fprintf(&b, "%s, template version %d.\n\n", name, t.Version)
	if len(t.FormerSlugs) > 0 {
		fmt.Fprintf(&b, "- Slug: `%s`%s; the former slug still works, with a warning.\n", t.Slug, formerly(t))
	}
	switch {
	case t.IntegrationVendor != "":
		fmt.Fprintf(&b, "- Tracking identifier: the Integration Vendor **%s**.\n", t.IntegrationVendor)
	case t.InternalIntegrationName != "":
		fmt.Fprintf(&b, "- Tracking identifier: a Custom (Internal Integration) named **%s**.\n", t.InternalIntegrationName)
	default:
		b.WriteString("- Tracking identifier: not stated in the vendor's guide.\n")
	}
	if t.SystemLevel != "" {
		fmt.Fprintf(&b, "- Security level: the system level **%s**.\n", t.SystemLevel)
	} else {
		fmt.Fprintf(&b, "- Security level: a custom level, **%s**, copied from **%s**; %d rows differ from the catalogue defaults.\n",
			t.LevelName, t.CopyFrom, len(t.Permissions()))
	}
	if t.Partial {
		b.WriteString("- **Partial**: the vendor's public guide gives only part of the permissions; the notes say what is missing.\n")
	}
	b.WriteString("\n" + demoteHeadings(t.ChecklistMarkdown(), 2))
	fmt.Fprintf(&b, "\n[Back to the contents](#%s)\n", anchor(contentsHeading))
	return b.String()
}

// demoteHeadings adds levels to every markdown heading of s outside fenced code, so a document
// whose top heading is "#" nests under a heading of level levels.
func demoteHeadings(s string, levels int) string {
	lines := strings.Split(s, "\n")
	fenced := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
		}
		if !fenced && strings.HasPrefix(l, "#") && strings.HasPrefix(strings.TrimLeft(l, "#"), " ") {
			lines[i] = strings.Repeat("#", levels) + l
		}
	}
	return strings.Join(lines, "\n")
}
