# The public-zone layer: the real provider against a zone with the public profile (today's
# Autotask API), signed in through the AUTOTASK_* environment variables. The zone cannot create
# API users, so someone makes the user in the Autotask UI first; against the simulator, its
# control route plays that person. For a new run_id (digits), make the user, then run the test:
#
#   curl -X POST "${control_url}ui/api-users" -d '{"first_name": "Propel Your MSP", "last_name": "API",
#     "email": "propel-'$RUN'@example.com", "security_level": "API User (system) (API-only)",
#     "integration_vendor": "Propel Your MSP", "user_name": "propel'$RUN'"}'
#   terraform test -test-directory=tests/public-zone -var run_id=$RUN
#
# The module declares no level, checklist_markdown carries the guide with this call's changes,
# and the apply adopts the user made by hand. Destroy deactivates it.

variables {
  vendor               = "propel-your-msp"
  email                = "propel-${var.run_id}@example.com"
  user_name            = "propel${var.run_id}"
  security_level_name  = "API User (Propel Your MSP ${var.run_id})"
  permission_overrides = { "service_desk.tickets.view" = "none", "crm.prospects_leads_and_dead" = "all" }
  wait_for_user        = "1m"
}

run "adopt" {
  assert {
    condition     = output.profile == "public" && length(autotask_security_level.this) == 0 && length(data.autotask_security_level.system) == 0
    error_message = "On a public zone the module declares no level and looks none up."
  }
  assert {
    condition     = startswith(lower(output.user_name), "propel${var.run_id}") && output.secret == null && output.security_level_id == null
    error_message = "The apply adopts the user made by hand, whose secret only the person has, and leaves its level unread."
  }
  assert {
    condition     = contains(output.unverified_attributes, "integration_vendor")
    error_message = "The settings the zone cannot read are listed as unverified."
  }
  assert {
    condition     = startswith(output.checklist_markdown, "${trimsuffix(data.autotask_permission_template.this.checklist_markdown, "\n")}\n\n## Changes this configuration makes to the guide\n")
    error_message = "checklist_markdown is the template's guide, then the changes."
  }
  assert {
    condition     = strcontains(output.checklist_markdown, "- Name the copy of the level **API User (Propel Your MSP ${var.run_id})**, not API User (Propel Your MSP), and give the API user that level.")
    error_message = "The checklist names the level as configured."
  }
  assert {
    condition     = strcontains(output.checklist_markdown, "| Company & Contact Access | Prospects, Leads, & Dead | all | `crm.prospects_leads_and_dead` |") && strcontains(output.checklist_markdown, "| Object Permissions | Tickets: View | none | `service_desk.tickets.view` |")
    error_message = "The checklist lists each override with its UI block and label: ${output.checklist_markdown}"
  }
}

run "unchanged" {
  variables {
    first_api_user_id = run.adopt.api_user_id
  }

  assert {
    condition     = output.api_user_id == var.first_api_user_id
    error_message = "A second apply keeps the adopted user."
  }
}
