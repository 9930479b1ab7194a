package permissions

import (
	"fmt"
	"strings"
)

// ManualSteps renders the markdown a person follows in a security level copied from
// "API User (system) (API-only)" to give it the permissions in perms: either click
// "No Permission" in each section and set what perms grants, or keep the copied full access and
// take away what perms withholds, whichever lists fewer rows.
func (c *Catalog) ManualSteps(perms map[string]string) string {
	keepCopy, baseline := c.manualBaseline(perms)
	rows := renderRows(c.checklistRows(perms, baseline))
	if keepCopy {
		return "Keep every permission the copy carries, then set these:\n\n" + rows
	}
	return "In every section except Web Services API, click **No Permission**, then set these:\n\n" + rows
}

// manualBaseline picks the procedure with fewer rows to change and returns where it starts.
func (c *Catalog) manualBaseline(perms map[string]string) (keepCopy bool, baseline map[string]string) {
	none, full := c.noPermissionBaseline(), c.FullAccess()
	if len(c.checklistSettings(perms, full)) < len(c.checklistSettings(perms, none)) {
		return true, full
	}
	return false, none
}

// ChecklistTable renders, as a markdown table in UI order and UI words, the settings a person
// must change by hand in a copy of API User (system) (API-only) after clicking "No Permission" in
// each section but Web Services API, to give the level the permissions in perms. Invalid entries are left out: validate the map first.
func (c *Catalog) ChecklistTable(perms map[string]string) string {
	return renderRows(c.checklistRows(perms, c.noPermissionBaseline()))
}

// noPermissionBaseline is a copy of API User (system) (API-only) after "No Permission" in every
// section but Web Services API, which keeps the copy's values: clicking it there would clear
// Can login to Web Services API, which can never be checked again.
func (c *Catalog) noPermissionBaseline() map[string]string {
	base := c.FillDefaults(nil)
	for _, s := range c.settings {
		if s.Section.Key == "web_services_api" {
			base[s.Key] = s.CopyValue
		}
	}
	return base
}

type checklistRow struct {
	section, block, label string
	values                []string
}

// checklistRows lists the rows whose value in perms differs from baseline, and always the check
// boxes that are on by default (Can login to Web Services API), so a checklist never relies on a
// state that "No Permission" would clear. An integer is also listed beside the other listed rows
// of its block (the webhook maximum with Can create Webhooks).
func (c *Catalog) checklistRows(perms, baseline map[string]string) []checklistRow {
	full := c.FillDefaults(perms)
	var rows []checklistRow
	for _, s := range c.checklistSettings(perms, baseline) {
		shown := s.DisplayValue(full[s.Key])
		if s.Right != "" {
			shown = s.RightLabel + ": " + shown
			// Rights of one object share a line, as the vendor guides write them.
			if last := len(rows) - 1; last >= 0 && rows[last].section == s.Section.Label &&
				rows[last].block == s.Block && rows[last].label == s.ItemLabel {
				rows[last].values = append(rows[last].values, shown)
				continue
			}
		}
		rows = append(rows, checklistRow{s.Section.Label, s.Block, s.ItemLabel, []string{shown}})
	}
	return rows
}

// checklistSettings lists, in UI order, the settings a checklist from baseline names.
func (c *Catalog) checklistSettings(perms, baseline map[string]string) []Setting {
	full := c.FillDefaults(perms)
	changed := func(s Setting) bool {
		v := full[s.Key]
		return s.Check(v) == nil && (v != baseline[s.Key] || s.DefaultValue == "true")
	}
	blockListed := map[string]bool{}
	for _, s := range c.settings {
		if s.Kind != KindInteger && changed(s) {
			blockListed[s.Section.Key+"/"+s.Block] = true
		}
	}
	var listed []Setting
	for _, s := range c.settings {
		v := full[s.Key]
		besideItsBlock := s.Kind == KindInteger && s.Check(v) == nil && blockListed[s.Section.Key+"/"+s.Block]
		if changed(s) || besideItsBlock {
			listed = append(listed, s)
		}
	}
	return listed
}

func renderRows(rows []checklistRow) string {
	var b strings.Builder
	b.WriteString("| Section | Block | Setting | Value |\n|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdCell(r.section), mdCell(r.block), mdCell(r.label), mdCell(strings.Join(r.values, "; ")))
	}
	return b.String()
}

// mdCell escapes the characters that would break a markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
