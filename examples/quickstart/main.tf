# The Propel Your MSP setup of its guide, as code: the vendor's template, a security level with
# exactly its permissions, an API-only user with a generated username and secret, tracked by the
# Integration Vendor "Propel Your MSP". Then one more vendor through the preset module.
#
# Credentials come from the environment: AUTOTASK_USERNAME, AUTOTASK_SECRET,
# AUTOTASK_INTEGRATION_CODE and, for the local simulator, AUTOTASK_BASE_URL.
terraform {
  required_version = ">= 1.11" # the preset module's secret_wo feeds a write-only attribute
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1"
    }
  }
}

provider "autotask" {}

data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

resource "autotask_security_level" "propel" {
  name        = data.autotask_permission_template.propel.security_level_name
  permissions = data.autotask_permission_template.propel.permissions
}

resource "autotask_api_user" "propel" {
  first_name         = data.autotask_permission_template.propel.first_name
  last_name          = data.autotask_permission_template.propel.last_name
  email              = "propel@example.com"
  security_level_id  = autotask_security_level.propel.id
  integration_vendor = data.autotask_permission_template.propel.integration_vendor
}

# MSP AI: a custom internal integration, so Autotask generates its tracking identifier. The
# preset module is found by a path inside the provider's repository; in a configuration of your
# own, copy the module's directory, or refer to it by Git:
#   source = "git::https://github.com/autotask-tf/terraform-provider-autotask.git//examples/modules/vendor-api-user?ref=v0.1.0"
module "msp_ai" {
  source = "../modules/vendor-api-user"
  vendor = "msp-ai"
  email  = "msp.ai@example.com"
}

output "propel_security_level_id" {
  value = autotask_security_level.propel.id
}

output "propel_user_name" {
  value = autotask_api_user.propel.user_name
}

output "propel_secret" {
  value     = autotask_api_user.propel.secret
  sensitive = true
}

output "propel_integration_vendor" {
  value = autotask_api_user.propel.integration_vendor
}

output "msp_ai_user_name" {
  value = module.msp_ai.user_name
}

output "msp_ai_secret" {
  value     = module.msp_ai.secret
  sensitive = true
}

output "msp_ai_tracking_identifier" {
  value     = module.msp_ai.tracking_identifier
  sensitive = true
}
