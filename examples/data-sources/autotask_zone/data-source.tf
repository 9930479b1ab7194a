data "autotask_zone" "this" {}

# "extended" when the zone's API can create security levels and API users; "public" for the
# published Autotask API, where they are created by hand in the UI.
output "autotask_profile" {
  value = data.autotask_zone.this.profile
}

output "autotask_budget_used" {
  value = "${data.autotask_zone.this.requests_used} of ${data.autotask_zone.this.request_threshold} requests this hour"
}
