package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*integrationVendorsDataSource)(nil)

func newIntegrationVendorsDataSource() datasource.DataSource { return &integrationVendorsDataSource{} }

// integrationVendorsDataSource lists the Integration Vendor picklist of API users.
type integrationVendorsDataSource struct{ apiDataSource }

type integrationVendorModel struct {
	ID       types.Int64  `tfsdk:"id"`
	Label    types.String `tfsdk:"label"`
	IsActive types.Bool   `tfsdk:"is_active"`
}

var integrationVendorAttrTypes = map[string]attr.Type{"id": types.Int64Type, "label": types.StringType, "is_active": types.BoolType}

func (d *integrationVendorsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_integration_vendors"
}

func (d *integrationVendorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Integration Vendor picklist of API users: each vendor's picklist value and label. " +
			"Only zones with the `extended` profile have it; on a `public` zone the data source fails and says how to pick the vendor in the UI.",
		Attributes: map[string]schema.Attribute{
			"vendors": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The vendors, in picklist order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Picklist value (`apiVendorID`)."},
					"label":     schema.StringAttribute{Computed: true, MarkdownDescription: "The name shown in the UI, as templates' `integration_vendor` spells it."},
					"is_active": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the choice is active."},
				}},
			},
		},
	}
}

func (d *integrationVendorsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, caps := d.data.zoneClient(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	if !caps.APIUserSettings() {
		resp.Diagnostics.AddError("The zone has no Integration Vendor picklist", publicZoneVendorsMessage)
		return
	}
	values, err := c.IntegrationVendors(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Integration Vendor picklist", err.Error())
		return
	}
	vendors := make([]integrationVendorModel, len(values))
	for i, v := range values {
		id, err := strconv.ParseInt(v.Value, 10, 64)
		if err != nil {
			resp.Diagnostics.AddError("Unexpected Integration Vendor picklist",
				fmt.Sprintf("The zone lists the vendor %q with the value %q, which is not a number.", v.Label, v.Value))
			return
		}
		vendors[i] = integrationVendorModel{ID: types.Int64Value(id), Label: types.StringValue(v.Label), IsActive: types.BoolValue(v.IsActive)}
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: integrationVendorAttrTypes}, vendors)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("vendors"), list)...)
}
