output "user_name" {
  description = "The API user's username (its key)."
  value       = autotask_api_user.this.user_name
}

output "secret" {
  description = "The API user's secret; null on a public zone, where the person who made the user in the UI has it."
  value       = autotask_api_user.this.secret
  sensitive   = true
}

output "tracking_identifier" {
  description = "The tracking identifier Autotask generated for an internal integration; null for a vendor-tracked user."
  value       = autotask_api_user.this.tracking_identifier
  sensitive   = true
}

output "security_level_id" {
  description = "Id of the user's security level."
  value       = autotask_api_user.this.security_level_id
}

output "checklist_markdown" {
  description = "The vendor's whole manual procedure (level and user), for a zone whose API cannot create them: on a public zone, follow it while the apply waits."
  value       = local.template.checklist_markdown
}

output "profile" {
  description = "The zone's API profile: extended (the module made the level and the user) or public (they are made by hand)."
  value       = data.autotask_zone.this.profile
}
