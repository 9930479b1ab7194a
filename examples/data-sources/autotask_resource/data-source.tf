# A resource by username (for an API user, its key).
data "autotask_resource" "technician" {
  user_name = "mlee"
}

# Or by email, which must match exactly one resource.
data "autotask_resource" "it_glue" {
  email = "itglue-api@example.com"
}

output "it_glue_license" {
  value = data.autotask_resource.it_glue.license_type
}
