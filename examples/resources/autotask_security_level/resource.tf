# A level built from a vendor template: exactly what the vendor's guide asks for.
data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

resource "autotask_security_level" "propel" {
  name        = data.autotask_permission_template.propel.security_level_name
  permissions = data.autotask_permission_template.propel.permissions
}

# A template with local overrides: merge() replaces or adds rows by catalogue key.
resource "autotask_security_level" "propel_with_tickets" {
  name = "API User (Propel Your MSP, tickets)"
  permissions = merge(data.autotask_permission_template.propel.permissions, {
    "service_desk.tickets.view" = "all"
    "service_desk.tickets.edit" = "yes"
  })
}

# A hand-written level. Keys left out take their no-access default, except
# web_services_api.can_login, which stays enabled.
resource "autotask_security_level" "reporting" {
  name      = "API User (Reporting)"
  copy_from = "API User (system) Can't Read Costs (API-only)"
  permissions = {
    "service_desk.tickets.view"    = "all"
    "crm.customer_and_cancelation" = "all"
    "reports.time_and_expenses"    = "true"
  }
}
