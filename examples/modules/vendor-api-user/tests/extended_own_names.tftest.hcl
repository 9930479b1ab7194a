# The mock layer on an extended zone, with the caller's own names, username and tracking
# identifier instead of the template's: a file of its own, so that it starts from an empty state.

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
      permissions               = { "service_desk.tickets.view" = "all", "crm.customer_and_cancelation" = "all" }
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

  # See extended.tftest.hcl: defaults only for attributes this file never configures.
  mock_resource "autotask_api_user" {
    defaults = {
      id                    = 29682900
      secret                = "Ab1*mocked-secret-value"
      tracking_identifier   = null
      integration_vendor    = null
      unverified_attributes = []
    }
  }
}

variables {
  vendor = "propel-your-msp"
  email  = "propel@example.com"
}

run "own_names_and_internal_integration" {
  variables {
    security_level_name       = "API User (Propel, ours)"
    first_name                = "Propel"
    last_name                 = "Integration"
    internal_integration_name = "Propel"
    user_name                 = "propel1api"
    secret_rotation_trigger   = "2025-01"
    wait_for_user             = "45m"
  }

  assert {
    condition     = autotask_security_level.this[0].name == "API User (Propel, ours)" && output.security_level_name == "API User (Propel, ours)"
    error_message = "security_level_name names the level."
  }
  assert {
    condition     = autotask_api_user.this.first_name == "Propel" && autotask_api_user.this.last_name == "Integration" && autotask_api_user.this.user_name == "propel1api"
    error_message = "first_name, last_name and user_name replace the template's and the generated ones."
  }
  assert {
    condition     = autotask_api_user.this.internal_integration_name == "Propel" && autotask_api_user.this.integration_vendor == null
    error_message = "internal_integration_name replaces the template's Integration Vendor."
  }
  assert {
    condition     = autotask_api_user.this.secret_rotation_triggers == tomap({ trigger = "2025-01" })
    error_message = "secret_rotation_trigger becomes the user's rotation trigger."
  }
  assert {
    condition     = autotask_api_user.this.timeouts.create == "45m"
    error_message = "wait_for_user becomes timeouts.create."
  }
}
