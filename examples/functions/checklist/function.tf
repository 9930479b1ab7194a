# The steps to build a merged preset by hand, for a zone whose API cannot create levels.
data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

output "propel_with_tickets_checklist" {
  value = provider::autotask::checklist(merge(data.autotask_permission_template.propel.permissions, {
    "service_desk.tickets.view" = "all"
  }))
}
