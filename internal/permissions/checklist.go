package permissions

import (
	"fmt"
	"strings"
)

// ChecklistTable renders, as a markdown table in UI order and UI words, the settings a person
// must change by hand after clicking "No Permission" in each section, to give a security level the
// permissions in perms. Rows are listed when their value differs from the default, and always for
// check boxes that are on by default (Can login to Web Services API), so the checklist never
// relies on a default that "No Permission" would clear. An integer is also listed beside the other
// listed rows of its block (the webhook maximum with Can create Webhooks). Invalid entries are
// left out: validate the map first.
func (c *Catalog) ChecklistTable(perms map[string]string) string {
	full := c.FillDefaults(perms)
	changed := func(s Setting) bool {
		v := full[s.Key]
		return s.Check(v) == nil && (v != s.DefaultValue || s.DefaultValue == "true")
	}
	blockListed := map[string]bool{}
	for _, s := range c.settings {
		if s.Kind != KindInteger && changed(s) {
			blockListed[s.Section.Key+"/"+s.Block] = true
		}
	}
	type row struct {
		section, block, label string
		values                []string
	}
	var rows []row
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
		rows = append(rows, row{s.Section.Label, s.Block, s.ItemLabel, []string{shown}})
	}
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
