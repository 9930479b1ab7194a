# Bad input fails at the caller, before anything is read or written: each run sets one input
# wrong and expects its validation (or the precondition that needs two inputs, or the template)
# to fail. The mock layer: no zone, no credentials.

mock_provider "autotask" {
  mock_data "autotask_zone" {
    defaults = {
      profile = "extended"
    }
  }

  mock_data "autotask_permission_template" {
    defaults = {
      display_name              = "Propel Your MSP"
      integration_vendor        = "Propel Your MSP"
      internal_integration_name = null
      security_level_mode       = "custom"
      security_level_name       = "API User (Propel Your MSP)"
      copy_from                 = "API User (system) (API-only)"
      permissions               = { "service_desk.tickets.view" = "all" }
      first_name                = "Propel Your MSP"
      last_name                 = "API"
      version                   = 1
      checklist_markdown        = "# Propel Your MSP: Autotask API user, by hand\n"
    }
  }

  mock_data "autotask_security_level" {
    defaults = {
      id = 10
    }
  }

  mock_resource "autotask_security_level" {
    defaults = {
      id = 30400
    }
  }
}

variables {
  vendor = "propel-your-msp"
  email  = "propel@example.com"
}

run "vendor_name_instead_of_slug" {
  command = plan
  variables {
    vendor = "Propel Your MSP"
  }
  expect_failures = [var.vendor]
}

run "email_without_domain" {
  command = plan
  variables {
    email = "propel"
  }
  expect_failures = [var.email]
}

run "email_with_two_at_signs" {
  command = plan
  variables {
    email = "propel@msp@example.com"
  }
  expect_failures = [var.email]
}

run "template_version_zero" {
  command = plan
  variables {
    template_version = 0
  }
  expect_failures = [var.template_version]
}

run "permission_override_by_ui_label" {
  command = plan
  variables {
    permission_overrides = { "Tickets" = "all" }
  }
  expect_failures = [var.permission_overrides]
}

run "blank_security_level_name" {
  command = plan
  variables {
    security_level_name = "  "
  }
  expect_failures = [var.security_level_name]
}

run "first_name_too_long" {
  command = plan
  variables {
    first_name = "Propel Your MSP Propel Your MSP Propel Your MSP Propel"
  }
  expect_failures = [var.first_name]
}

run "user_name_with_space" {
  command = plan
  variables {
    user_name = "propel api1"
  }
  expect_failures = [var.user_name]
}

run "user_name_without_digit" {
  command = plan
  variables {
    user_name = "propelapi"
  }
  expect_failures = [var.user_name]
}

run "location_id_fraction" {
  command = plan
  variables {
    location_id = 1.5
  }
  expect_failures = [var.location_id]
}

run "line_of_business_id_zero" {
  command = plan
  variables {
    line_of_business_ids = [0]
  }
  expect_failures = [var.line_of_business_ids]
}

run "protected_data_permission_write" {
  command = plan
  variables {
    protected_data_permission = "write"
  }
  expect_failures = [var.protected_data_permission]
}

run "on_destroy_delete" {
  command = plan
  variables {
    on_destroy = "delete"
  }
  expect_failures = [var.on_destroy]
}

run "wait_for_user_in_words" {
  command = plan
  variables {
    wait_for_user = "45 minutes"
  }
  expect_failures = [var.wait_for_user]
}

run "secret_wo_version_fraction" {
  command = plan
  variables {
    secret_wo         = "Ab1!own-secret-from-a-store"
    secret_wo_version = 1.5
  }
  expect_failures = [var.secret_wo_version]
}

run "both_tracking_identifiers" {
  command = plan
  variables {
    integration_vendor        = "Propel Your MSP"
    internal_integration_name = "Propel"
  }
  expect_failures = [autotask_api_user.this]
}

run "secret_wo_without_version" {
  command = plan
  variables {
    secret_wo = "Ab1!own-secret-from-a-store"
  }
  expect_failures = [autotask_api_user.this]
}

run "secret_wo_with_rotation_trigger" {
  command = plan
  variables {
    secret_wo               = "Ab1!own-secret-from-a-store"
    secret_wo_version       = 1
    secret_rotation_trigger = "2025-01"
  }
  expect_failures = [autotask_api_user.this]
}

run "no_tracking_identifier" {
  command = plan
  override_data {
    target = data.autotask_permission_template.this
    values = {
      display_name              = "Guardz"
      integration_vendor        = null
      internal_integration_name = null
      security_level_mode       = "custom"
      security_level_name       = "API User (Guardz)"
      copy_from                 = "API User (system) (API-only)"
      permissions               = {}
      first_name                = "Guardz"
      last_name                 = "API"
      version                   = 1
      checklist_markdown        = "# Guardz: Autotask API user, by hand\n"
    }
  }
  variables {
    vendor = "guardz"
  }
  expect_failures = [autotask_api_user.this]
}

# A system level cannot be edited: overrides for it are an error, not silence.
run "overrides_on_a_system_level" {
  command = plan
  override_data {
    target = data.autotask_permission_template.this
    values = {
      display_name              = "Zapier (Presh Marketing Solutions)"
      integration_vendor        = "Zapier"
      internal_integration_name = null
      security_level_mode       = "system"
      security_level_name       = "API User (system) (API-only)"
      copy_from                 = null
      permissions               = {}
      first_name                = "Zapier"
      last_name                 = "API"
      version                   = 2
      checklist_markdown        = "# Zapier: Autotask API user, by hand\n"
    }
  }
  variables {
    vendor               = "zapier"
    permission_overrides = { "service_desk.tickets.view" = "all" }
  }
  expect_failures = [data.autotask_permission_template.this]
}

run "level_name_for_a_system_level" {
  command = plan
  override_data {
    target = data.autotask_permission_template.this
    values = {
      display_name              = "Zapier (Presh Marketing Solutions)"
      integration_vendor        = "Zapier"
      internal_integration_name = null
      security_level_mode       = "system"
      security_level_name       = "API User (system) (API-only)"
      copy_from                 = null
      permissions               = {}
      first_name                = "Zapier"
      last_name                 = "API"
      version                   = 2
      checklist_markdown        = "# Zapier: Autotask API user, by hand\n"
    }
  }
  variables {
    vendor              = "zapier"
    security_level_name = "API User (Zapier)"
  }
  expect_failures = [data.autotask_permission_template.this]
}
