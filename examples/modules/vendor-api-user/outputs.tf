output "user_name" {
  description = "The API user's username (its key): generated on an extended zone, the adopted user's on a public zone."
  value       = autotask_api_user.this.user_name
}

output "secret" {
  description = "The generated secret; null with secret_wo (you have the secret) and on a public zone (the person who made the user in the UI has it)."
  value       = autotask_api_user.this.secret
  sensitive   = true
}

output "tracking_identifier" {
  description = "The tracking identifier Autotask generated for an internal integration, to send to the vendor; null for a vendor-tracked user."
  value       = autotask_api_user.this.tracking_identifier
  sensitive   = true
}

output "api_user_id" {
  description = "The API user's resource id."
  value       = autotask_api_user.this.id
}

output "security_level_id" {
  description = "Id of the user's security level; null on a public zone, which cannot read it."
  value       = autotask_api_user.this.security_level_id
}

output "security_level_name" {
  description = "Name of the user's security level: the custom level's, or the system level's the template names."
  value       = local.custom ? local.level_name : local.template.security_level_name
}

output "template_version" {
  description = "The template version used: the input template_version, or the current one. Pin it with template_version."
  value       = local.template.version
}

output "checklist_markdown" {
  description = "The vendor's whole manual procedure (level and user), for a zone whose API cannot create them; on a public zone, with this configuration's level name and permission_overrides added. Follow it while the apply waits."
  value       = local.checklist_markdown
}

output "unverified_attributes" {
  description = "The user's settings the zone cannot read (a public zone), kept as configured: set them in the UI exactly so."
  value       = autotask_api_user.this.unverified_attributes
}

output "profile" {
  description = "The zone's API profile: extended (the module made the level and the user) or public (they are made by hand)."
  value       = data.autotask_zone.this.profile
}
