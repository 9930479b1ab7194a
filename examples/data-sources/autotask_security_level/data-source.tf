# A system level, by name.
data "autotask_security_level" "api_user" {
  name = "API User (system) (API-only)"
}

# A custom level made in the UI, by id, as a starting point for a managed level. The id is in
# the level's URL when you open it in Admin > Company Settings & Users > Resources/Users (HR) >
# Security Levels; or look the level up by name, as above.
data "autotask_security_level" "legacy" {
  id = 30400
}

output "legacy_permissions" {
  value = data.autotask_security_level.legacy.permissions
}
