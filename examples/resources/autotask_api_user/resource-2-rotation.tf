# Rotate the secret every 90 days: when time_rotating rolls over, its id changes, which
# changes secret_rotation_triggers, and the next apply sets a new secret in place.
resource "time_rotating" "zapier" {
  rotation_days = 90
}

resource "autotask_api_user" "zapier" {
  first_name         = "Presh"
  last_name          = "Integration"
  email              = "zapier@example.com"
  security_level_id  = 10 # "API User (system) (API-only)": check its id in your zone with the autotask_security_level data source
  integration_vendor = "Zapier"

  secret_rotation_triggers = {
    rotated = time_rotating.zapier.id
  }
}
