# A helper the extended-zone layer runs first: the ids of a location and a line of business, by
# name, as a caller would find them on a real tenant (the simulator's seeded ones here), and the
# current version of the template the test pins, as a caller reads it before pinning.
terraform {
  required_providers {
    autotask = {
      source = "autotask-tf/autotask"
    }
  }
}

data "autotask_internal_location" "london" {
  name = "London"
}

data "autotask_line_of_business" "managed_na" {
  name = "Managed Services > North America"
}

data "autotask_permission_template" "propel" {
  vendor = "propel-your-msp"
}

output "location_id" {
  value = data.autotask_internal_location.london.id
}

output "line_of_business_id" {
  value = data.autotask_line_of_business.managed_na.id
}

output "propel_template_version" {
  value = data.autotask_permission_template.propel.version
}
