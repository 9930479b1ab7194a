# Terraform or OpenTofu 1.11 and later: secret_wo feeds a write-only attribute, and before 1.11
# a configuration cannot even mention one through a variable, null or not. The CLI validates
# every resource with its variables unknown (count = 0 too), and the provider refuses anything
# but a known null in a write-only attribute on a CLI without write-only support.
#
# The provider's lower bound is its first release, which has everything the module uses.
# Constraints are checked against the version an installer picks (a registry, a mirror's
# directory such as 0.1.0+dev), never against the version a binary reports: dev_overrides and
# provider tests that serve the provider in process (TF_REATTACH_PROVIDERS) skip the check.
# Root modules pin the provider (such as "~> 0.1"); a shared module names the oldest release it
# works with.
terraform {
  required_version = ">= 1.11"

  required_providers {
    autotask = {
      source  = "autotask-tf/autotask"
      version = ">= 0.1.0"
    }
  }
}
