# By id, as the Autotask UI shows it.
terraform import autotask_security_level.propel 30400

# Or by its exact name.
terraform import autotask_security_level.propel "API User (Propel Your MSP)"
