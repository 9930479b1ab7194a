# The default location.
data "autotask_internal_location" "default" {}

# A location by name.
data "autotask_internal_location" "london" {
  name = "London"
}

output "primary_location_id" {
  value = data.autotask_internal_location.default.id
}
