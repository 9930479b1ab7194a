# Terraform or OpenTofu 1.11 and later. The same hand-over to AWS Secrets Manager: one secret,
# made for this run only, goes to the API user and to a new secret version, both through
# write-only arguments. Raise secret_version to rotate: the next apply sends a new secret to both.
terraform {
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1"
    }
    aws = {
      source = "hashicorp/aws"
    }
    random = {
      source = "hashicorp/random"
    }
  }
}

ephemeral "random_password" "zapier" {
  length           = 32
  override_special = "!#%*+-=?_~"
}

locals {
  secret_version = 1
  # The fixed "Ab1!" meets the password policy; the random part gives the strength.
  zapier_secret = "Ab1!${ephemeral.random_password.zapier.result}"
}

resource "autotask_api_user" "zapier" {
  first_name         = "Presh"
  last_name          = "Integration"
  email              = "zapier@example.com"
  security_level_id  = 10 # "API User (system) (API-only)": check its id in your zone with the autotask_security_level data source
  integration_vendor = "Zapier"

  secret_wo         = local.zapier_secret
  secret_wo_version = local.secret_version
}

resource "aws_secretsmanager_secret" "zapier" {
  name        = "autotask/zapier"
  description = "Autotask API user for Zapier (Presh Marketing Solutions)"
}

resource "aws_secretsmanager_secret_version" "zapier" {
  secret_id = aws_secretsmanager_secret.zapier.id

  secret_string_wo         = local.zapier_secret
  secret_string_wo_version = local.secret_version

  # Store the secret only once Autotask has accepted it.
  depends_on = [autotask_api_user.zapier]
}

output "zapier_user_name" {
  value = autotask_api_user.zapier.user_name
}
