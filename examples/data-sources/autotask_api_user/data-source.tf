# An API user made by hand, by its username (its key).
data "autotask_api_user" "rmm" {
  user_name = "rmmapi1"
}

output "rmm_security_level_id" {
  value = data.autotask_api_user.rmm.security_level_id
}
