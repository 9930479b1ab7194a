# The extended-zone layer (see custom_level.tftest.hcl): a template whose guide gives the user a
# system level, so the module makes no level; then secret_rotation_trigger sets a new secret in
# place.

variables {
  vendor                  = "zapier"
  email                   = "zapier-${var.run_id}@example.com"
  secret_rotation_trigger = "1"
}

run "system_level" {
  assert {
    condition     = length(autotask_security_level.this) == 0 && length(data.autotask_security_level.system) == 1
    error_message = "A system-level template makes no level and looks the system level up."
  }
  assert {
    condition     = data.autotask_security_level.system[0].is_system && autotask_api_user.this.security_level_id == data.autotask_security_level.system[0].id
    error_message = "The user holds the system level the template names."
  }
  assert {
    condition     = output.security_level_name == data.autotask_permission_template.this.security_level_name && autotask_api_user.this.integration_vendor == "Zapier"
    error_message = "The output names the system level, and the user is tracked by the template's Integration Vendor."
  }
}

run "rotate" {
  variables {
    secret_rotation_trigger = "2"
    first_api_user_id       = run.system_level.api_user_id
    first_secret            = run.system_level.secret
  }

  assert {
    condition     = output.api_user_id == var.first_api_user_id && length(output.secret) == 25 && output.secret != var.first_secret
    error_message = "A new secret_rotation_trigger sets a new secret on the same user."
  }
}
