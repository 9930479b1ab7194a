package permissions

import (
	"fmt"
	"strings"
)

// FullAccess is the matrix of a level copied from "API User (system) (API-only)", which grants
// full access: every setting at its copy value.
func (c *Catalog) FullAccess() map[string]string {
	out := make(map[string]string, len(c.settings))
	for _, s := range c.settings {
		out[s.Key] = s.CopyValue
	}
	return out
}

// ManualSteps renders the markdown a person follows in a security level copied from
// "API User (system) (API-only)" to give it the permissions in perms: either click
// "No Permission" in each section and set what perms grants, or keep the copied full access and
// take away what perms withholds, whichever lists fewer rows.
func (c *Catalog) ManualSteps(perms map[string]string) string {
	fromNone := c.checklistRows(perms, c.FillDefaults(nil))
	fromFull := c.checklistRows(perms, c.FullAccess())
	if len(fromFull) < len(fromNone) {
		return "Keep every permission the copy carries, then set these:\n\n" + renderRows(fromFull)
	}
	return "In every section except Web Services API, click **No Permission**, then set these:\n\n" + renderRows(fromNone)
}

// ChecklistTable renders, as a markdown table in UI order and UI words, the settings a person
// must change by hand after clicking "No Permission" in each section, to give a security level the
// permissions in perms. Invalid entries are left out: validate the map first.
func (c *Catalog) ChecklistTable(perms map[string]string) string {
	return renderRows(c.checklistRows(perms, c.FillDefaults(nil)))
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
	var rows []checklistRow
	for _, s := range c.settings {
		v := full[s.Key]
		besideItsBlock := s.Kind == KindInteger && s.Check(v) == nil && blockListed[s.Section.Key+"/"+s.Block]
		if !changed(s) && !besideItsBlock {
			continue
		}
		shown := s.DisplayValue(v)
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
