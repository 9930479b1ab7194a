# The extended-zone layer: the real provider against a zone with the extended profile, such as
# the one `make sim` starts, signed in through the AUTOTASK_* environment variables. It writes:
# run it against a simulator, never a tenant. Each run needs a new run_id (digits), since
# destroy deactivates the user and keeps the level it held, name included:
#
#   terraform test -test-directory=tests/extended-zone -var run_id=$(date +%s)
#
# A custom level from a template, pinned to the template's current version, with an override
# and the user's settings passed through; a second apply changes nothing; then is_active = false
# offboards the user in place.

variables {
  vendor                    = "propel-your-msp"
  email                     = "propel-${var.run_id}@example.com"
  security_level_name       = "API User (Propel Your MSP ${var.run_id})"
  permission_overrides      = { "crm.prospects_leads_and_dead" = "all" }
  protected_data_permission = "view"
}

run "setup" {
  module {
    source = "./tests/setup"
  }
}

run "custom_level" {
  variables {
    template_version     = run.setup.propel_template_version
    location_id          = run.setup.location_id
    line_of_business_ids = [run.setup.line_of_business_id]
  }

  assert {
    condition     = output.profile == "extended" && output.template_version == var.template_version
    error_message = "The zone is extended, and the template is the pinned version."
  }
  assert {
    condition     = length(autotask_security_level.this) == 1 && autotask_security_level.this[0].name == "API User (Propel Your MSP ${var.run_id})"
    error_message = "The module makes the custom level, named as configured."
  }
  assert {
    condition     = autotask_security_level.this[0].permissions["crm.prospects_leads_and_dead"] == "all" && autotask_security_level.this[0].permissions["service_desk.tickets.view"] == "all"
    error_message = "The level has the template's rows and the override."
  }
  assert {
    condition     = autotask_api_user.this.security_level_id == autotask_security_level.this[0].id && autotask_api_user.this.integration_vendor == "Propel Your MSP"
    error_message = "The user holds the level and is tracked by the template's Integration Vendor."
  }
  assert {
    condition = (autotask_api_user.this.location_id == var.location_id && autotask_api_user.this.line_of_business_ids == toset(var.line_of_business_ids) &&
    autotask_api_user.this.protected_data_permission == "view" && autotask_api_user.this.is_active)
    error_message = "The user's settings are passed through, and is_active takes the resource's default, true."
  }
  assert {
    condition     = length(output.secret) == 25 && length(output.user_name) > 0 && output.tracking_identifier == null
    error_message = "The user has a generated key and secret; a vendor-tracked user has no tracking identifier."
  }
  assert {
    condition     = length(output.unverified_attributes) == 0 && output.checklist_markdown == data.autotask_permission_template.this.checklist_markdown
    error_message = "An extended zone reads every setting, and checklist_markdown is the template's."
  }
}

run "unchanged" {
  variables {
    template_version     = run.setup.propel_template_version
    location_id          = run.setup.location_id
    line_of_business_ids = [run.setup.line_of_business_id]
    first_api_user_id    = run.custom_level.api_user_id
    first_user_name      = run.custom_level.user_name
  }

  assert {
    condition     = output.api_user_id == var.first_api_user_id && output.user_name == var.first_user_name
    error_message = "A second apply of the same call keeps the user."
  }
}

run "offboard" {
  variables {
    template_version     = run.setup.propel_template_version
    location_id          = run.setup.location_id
    line_of_business_ids = [run.setup.line_of_business_id]
    is_active            = false
    first_api_user_id    = run.unchanged.api_user_id
  }

  assert {
    condition     = autotask_api_user.this.is_active == false && output.api_user_id == var.first_api_user_id
    error_message = "is_active = false deactivates the same user in place."
  }
}
