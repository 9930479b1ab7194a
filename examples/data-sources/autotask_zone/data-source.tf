data "autotask_zone" "this" {}

# "extended" when the zone's API can create security levels and API users; "public" for the
# published Autotask API, where they are created by hand in the UI.
output "autotask_profile" {
  value = data.autotask_zone.this.profile
}

# requests_used changes on every run: an output of it would make `plan -detailed-exitcode`
# report changes forever. Keep outputs to what is stable, and check the budget in a check block.
output "autotask_request_threshold" {
  value = data.autotask_zone.this.request_threshold
}

check "hourly_budget" {
  assert {
    condition     = data.autotask_zone.this.requests_used_percent < 80
    error_message = "Other integrations have used ${data.autotask_zone.this.requests_used} of the zone's ${data.autotask_zone.this.request_threshold} requests this hour."
  }
}
