# A vendor-tracked user: the vendor's template names its Integration Vendor.
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

# A custom internal integration: Autotask generates the tracking identifier.
data "autotask_permission_template" "msp_ai" {
  vendor = "msp-ai"
}

resource "autotask_security_level" "msp_ai" {
  name        = data.autotask_permission_template.msp_ai.security_level_name
  permissions = data.autotask_permission_template.msp_ai.permissions
}

resource "autotask_api_user" "msp_ai" {
  first_name                = data.autotask_permission_template.msp_ai.first_name
  last_name                 = data.autotask_permission_template.msp_ai.last_name
  email                     = "msp.ai@example.com"
  security_level_id         = autotask_security_level.msp_ai.id
  internal_integration_name = data.autotask_permission_template.msp_ai.internal_integration_name
}

# What to paste into the vendor's form. Read them with: terraform output -raw msp_ai_secret
output "msp_ai_user_name" {
  value = autotask_api_user.msp_ai.user_name
}

output "msp_ai_secret" {
  value     = autotask_api_user.msp_ai.secret
  sensitive = true
}

output "msp_ai_tracking_identifier" {
  value     = autotask_api_user.msp_ai.tracking_identifier
  sensitive = true
}
