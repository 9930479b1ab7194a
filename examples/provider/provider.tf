terraform {
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1"
    }
  }
}

# Credentials usually come from the environment (AUTOTASK_USERNAME, AUTOTASK_SECRET,
# AUTOTASK_INTEGRATION_CODE), so the block can stay empty, as in HCP Terraform workspaces.
provider "autotask" {}

# Or set them explicitly, for example from variables marked sensitive.
provider "autotask" {
  alias            = "explicit"
  username         = var.autotask_username
  secret           = var.autotask_secret
  integration_code = var.autotask_integration_code

  # Skip zone discovery when the zone is known.
  base_url = "https://webservices15.autotask.net/ATServicesRest/"
}

variable "autotask_username" {
  type = string
}

variable "autotask_secret" {
  type      = string
  sensitive = true
}

variable "autotask_integration_code" {
  type = string
}
