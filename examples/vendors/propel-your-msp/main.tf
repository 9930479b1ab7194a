# The propel-your-msp setup from its vendor template, through the preset module.
terraform {
  required_version = ">= 1.11" # the preset module's secret_wo feeds a write-only attribute
  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = "~> 0.1" # a root module pins; the preset module itself only asks for >= 0.1.0
    }
  }
}

provider "autotask" {}

module "propel_your_msp" {
  source = "../../modules/vendor-api-user"
  vendor = "propel-your-msp"
  email  = "propel-your-msp@example.com"
}

output "user_name" {
  value = module.propel_your_msp.user_name
}

output "secret" {
  value     = module.propel_your_msp.secret
  sensitive = true
}

output "tracking_identifier" {
  value     = module.propel_your_msp.tracking_identifier
  sensitive = true
}

# On a public zone: the vendor's whole guide, to follow while the apply waits for the user.
output "checklist_markdown" {
  value = module.propel_your_msp.checklist_markdown
}
