# The Propel Your MSP preset, pinned to a version: when a provider release changes the
# template, the plan fails and lists what changed instead of changing permissions silently.
data "autotask_permission_template" "propel" {
  vendor  = "propel-your-msp"
  version = 1
}

# Layer local rows over the preset with merge().
locals {
  propel_permissions = merge(data.autotask_permission_template.propel.permissions, {
    "crm.prospects_leads_and_dead" = "all"
  })
}

# The whole manual procedure, for a zone whose API cannot create levels and users.
output "propel_checklist" {
  value = data.autotask_permission_template.propel.checklist_markdown
}

# A vendor that uses a system level and a custom internal integration.
data "autotask_permission_template" "optimize365" {
  vendor = "optimize365"
}

output "optimize365_setup" {
  value = {
    security_level            = data.autotask_permission_template.optimize365.security_level_name
    internal_integration_name = data.autotask_permission_template.optimize365.internal_integration_name
  }
}
