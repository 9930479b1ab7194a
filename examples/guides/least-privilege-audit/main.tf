# A managed level and an audit of it: every plan reads the level as Autotask holds it now and
# warns when it grants more than its vendor template, for example after an edit in the UI.
data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

resource "autotask_security_level" "propel" {
  name        = data.autotask_permission_template.propel.security_level_name
  permissions = data.autotask_permission_template.propel.permissions
}

# The check's data source names the level rather than referring to the resource: a data source
# that depends on a resource with changes pending is read only at apply, too late for the plan.
check "propel_least_privilege" {
  data "autotask_security_level" "live" {
    name = data.autotask_permission_template.propel.security_level_name
  }

  assert {
    condition = length(provider::autotask::excess_permissions(
      data.autotask_security_level.live.effective_permissions,
      data.autotask_permission_template.propel.permissions,
    )) == 0
    error_message = "The Propel level grants more than its template: ${jsonencode(provider::autotask::excess_permissions(
      data.autotask_security_level.live.effective_permissions,
      data.autotask_permission_template.propel.permissions,
    ))}"
  }
}
