# By resource id, as the Autotask UI shows it.
terraform import autotask_api_user.propel 29682907

# Or by username. The secret cannot be imported: set secret_rotation_triggers to have
# Terraform generate and hold a new one.
terraform import autotask_api_user.propel propelapi1001
