variable "vendor" {
  description = "The permission template's slug, such as propel-your-msp (the autotask_permission_templates data source lists them)."
  type        = string
}

variable "email" {
  description = "Email address of the API user: one that should receive integration errors."
  type        = string
}

variable "permission_overrides" {
  description = "Permission rows merged over the template's, keyed by catalogue key."
  type        = map(string)
  default     = {}
}

variable "first_name" {
  description = "First name of the API user; the template's suggestion when null."
  type        = string
  default     = null
}

variable "last_name" {
  description = "Last name of the API user; the template's suggestion when null."
  type        = string
  default     = null
}

variable "security_level_name" {
  description = "Name of the custom security level; the template's suggestion when null."
  type        = string
  default     = null
}

variable "integration_vendor" {
  description = "The Integration Vendor that tracks the user, instead of the template's. Required when the template names no tracking identifier, unless internal_integration_name is set."
  type        = string
  default     = null
}

variable "internal_integration_name" {
  description = "The Custom (Internal Integration) name that tracks the user, instead of the template's."
  type        = string
  default     = null
}

variable "on_destroy" {
  description = "What destroy does to the user: deactivate or forget."
  type        = string
  default     = "deactivate"
}

variable "secret_rotation_trigger" {
  description = "Any change to it sets a new secret in place, for example time_rotating's id."
  type        = string
  default     = null
}

variable "wait_for_user" {
  description = "On a public zone, how long the apply waits for the API user made by hand in the Autotask UI, such as \"45m\" (the provider's default when null)."
  type        = string
  default     = null
}
