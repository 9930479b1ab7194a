# An existing API user, by username (its key).
data "autotask_resource" "rmm" {
  user_name = "rmmintegration1"
}

# Or by email, which must match exactly one resource.
data "autotask_resource" "owner" {
  email = "service.desk@example.com"
}

output "rmm_user_active" {
  value = data.autotask_resource.rmm.is_active
}
