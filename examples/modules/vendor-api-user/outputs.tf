output "user_name" {
  description = "The API user's username (its key)."
  value       = autotask_api_user.this.user_name
}

output "secret" {
  description = "The API user's secret."
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
  description = "The vendor's whole manual procedure, for a zone whose API cannot create levels and users."
  value       = local.template.checklist_markdown
}
