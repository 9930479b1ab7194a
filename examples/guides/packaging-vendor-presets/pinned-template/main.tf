# Propel Your MSP from its template, pinned to version 1, with two rows of your own merged over
# the template's. When a provider release changes the template, validate and plan fail and list
# what changed, instead of changing the level's permissions silently.
terraform {
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1"
    }
  }
}

data "autotask_permission_template" "propel" {
  vendor  = "propel-your-msp"
  version = 1
}

resource "autotask_security_level" "propel" {
  name      = data.autotask_permission_template.propel.security_level_name
  copy_from = data.autotask_permission_template.propel.copy_from

  # Rows on the right win. The first adds a right the vendor's newer page asks for "if desired";
  # the second takes one away by setting it to its default (no access).
  permissions = merge(data.autotask_permission_template.propel.permissions, {
    "crm.prospects_leads_and_dead" = "all"
    "service_desk.tickets.add"     = "no"
  })
}

resource "autotask_api_user" "propel" {
  first_name         = data.autotask_permission_template.propel.first_name
  last_name          = data.autotask_permission_template.propel.last_name
  email              = "propel@example.com"
  security_level_id  = autotask_security_level.propel.id
  integration_vendor = data.autotask_permission_template.propel.integration_vendor
}

output "propel_user_name" {
  value = autotask_api_user.propel.user_name
}

output "propel_secret" {
  value     = autotask_api_user.propel.secret
  sensitive = true
}
