# The mock layer on a public zone (today's Autotask API): the mocked autotask_zone says
# "public", so the module declares no level and leaves the user's level to the person who makes
# it in the UI, while checklist_markdown has the guide. No zone, no credentials. The changes a
# call makes to the guide (its level name and permission_overrides, named with the catalogue's
# UI labels) are checked by tests/public-zone against a simulator: Terraform cannot mock the
# catalogue's nested list (hashicorp/terraform#37939).

mock_provider "autotask" {
  mock_data "autotask_zone" {
    defaults = {
      profile = "public"
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

  mock_resource "autotask_api_user" {
    defaults = {
      id                    = 29682900
      user_name             = "k3yabc234def5"
      secret                = null
      tracking_identifier   = null
      security_level_id     = null
      unverified_attributes = ["security_level_id", "integration_vendor"]
    }
  }
}

variables {
  vendor = "propel-your-msp"
  email  = "propel@example.com"
}

run "custom_template_declares_no_level" {
  variables {
    secret_rotation_trigger   = "2025-01"
    wait_for_user             = "2h"
    protected_data_permission = "none"
  }

  assert {
    condition     = length(autotask_security_level.this) == 0 && length(data.autotask_security_level.system) == 0
    error_message = "On a public zone the module declares no level and looks none up."
  }
  assert {
    condition     = autotask_api_user.this.security_level_id == null && output.security_level_id == null
    error_message = "On a public zone the user's level is the person's to pick in the UI: security_level_id stays null."
  }
  assert {
    condition     = autotask_api_user.this.integration_vendor == "Propel Your MSP" && autotask_api_user.this.protected_data_permission == "none"
    error_message = "The tracking identifier and the settings are still configured, for the plan's steps and for unverified_attributes."
  }
  assert {
    condition     = autotask_api_user.this.secret_rotation_triggers == null
    error_message = "A public zone cannot set a secret: the rotation trigger is not passed."
  }
  assert {
    condition     = autotask_api_user.this.timeouts.create == "2h"
    error_message = "wait_for_user becomes timeouts.create: how long the apply waits for the user made by hand."
  }
  assert {
    condition     = output.checklist_markdown == "# Propel Your MSP: Autotask API user, by hand\n" && length(data.autotask_permission_catalog.overrides) == 0
    error_message = "Without changes to the guide, checklist_markdown is the template's."
  }
  assert {
    condition     = output.profile == "public" && output.security_level_name == "API User (Propel Your MSP)" && output.secret == null
    error_message = "The outputs say public, name the level to make by hand, and have no secret."
  }
  assert {
    condition     = output.unverified_attributes == toset(["security_level_id", "integration_vendor"])
    error_message = "unverified_attributes is the user's."
  }
}

run "system_template_looks_nothing_up" {
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
    vendor = "zapier"
    email  = "zapier@example.com"
  }

  assert {
    condition     = length(autotask_security_level.this) == 0 && length(data.autotask_security_level.system) == 0 && autotask_api_user.this.security_level_id == null
    error_message = "On a public zone a system-level template looks no level up: the zone cannot read levels."
  }
  assert {
    condition     = output.checklist_markdown == "# Zapier: Autotask API user, by hand\n" && output.security_level_name == "API User (system) (API-only)"
    error_message = "checklist_markdown is the template's, and the output names the system level to pick."
  }
}
