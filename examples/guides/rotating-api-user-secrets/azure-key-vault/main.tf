# Terraform or OpenTofu 1.11 and later. A secret made for this run only is set on the API user and
# written to an Azure Key Vault secret, both through write-only arguments, so it reaches neither
# the plan nor the state. time_rotating's timestamp versions both: every 90 days the next apply
# sends one new secret to both, and `terraform apply -replace=time_rotating.immybot` rotates now.
terraform {
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1"
    }
    azurerm = {
      source = "hashicorp/azurerm"
    }
    random = {
      source = "hashicorp/random"
    }
    time = {
      source = "hashicorp/time"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "key_vault_id" {
  description = "Id of the Key Vault that holds the vendor's credentials."
  type        = string
}

resource "time_rotating" "immybot" {
  rotation_days = 90
}

ephemeral "random_password" "immybot" {
  length           = 32
  override_special = "!#%*+-=?_~"
}

locals {
  # "Ab1!" meets the password policy whatever the random part holds: upper and lower case, a
  # digit, and a special character in position 4. The random part gives the strength.
  immybot_secret = "Ab1!${ephemeral.random_password.immybot.result}"
  # One version for both write-only arguments, so they always receive the same secret.
  immybot_secret_version = time_rotating.immybot.unix
}

resource "autotask_api_user" "immybot" {
  first_name         = "ImmyBot"
  last_name          = "API"
  email              = "immybot@example.com"
  security_level_id  = 10 # "API User (system) (API-only)": check its id in your zone with the autotask_security_level data source
  integration_vendor = "ImmyBot"

  secret_wo         = local.immybot_secret
  secret_wo_version = local.immybot_secret_version
}

resource "azurerm_key_vault_secret" "immybot" {
  name         = "autotask-immybot"
  key_vault_id = var.key_vault_id
  content_type = "Autotask API user ${autotask_api_user.immybot.user_name}"

  value_wo         = local.immybot_secret
  value_wo_version = local.immybot_secret_version

  # Store the secret only once Autotask has accepted it.
  depends_on = [autotask_api_user.immybot]
}

output "immybot_user_name" {
  value = autotask_api_user.immybot.user_name
}
