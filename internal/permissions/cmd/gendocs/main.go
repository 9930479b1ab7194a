// Command gendocs writes the documentation guides generated from the permission catalogue and
// the vendor templates: templates/guides/permission-keys.md and templates/guides/vendor-templates.md.
// `make generate` runs it before tfplugindocs, and CI fails when the committed pages are stale.
package main

import (
	"fmt"
	"os"
	"path/filepath"
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
no access, except ` + "`web_services_api.can_login`" + `, which is enabled. Unknown keys, older or newer UI
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
  The vendor permission templates the provider ships, for the autotask_permission_template data source.
---

# Vendor templates

Each template follows a vendor's published setup guide. Use its slug as ` + "`vendor`" + ` in the
` + "`autotask_permission_template`" + ` data source, which also returns the permission map, notes and the
whole manual procedure. A **system** template gives the API user a system security level; a **custom**
one builds a security level from its permission map. **Partial** means the vendor's public guide
gives only part of the permissions.

This page is generated from the provider's templates.

| Slug | Vendor | Tracking identifier | Security level | Version |
|---|---|---|---|---|
`)
	for _, t := range permissions.Templates() {
		tracking := "not stated in the guide"
		switch {
		case t.IntegrationVendor != "":
			tracking = "Integration Vendor: " + t.IntegrationVendor
		case t.InternalIntegrationName != "":
			tracking = "Custom (Internal Integration): " + t.InternalIntegrationName
		}
		level := "system: " + t.SystemLevel
		if t.SystemLevel == "" {
			level = fmt.Sprintf("custom: %s (%d rows)", t.LevelName, len(t.Permissions()))
		}
		if t.Partial {
			level += ", partial"
		}
		name := t.DisplayName
		if t.SourceURL != "" {
			name = fmt.Sprintf("[%s](%s)", t.DisplayName, t.SourceURL)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %d |\n", t.Slug, cell(name), cell(tracking), cell(level), t.Version)
	}
	return b.String()
}
