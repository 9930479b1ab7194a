# Every validation fails at the caller's module block with a message that names the input, and
# reads only its own variable (as Terraform before 1.9 required; OpenTofu still does). Checks
# that need two inputs, or the template, are preconditions in main.tf.

variable "vendor" {
  description = "The permission template's slug, such as propel-your-msp (the autotask_permission_templates data source lists them)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", var.vendor))
    error_message = "The input vendor must be a template slug: lower-case letters and digits in words joined by single hyphens, such as \"propel-your-msp\" (the autotask_permission_templates data source lists them)."
  }
}

variable "email" {
  description = "Email address of the API user: one that should receive integration errors."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.email) <= 254 && can(regex("^[^@\\s\"<>(),;:]+@[^@\\s\"<>(),;:]+\\.[^@\\s\"<>(),;:.]+$", var.email))
    error_message = "The input email must be an email address such as vendor@example.com, up to 254 characters."
  }
}

variable "template_version" {
  description = "The template version you reviewed (the autotask_permission_template data source's version). When the provider ships a newer one, the plan fails and lists what changed. Null: the current version, which a provider upgrade can change."
  type        = number
  default     = null

  validation {
    condition     = var.template_version == null ? true : var.template_version >= 1 && floor(var.template_version) == var.template_version
    error_message = "The input template_version must be a whole number of 1 or more: a version from the template's changelog."
  }
}

variable "permission_overrides" {
  description = "Permission rows merged over the template's, keyed by catalogue key. Only for a template that builds a custom level: with a system-level template the plan fails."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k, v in var.permission_overrides : can(regex("^[a-z0-9_]+(\\.[a-z0-9_]+){1,2}$", k)) && v != ""])
    error_message = "Each key of the input permission_overrides must be a catalogue key such as \"service_desk.tickets.view\" (section.item or section.item.right; the autotask_permission_catalog data source lists them), with a non-empty value."
  }
}

variable "security_level_name" {
  description = "Name of the custom security level; the template's suggestion when null. Only for a template that builds a custom level."
  type        = string
  default     = null

  validation {
    condition     = var.security_level_name == null ? true : length(trimspace(var.security_level_name)) > 0 && length(var.security_level_name) <= 100
    error_message = "The input security_level_name must be null (the template's name) or a name of 1 to 100 characters, not blank."
  }
}

variable "first_name" {
  description = "First name of the API user; the template's suggestion when null."
  type        = string
  default     = null

  validation {
    condition     = var.first_name == null ? true : length(var.first_name) >= 1 && length(var.first_name) <= 50
    error_message = "The input first_name must be null (the template's name) or 1 to 50 characters."
  }
}

variable "last_name" {
  description = "Last name of the API user; the template's suggestion when null."
  type        = string
  default     = null

  validation {
    condition     = var.last_name == null ? true : length(var.last_name) >= 1 && length(var.last_name) <= 50
    error_message = "The input last_name must be null (the template's name) or 1 to 50 characters."
  }
}

variable "user_name" {
  description = "The API user's username (its key). Null: generated on an extended zone; on a public zone, the apply adopts the user made by hand with these names and email. Set it to adopt one particular user made by hand."
  type        = string
  default     = null

  validation {
    condition = var.user_name == null ? true : (
      length(var.user_name) <= 32 && can(regex("^[^@();:|\"\\\\\\[\\]\\s]+$", var.user_name)) &&
      can(regex("[[:alpha:]]", var.user_name)) && can(regex("[0-9]", var.user_name))
    )
    error_message = "The input user_name must be null or a username of at most 32 characters with letters and digits, no white space, and none of @ ( ) ; : [ ] | \\ \"."
  }
}

variable "integration_vendor" {
  description = "The Integration Vendor that tracks the user, instead of the template's. Required when the template names no tracking identifier, unless internal_integration_name is set."
  type        = string
  default     = null

  validation {
    condition     = var.integration_vendor == null ? true : length(trimspace(var.integration_vendor)) > 0
    error_message = "The input integration_vendor must be null or an Integration Vendor's name (the autotask_integration_vendors data source lists them), not blank."
  }
}

variable "internal_integration_name" {
  description = "The Custom (Internal Integration) name that tracks the user, instead of the template's. Autotask then generates the tracking identifier."
  type        = string
  default     = null

  validation {
    condition     = var.internal_integration_name == null ? true : length(trimspace(var.internal_integration_name)) > 0 && length(var.internal_integration_name) <= 100
    error_message = "The input internal_integration_name must be null or a name of 1 to 100 characters, not blank."
  }
}

variable "location_id" {
  description = "Id of the user's Primary Internal Location (the autotask_internal_location data source finds it by name). Null: the zone's default location."
  type        = number
  default     = null

  validation {
    condition     = var.location_id == null ? true : var.location_id >= 1 && floor(var.location_id) == var.location_id
    error_message = "The input location_id must be null or a location id: a whole number of 1 or more."
  }
}

variable "line_of_business_ids" {
  description = "Ids of the lines of business the user may see (the autotask_line_of_business data source finds them by name). Null: the zone's value."
  type        = set(number)
  default     = null

  validation {
    condition     = var.line_of_business_ids == null ? true : alltrue([for id in var.line_of_business_ids : id >= 1 && floor(id) == id])
    error_message = "The input line_of_business_ids must be null or a set of line-of-business ids: whole numbers of 1 or more."
  }
}

variable "protected_data_permission" {
  description = "Access to protected data in asset user-defined fields: none, view or edit. Null: the resource's default (none)."
  type        = string
  default     = null

  validation {
    condition     = var.protected_data_permission == null ? true : contains(["none", "view", "edit"], var.protected_data_permission)
    error_message = "The input protected_data_permission must be null, \"none\", \"view\" or \"edit\"."
  }
}

variable "is_active" {
  description = "Whether the API user is active; false offboards the vendor and keeps the user. Null: the resource's default (true)."
  type        = bool
  default     = null
}

variable "on_destroy" {
  description = "What destroy does to the user: deactivate or forget."
  type        = string
  default     = "deactivate"
  nullable    = false

  validation {
    condition     = contains(["deactivate", "forget"], var.on_destroy)
    error_message = "The input on_destroy must be \"deactivate\" (destroy sets the user inactive) or \"forget\" (destroy only removes it from state)."
  }
}

variable "secret_rotation_trigger" {
  description = "Any change to it sets a new generated secret in place, for example time_rotating's id. Extended zones only: ignored on a public zone, whose API cannot set a secret. Conflicts with secret_wo."
  type        = string
  default     = null
}

# Sensitive, not ephemeral: Terraform before 1.17 cannot `terraform test` a module with an
# optional ephemeral variable (hashicorp/terraform#38974: every apply run fails "was not set
# during the plan phase"), and this module's tests must run. So an ephemeral value (from an
# ephemeral resource) cannot reach it; README.md ("Your own secret") has the one-line change for
# a copy that takes one.
variable "secret_wo" {
  description = "Your own secret for the user, sent write-only: it never reaches state. Requires secret_wo_version; conflicts with secret_rotation_trigger. Extended zones only (a public zone cannot set a secret). Null: a generated secret, in the secret output."
  type        = string
  default     = null
  sensitive   = true
}

variable "secret_wo_version" {
  description = "Change it to send secret_wo again; required with secret_wo."
  type        = number
  default     = null

  validation {
    condition     = var.secret_wo_version == null ? true : floor(var.secret_wo_version) == var.secret_wo_version
    error_message = "The input secret_wo_version must be null or a whole number."
  }
}

variable "wait_for_user" {
  description = "On a public zone, how long the apply waits for the API user made by hand in the Autotask UI, as a duration such as \"45m\" or \"1h30m\" (\"0s\" looks once). Null: the provider's default. Ignored on an extended zone."
  type        = string
  default     = null

  validation {
    condition     = var.wait_for_user == null ? true : can(regex("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$", var.wait_for_user))
    error_message = "The input wait_for_user must be null or a duration such as \"45m\", \"1h30m\" or \"0s\": numbers, each with a unit of h, m, s or ms."
  }
}
