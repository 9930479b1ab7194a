# Two vendors through the preset module examples/modules/vendor-api-user. Copy the module into
# your own repository and point source at your copy.
module "propel" {
  source = "../../../modules/vendor-api-user"
  vendor = "propel-your-msp"
  email  = "propel@example.com"

  # Merged over the template's rows (custom-level templates only).
  permission_overrides = {
    "crm.prospects_leads_and_dead" = "all"
  }
}

# The Guardz guide does not say which tracking identifier to choose, so the module refuses to
# plan until you name one. Ask Guardz which; here, a custom internal integration.
module "guardz" {
  source                    = "../../../modules/vendor-api-user"
  vendor                    = "guardz"
  email                     = "guardz@example.com"
  internal_integration_name = "Guardz"
}

output "propel_user_name" {
  value = module.propel.user_name
}

output "propel_secret" {
  value     = module.propel.secret
  sensitive = true
}

output "guardz_user_name" {
  value = module.guardz.user_name
}

output "guardz_secret" {
  value     = module.guardz.secret
  sensitive = true
}

# Autotask generates it for an internal integration: send it to Guardz with the username and secret.
output "guardz_tracking_identifier" {
  value     = module.guardz.tracking_identifier
  sensitive = true
}
