# Every permission key the provider knows, with its allowed values and default.
data "autotask_permission_catalog" "all" {}

# Only one section.
data "autotask_permission_catalog" "service_desk" {
  section = "service_desk"
}

output "ticket_rights" {
  value = [for s in data.autotask_permission_catalog.service_desk.settings : "${s.key}: ${join("|", s.allowed_values)}" if s.item == "tickets"]
}

# A module author can check a preset against the catalogue before using it.
locals {
  preset = {
    "service_desk.tickets.view" = "all"
    "service_desk.tickets.add"  = "yes"
  }
  catalogue = { for s in data.autotask_permission_catalog.all.settings : s.key => s }
}

output "preset" {
  value = local.preset

  precondition {
    condition = alltrue([
      for k, v in local.preset : contains(keys(local.catalogue), k) && (
        local.catalogue[k].kind == "integer" || contains(local.catalogue[k].allowed_values, v)
      )
    ])
    error_message = "Every key of the preset must be a catalogue key with an allowed value."
  }
}
