# OpenTofu only. The API user keeps its generated secret in state, and OpenTofu encrypts state
# and plan files with a key derived from a passphrase, so they are unreadable without it. Set
# TF_VAR_state_passphrase (at least 16 characters) before `tofu init`; without the passphrase the
# state cannot be read, so keep it as carefully as the state.
variable "state_passphrase" {
  description = "Passphrase the state and plan encryption key is derived from."
  type        = string
  sensitive   = true
}

terraform {
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1"
    }
  }

  encryption {
    key_provider "pbkdf2" "state" {
      passphrase = var.state_passphrase
    }

    method "aes_gcm" "state" {
      keys = key_provider.pbkdf2.state
    }

    state {
      method   = method.aes_gcm.state
      enforced = true
    }

    plan {
      method   = method.aes_gcm.state
      enforced = true
    }
  }
}

resource "autotask_api_user" "zapier" {
  first_name         = "Presh"
  last_name          = "Integration"
  email              = "zapier@example.com"
  security_level_id  = 10 # "API User (system) (API-only)": check its id in your zone with the autotask_security_level data source
  integration_vendor = "Zapier"
}

output "zapier_user_name" {
  value = autotask_api_user.zapier.user_name
}

output "zapier_secret" {
  value     = autotask_api_user.zapier.secret
  sensitive = true
}
