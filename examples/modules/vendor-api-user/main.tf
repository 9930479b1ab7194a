# A vendor's API user from its permission template: the security level (or the system level the
# guide names), the API user, and its credentials. Call it once per vendor. README.md has the
# inputs, the outputs and an example for each zone profile.
#
# The same call works on both zone profiles. On an extended zone it creates the level and the
# user. On a public zone (today's Autotask API, which can create neither), it declares no level:
# the plan warns with the UI steps, checklist_markdown has the vendor's whole guide, and the apply
# waits for the user made by hand and adopts it.

data "autotask_zone" "this" {}

data "autotask_permission_template" "this" {
  vendor  = var.vendor
  version = var.template_version

  lifecycle {
    # A system level cannot be edited: overrides for it would be dropped without a word.
    postcondition {
      condition     = self.security_level_mode == "custom" || length(var.permission_overrides) == 0
      error_message = "The input permission_overrides is set, but the ${self.display_name} template (${self.vendor}) gives the API user the system level \"${self.security_level_name}\", which cannot be edited, so the overrides would be ignored. Remove permission_overrides, or declare your own autotask_security_level (copy_from = \"${self.security_level_name}\") and an autotask_api_user on it instead of this module."
    }
    postcondition {
      condition     = self.security_level_mode == "custom" || var.security_level_name == null
      error_message = "The input security_level_name is set, but the ${self.display_name} template (${self.vendor}) gives the API user the system level \"${self.security_level_name}\" and builds no level to name. Remove security_level_name."
    }
  }
}

locals {
  template = data.autotask_permission_template.this
  public   = data.autotask_zone.this.profile == "public"
  custom   = local.template.security_level_mode == "custom"

  level_name = coalesce(var.security_level_name, local.template.security_level_name)
  # The guide's tracking identifier, unless the caller names one; "-" when neither says (the
  # precondition on the user then fails).
  integration_vendor        = var.integration_vendor != null ? var.integration_vendor : (var.internal_integration_name != null ? null : local.template.integration_vendor)
  internal_integration_name = local.integration_vendor == null ? coalesce(var.internal_integration_name, local.template.internal_integration_name, "-") : null
}

resource "autotask_security_level" "this" {
  count       = local.custom && !local.public ? 1 : 0
  name        = local.level_name
  copy_from   = local.template.copy_from
  permissions = merge(local.template.permissions, var.permission_overrides)
}

# Templates whose guide gives the user a system level (Optimize365, Zapier) create no level.
data "autotask_security_level" "system" {
  count = local.custom || local.public ? 0 : 1
  name  = local.template.security_level_name
}

# On a public zone no level is declared, so the catalogue names the overrides' rows in
# checklist_markdown with their UI labels. The provider checks keys and values it can see when
# it validates the configuration (with "did you mean"); this postcondition catches the rest,
# such as overrides that come from a variable of the caller's.
data "autotask_permission_catalog" "overrides" {
  count = local.public && local.custom && length(var.permission_overrides) > 0 ? 1 : 0

  lifecycle {
    postcondition {
      condition = alltrue([for k, v in var.permission_overrides : anytrue([
        for s in self.settings : s.key == k && (s.kind == "integer" ? can(tonumber(v)) : contains(s.allowed_values, v))
      ])])
      error_message = "Each key of the input permission_overrides must be a catalogue key with one of its allowed values; these are not: ${join(", ", [for k, v in var.permission_overrides : "${k} = ${jsonencode(v)}" if !anytrue([for s in self.settings : s.key == k && (s.kind == "integer" ? can(tonumber(v)) : contains(s.allowed_values, v))])])}. The Permission keys guide, and the autotask_permission_catalog data source, list every key and its values."
    }
  }
}

locals {
  catalogue = { for s in flatten(data.autotask_permission_catalog.overrides[*].settings) : s.key => s }
  # What this call changes in the template's guide, for the person who follows it on a public zone.
  changes = concat(
    local.custom && local.level_name != local.template.security_level_name ? ["- Name the copy of the level **${local.level_name}**, not ${local.template.security_level_name}, and give the API user that level."] : [],
    length(local.catalogue) > 0 ? [join("\n", concat(
      ["- Then set these rows of the level too (the module's permission_overrides):", "", "  | Block | Setting | Value | Key |", "  |---|---|---|---|"],
      [for k in sort(keys(var.permission_overrides)) : "  | ${try(local.catalogue[k].block, "")} | ${try(local.catalogue[k].label, k)} | ${var.permission_overrides[k]} | `${k}` |"],
    ))] : [],
  )
  checklist_markdown = local.public && length(local.changes) > 0 ? join("\n", concat(
    [trimsuffix(local.template.checklist_markdown, "\n"), "", "## Changes this configuration makes to the guide", ""],
    local.changes,
    ["", "The plan's warning for the API user lists its steps with this configuration's names, email and tracking identifier.", ""],
  )) : local.template.checklist_markdown
}

resource "autotask_api_user" "this" {
  first_name                = coalesce(var.first_name, local.template.first_name)
  last_name                 = coalesce(var.last_name, local.template.last_name)
  email                     = var.email
  user_name                 = var.user_name
  security_level_id         = local.public ? null : (local.custom ? autotask_security_level.this[0].id : data.autotask_security_level.system[0].id)
  integration_vendor        = local.integration_vendor
  internal_integration_name = local.internal_integration_name
  is_active                 = var.is_active
  location_id               = var.location_id
  line_of_business_ids      = var.line_of_business_ids
  protected_data_permission = var.protected_data_permission
  on_destroy                = var.on_destroy
  # A public zone cannot set a secret: a rotation there would fail at plan.
  secret_rotation_triggers = var.secret_rotation_trigger == null || local.public ? null : { trigger = var.secret_rotation_trigger }
  secret_wo                = var.secret_wo
  secret_wo_version        = var.secret_wo_version

  timeouts {
    create = var.wait_for_user
  }

  lifecycle {
    precondition {
      condition     = local.internal_integration_name != "-"
      error_message = "The ${local.template.display_name} guide does not say which tracking identifier to use: set the input integration_vendor (a name from the autotask_integration_vendors data source) or internal_integration_name. Ask the vendor which."
    }
    precondition {
      condition     = var.integration_vendor == null || var.internal_integration_name == null
      error_message = "The inputs integration_vendor and internal_integration_name are both set: a user is tracked by one of them. Keep one."
    }
    precondition {
      condition     = nonsensitive(var.secret_wo == null) == (var.secret_wo_version == null)
      error_message = "The inputs secret_wo and secret_wo_version go together: set both (change secret_wo_version to send secret_wo again), or neither for a generated secret."
    }
    precondition {
      condition     = nonsensitive(var.secret_wo == null) || var.secret_rotation_trigger == null
      error_message = "The inputs secret_wo and secret_rotation_trigger are both set: secret_rotation_trigger rotates a generated secret, secret_wo sends your own. Keep one; with secret_wo, change secret_wo_version to rotate."
    }
  }
}
