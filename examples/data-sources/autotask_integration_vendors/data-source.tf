# Only zones with the extended profile have the picklist.
data "autotask_integration_vendors" "all" {}

output "propel_vendor_id" {
  value = one([for v in data.autotask_integration_vendors.all.vendors : v.id if v.label == "Propel Your MSP"])
}
