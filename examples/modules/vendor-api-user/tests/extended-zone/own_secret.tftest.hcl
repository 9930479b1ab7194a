# The extended-zone layer (see custom_level.tftest.hcl), Terraform and OpenTofu 1.11 and later:
# the caller's own secret through secret_wo, never in state; a template whose user is tracked by
# a custom internal integration, so Autotask generates the tracking identifier.

variables {
  vendor              = "msp-ai"
  email               = "msp-ai-${var.run_id}@example.com"
  security_level_name = "API User (MSP AI ${var.run_id})"
  secret_wo           = "Ab1!secret-from-a-store-1"
  secret_wo_version   = 1
}

run "own_secret" {
  assert {
    condition     = output.secret == null && autotask_api_user.this.secret_wo == null && autotask_api_user.this.secret_wo_version == 1
    error_message = "A write-only secret reaches neither state nor the secret output."
  }
  assert {
    condition     = autotask_api_user.this.internal_integration_name == data.autotask_permission_template.this.internal_integration_name && length(output.tracking_identifier) > 0
    error_message = "An internal integration gets the tracking identifier Autotask generates."
  }
}

run "new_secret" {
  variables {
    secret_wo         = "Ab1!secret-from-a-store-2"
    secret_wo_version = 2
    first_api_user_id = run.own_secret.api_user_id
  }

  assert {
    condition     = output.api_user_id == var.first_api_user_id && autotask_api_user.this.secret_wo_version == 2 && output.secret == null
    error_message = "A new secret_wo_version sends the new secret to the same user."
  }
}
