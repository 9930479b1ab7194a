# Terraform and OpenTofu 1.11 and later: supply your own secret without it reaching state.
# Hand it to the vendor from the same run (for example through a secrets manager's
# write-only attribute), and bump secret_wo_version to send a new one. The secret must meet
# the zone's password policy: a special character in positions 2 to 6, which random_password
# cannot promise, so a fixed "Ab1!" leads the random part.
ephemeral "random_password" "proxuma" {
  length           = 21
  min_upper        = 1
  min_lower        = 1
  min_numeric      = 1
  min_special      = 1
  override_special = "!#%*+-=?_~"
}

resource "autotask_api_user" "proxuma" {
  first_name         = "Proxuma"
  last_name          = "API"
  email              = "proxuma@example.com"
  security_level_id  = 30400 # a custom API-only level: autotask_security_level.<name>.id, or its id from the UI
  integration_vendor = "Proxuma - Resource Planning & Project Management"

  secret_wo         = "Ab1!${ephemeral.random_password.proxuma.result}"
  secret_wo_version = 1
}
