# Adopt every API user of the zone in one plan (Terraform and OpenTofu 1.7 and later): one
# resource and one import block, both with for_each. Works on today's Autotask API.
variable "terraform_user_name" {
  description = "The API user Terraform signs in as, left out so Terraform never deactivates itself."
  type        = string
}

data "autotask_api_users" "all" {}

locals {
  api_users = {
    for u in data.autotask_api_users.all.users : u.user_name => u
    if u.user_name != var.terraform_user_name
  }
}

import {
  for_each = local.api_users
  to       = autotask_api_user.adopted[each.key]
  id       = each.value.user_name
}

resource "autotask_api_user" "adopted" {
  for_each    = local.api_users
  first_name  = each.value.first_name
  last_name   = each.value.last_name
  email       = each.value.email
  is_active   = each.value.is_active
  location_id = each.value.location_id
}
