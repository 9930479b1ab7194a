package main

import (
	"strings"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

func TestPagesListEveryKeyAndTemplate(t *testing.T) {
	keys := permissionKeys()
	for _, s := range permissions.Default().Settings() {
		if !strings.Contains(keys, "| `"+s.Key+"` |") {
			t.Errorf("permission-keys.md lacks %s", s.Key)
		}
	}
	vendors := vendorTemplates()
	for _, tpl := range permissions.Templates() {
		if !strings.Contains(vendors, "| [`"+tpl.Slug+"`](#"+tpl.Slug+") |") {
			t.Errorf("the table of vendor-templates.md lacks %s, linked to its section", tpl.Slug)
		}
	}
	if !strings.Contains(vendors, "| [`guardz`](#guardz) | [Guardz](https://support.guardz.com/en/articles/8291001-autotask-integration-setup) | not stated in the guide |") {
		t.Error("a template without a tracking identifier must say so")
	}
}

// TestVendorTemplatesHaveASectionEach: every template has its own section, anchored by its slug,
// holding its notes and its whole checklist with the headings nested under the section's.
func TestVendorTemplatesHaveASectionEach(t *testing.T) {
	page := vendorTemplates()
	sections := map[string]string{}
	for i, part := range strings.Split(page, "\n## ") {
		if i == 0 {
			continue // the front matter, introduction and table
		}
		heading, body, _ := strings.Cut(part, "\n")
		if _, dup := sections[heading]; dup {
			t.Errorf("two sections are headed %q", heading)
		}
		sections[heading] = body
	}
	templates := permissions.Templates()
	if len(sections) != len(templates) {
		t.Errorf("%d sections for %d templates", len(sections), len(templates))
	}
	for _, tpl := range templates {
		body, ok := sections[tpl.Slug]
		if !ok {
			t.Errorf("no section headed %q", tpl.Slug)
			continue
		}
		checklist := demoteHeadings(tpl.ChecklistMarkdown(), 2)
		if !strings.Contains(body, checklist) {
			t.Errorf("the section of %s lacks its checklist", tpl.Slug)
		}
		if !strings.Contains(checklist, "### "+tpl.DisplayName+": Autotask API user, by hand\n") ||
			!strings.Contains(checklist, "\n#### API user\n") {
			t.Errorf("the checklist of %s does not nest under its section:\n%s", tpl.Slug, checklist)
		}
		if tpl.Notes != "" && !strings.Contains(body, "#### Notes\n\n"+tpl.Notes+"\n") {
			t.Errorf("the section of %s lacks its notes", tpl.Slug)
		}
		for line := range strings.SplitSeq(body, "\n") {
			if strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") {
				t.Errorf("the section of %s has a heading at the level of the page's or the sections': %q", tpl.Slug, line)
			}
		}
	}
}

func TestDemoteHeadings(t *testing.T) {
	in := "# Title\n\n## Part\n\ntext with # inside\n#hashtag\n```\n# a comment in code\n```\n### Deep\n"
	want := "### Title\n\n#### Part\n\ntext with # inside\n#hashtag\n```\n# a comment in code\n```\n##### Deep\n"
	if got := demoteHeadings(in, 2); got != want {
		t.Errorf("demoteHeadings:\n%s\nwant:\n%s", got, want)
	}
}
