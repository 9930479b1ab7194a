# What a level grants beyond its vendor template. An empty map: nothing.
data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

data "autotask_security_level" "propel" {
  name = "API User (Propel Your MSP)"
}

output "propel_excess" {
  value = provider::autotask::excess_permissions(
    data.autotask_security_level.propel.effective_permissions,
    data.autotask_permission_template.propel.permissions,
  )
}
