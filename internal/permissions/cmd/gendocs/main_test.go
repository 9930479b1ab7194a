package main

import (
	"slices"
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
		if !strings.Contains(vendors, "| [`"+tpl.Slug+"`](#"+tpl.Slug+")"+formerly(tpl)+" |") {
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
		heading, body, _ := strings.Cut(part, "\n")
		if i == 0 || heading == contentsHeading || heading == tableHeading {
			continue // the front matter and introduction, the contents, the table
		}
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
		if !strings.HasSuffix(body, "\n[Back to the contents](#contents)\n") {
			t.Errorf("the section of %s does not end with a link back to the contents", tpl.Slug)
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

// TestVendorTemplatesContents: the page opens with contents that link every template's section
// by vendor name, in alphabetical order, before the table and the sections; the link targets are
// the sections' anchors; a renamed template shows its former slug.
func TestVendorTemplatesContents(t *testing.T) {
	page := vendorTemplates()
	start := strings.Index(page, "\n## "+contentsHeading+"\n")
	table := strings.Index(page, "\n## "+tableHeading+"\n")
	first := strings.Index(page, "\n## "+permissions.Templates()[0].Slug+"\n")
	if start < 0 || table < start || first < table {
		t.Fatalf("want the contents (at %d), then the table (at %d), then the sections (at %d)", start, table, first)
	}
	toc := page[start:table]
	if !strings.Contains(toc, "[All templates](#all-templates)") {
		t.Error("the contents do not link the table")
	}
	var names []string
	for line := range strings.SplitSeq(toc, "\n") {
		if !strings.HasPrefix(line, "- [") {
			continue
		}
		name, rest, _ := strings.Cut(strings.TrimPrefix(line, "- ["), "](#")
		target, _, _ := strings.Cut(rest, ")")
		if !strings.Contains(page, "\n## "+target+"\n") {
			t.Errorf("the contents link %s to #%s, which no section heads", name, target)
		}
		tpl, ok := permissions.LookupTemplate(target)
		if !ok || tpl.DisplayName != name || tpl.Slug != target {
			t.Errorf("the contents link %q to #%s, the section of another template", name, target)
		}
		names = append(names, strings.ToLower(name))
	}
	if len(names) != len(permissions.Templates()) {
		t.Errorf("the contents link %d sections for %d templates", len(names), len(permissions.Templates()))
	}
	if !slices.IsSorted(names) {
		t.Errorf("the contents are not in alphabetical order of vendor name: %q", names)
	}
	if !strings.Contains(toc, "- [Zapier (Presh Marketing Solutions)](#presh-zapier): `presh-zapier` (formerly `zapier`)\n") {
		t.Error("the contents do not show presh-zapier's former slug")
	}
	if !strings.Contains(page, "`zapier` is now [`presh-zapier`](#presh-zapier)") {
		t.Error("the introduction does not say that zapier was renamed")
	}
}

func TestAnchor(t *testing.T) {
	for heading, want := range map[string]string{"Contents": "contents", "All templates": "all-templates", "presh-zapier": "presh-zapier"} {
		if got := anchor(heading); got != want {
			t.Errorf("anchor(%q) = %q, want %q", heading, got, want)
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
