# In a vendor preset module: callers may add rows to the template, but never a delete right.
# Delete keys are left out of "allowed", so they take their default (no access) there, and any
# override that grants one is an excess.
variable "overrides" {
  description = "Permission rows to add to the vendor template, keyed by catalogue key."
  type        = map(string)
  default     = {}

  validation {
    condition = length(provider::autotask::excess_permissions(
      var.overrides,
      { for key, value in var.overrides : key => value if !endswith(key, ".delete") },
    )) == 0
    error_message = "overrides may not grant a delete right."
  }
}

data "autotask_permission_template" "vendor" {
  vendor = "propel-your-msp"
}

output "permissions" {
  value = merge(data.autotask_permission_template.vendor.permissions, var.overrides)
}
