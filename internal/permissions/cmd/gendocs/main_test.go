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
		if !strings.Contains(vendors, "| `"+tpl.Slug+"` |") {
			t.Errorf("vendor-templates.md lacks %s", tpl.Slug)
		}
	}
	if !strings.Contains(vendors, "| `guardz` | [Guardz](https://support.guardz.com/en/articles/8291001-autotask-integration-setup) | not stated in the guide |") {
		t.Error("a template without a tracking identifier must say so")
	}
}
