# A line of business is named "<organizational level 1> > <organizational level 2>".
data "autotask_line_of_business" "managed_na" {
  name = "Managed Services > North America"
}

output "line_of_business_id" {
  value = data.autotask_line_of_business.managed_na.id
}
