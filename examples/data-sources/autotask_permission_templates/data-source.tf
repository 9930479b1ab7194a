data "autotask_permission_templates" "all" {}

# Slug and display name of every preset the provider ships.
output "vendors" {
  value = { for t in data.autotask_permission_templates.all.templates : t.slug => t.display_name }
}
