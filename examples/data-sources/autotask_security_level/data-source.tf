# A system level, by name.
data "autotask_security_level" "api_user" {
  name = "API User (system) (API-only)"
}

# A custom level made in the UI, by id, as a starting point for a managed level.
data "autotask_security_level" "legacy" {
  id = 30400
}

output "legacy_permissions" {
  value = data.autotask_security_level.legacy.permissions
}
