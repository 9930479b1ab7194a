# A vendor's API user from its permission template: the security level (or the system level the
# guide names), the API user, and its credentials. Call it once per vendor.
#
# The same call works on both zone profiles. On an extended zone it creates the level and the
# user. On a public zone (today's Autotask API, which can create neither), it declares no level:
# the plan warns with the UI steps, checklist_markdown has the vendor's whole guide, and the apply
# waits for the user made by hand and adopts it.
terraform {
  required_version = ">= 1.5"
  required_providers {
    autotask = {
      source = "autotask-tf/autotask"
    }
  }
}

data "autotask_zone" "this" {}

data "autotask_permission_template" "this" {
  vendor = var.vendor
}

locals {
  template = data.autotask_permission_template.this
  public   = data.autotask_zone.this.profile == "public"
  custom   = local.template.security_level_mode == "custom"
  # The guide's tracking identifier, unless the caller names one.
  integration_vendor        = var.integration_vendor != null ? var.integration_vendor : (var.internal_integration_name != null ? null : local.template.integration_vendor)
  internal_integration_name = local.integration_vendor == null ? coalesce(var.internal_integration_name, local.template.internal_integration_name, "-") : null
}

resource "autotask_security_level" "this" {
  count       = local.custom && !local.public ? 1 : 0
  name        = coalesce(var.security_level_name, local.template.security_level_name)
  copy_from   = local.template.copy_from
  permissions = merge(local.template.permissions, var.permission_overrides)
}

# Templates whose guide gives the user a system level (Optimize365, Zapier) create no level.
data "autotask_security_level" "system" {
  count = local.custom || local.public ? 0 : 1
  name  = local.template.security_level_name
}

resource "autotask_api_user" "this" {
  first_name                = coalesce(var.first_name, local.template.first_name)
  last_name                 = coalesce(var.last_name, local.template.last_name)
  email                     = var.email
  security_level_id         = local.public ? null : (local.custom ? autotask_security_level.this[0].id : data.autotask_security_level.system[0].id)
  integration_vendor        = local.integration_vendor
  internal_integration_name = local.internal_integration_name
  on_destroy                = var.on_destroy
  secret_rotation_triggers  = var.secret_rotation_trigger == null || local.public ? null : { trigger = var.secret_rotation_trigger }

  timeouts {
    create = var.wait_for_user
  }

  lifecycle {
    precondition {
      condition     = local.internal_integration_name != "-"
      error_message = "The ${local.template.display_name} guide does not say which tracking identifier to use: set integration_vendor (a name from the autotask_integration_vendors data source) or internal_integration_name. Ask the vendor which."
    }
  }
}
