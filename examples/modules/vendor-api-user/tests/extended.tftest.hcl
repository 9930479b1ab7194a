# The mock layer on an extended zone: no zone, no credentials. The mocked autotask_zone says
# "extended" and the mocked template is Propel Your MSP's (a custom level, tracked by an
# Integration Vendor); runs override it for the other kinds of template. Run it with
# `terraform test` in the module's directory.

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

  # Computed attributes the configuration leaves null stay null here, as the provider keeps
  # them; a mock would otherwise make up a value. Defaults are only for attributes no run of the
  # file configures (OpenTofu refuses a mock value for a configured one).
  mock_resource "autotask_api_user" {
    defaults = {
      id                        = 29682900
      user_name                 = "k3yabc234def5"
      secret                    = "Ab1*mocked-secret-value"
      tracking_identifier       = null
      internal_integration_name = null
      unverified_attributes     = []
    }
  }
}

variables {
  vendor = "propel-your-msp"
  email  = "propel@example.com"
}

run "custom_level_with_overrides" {
  variables {
    # The provider validates even under mock_provider, and checks the pin against its own
    # propel-your-msp template: when that template changes, review it and raise this.
    permission_overrides      = { "crm.prospects_leads_and_dead" = "all", "service_desk.tickets.view" = "none" }
    template_version          = 1
    location_id               = 29683000
    line_of_business_ids      = [1, 2]
    protected_data_permission = "view"
    is_active                 = true
    on_destroy                = "forget"
  }

  assert {
    condition     = length(autotask_security_level.this) == 1 && length(data.autotask_security_level.system) == 0
    error_message = "A custom-level template on an extended zone makes one level and looks up no system level."
  }
  assert {
    condition     = autotask_security_level.this[0].name == "API User (Propel Your MSP)" && autotask_security_level.this[0].copy_from == "API User (system) (API-only)"
    error_message = "The level takes the template's name and copy_from."
  }
  assert {
    condition = autotask_security_level.this[0].permissions == tomap({
      "service_desk.tickets.view"    = "none"
      "crm.customer_and_cancelation" = "all"
      "crm.prospects_leads_and_dead" = "all"
    })
    error_message = "permission_overrides replace the template's rows and add new ones."
  }
  assert {
    condition     = data.autotask_permission_template.this.version == 1
    error_message = "template_version is passed to the template data source."
  }
  assert {
    condition     = autotask_api_user.this.security_level_id == autotask_security_level.this[0].id && output.security_level_id == 30400
    error_message = "The user holds the new level."
  }
  assert {
    condition     = autotask_api_user.this.first_name == "Propel Your MSP" && autotask_api_user.this.last_name == "API" && autotask_api_user.this.email == "propel@example.com"
    error_message = "The user takes the template's names and the email."
  }
  assert {
    condition     = autotask_api_user.this.integration_vendor == "Propel Your MSP" && autotask_api_user.this.internal_integration_name == null
    error_message = "The user is tracked by the template's Integration Vendor."
  }
  assert {
    condition = (autotask_api_user.this.location_id == 29683000 && autotask_api_user.this.line_of_business_ids == toset([1, 2]) &&
    autotask_api_user.this.protected_data_permission == "view" && autotask_api_user.this.is_active == true && autotask_api_user.this.on_destroy == "forget")
    error_message = "The user's settings are passed through."
  }
  assert {
    condition     = autotask_api_user.this.secret_rotation_triggers == null && autotask_api_user.this.secret_wo_version == null
    error_message = "Without secret_rotation_trigger or secret_wo, the user gets a generated secret and no trigger."
  }
  assert {
    condition     = output.profile == "extended" && output.template_version == 1 && output.security_level_name == "API User (Propel Your MSP)"
    error_message = "The outputs name the profile, the template version and the level."
  }
  assert {
    condition     = output.checklist_markdown == "# Propel Your MSP: Autotask API user, by hand\n" && length(data.autotask_permission_catalog.overrides) == 0
    error_message = "On an extended zone, checklist_markdown is the template's, and the catalogue is not read."
  }
  assert {
    condition     = output.user_name == "k3yabc234def5" && output.api_user_id == 29682900
    error_message = "The outputs give the user's key and id."
  }
}

run "own_secret" {
  variables {
    secret_wo         = "Ab1!own-secret-from-a-store"
    secret_wo_version = 2
  }

  assert {
    condition     = autotask_api_user.this.secret_wo_version == 2 && autotask_api_user.this.secret_rotation_triggers == null
    error_message = "secret_wo_version is passed through with secret_wo."
  }
}

run "system_level" {
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
    condition     = length(autotask_security_level.this) == 0 && length(data.autotask_security_level.system) == 1
    error_message = "A system-level template makes no level and looks the system level up."
  }
  assert {
    condition     = data.autotask_security_level.system[0].name == "API User (system) (API-only)" && autotask_api_user.this.security_level_id == 10
    error_message = "The user holds the system level the template names."
  }
  assert {
    condition     = output.security_level_name == "API User (system) (API-only)" && output.template_version == 2
    error_message = "The outputs name the system level and the current template version."
  }
}

run "template_without_tracking_identifier" {
  override_data {
    target = data.autotask_permission_template.this
    values = {
      display_name              = "Guardz"
      integration_vendor        = null
      internal_integration_name = null
      security_level_mode       = "custom"
      security_level_name       = "API User (Guardz)"
      copy_from                 = "API User (system) (API-only)"
      permissions               = { "crm.companies.view" = "all" }
      first_name                = "Guardz"
      last_name                 = "API"
      version                   = 1
      checklist_markdown        = "# Guardz: Autotask API user, by hand\n"
    }
  }

  variables {
    vendor             = "guardz"
    email              = "guardz@example.com"
    integration_vendor = "Guardz"
  }

  assert {
    condition     = autotask_api_user.this.integration_vendor == "Guardz" && autotask_api_user.this.internal_integration_name == null
    error_message = "integration_vendor names the tracking identifier the guide leaves open."
  }
}
