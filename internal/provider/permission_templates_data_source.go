package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

var _ datasource.DataSource = (*permissionTemplatesDataSource)(nil)

func newPermissionTemplatesDataSource() datasource.DataSource {
	return &permissionTemplatesDataSource{}
}

// permissionTemplatesDataSource lists every vendor preset the provider ships. No API call.
type permissionTemplatesDataSource struct{}

type permissionTemplatesModel struct {
	Templates types.List `tfsdk:"templates"`
}

type templateSummaryModel struct {
	Slug                    types.String `tfsdk:"slug"`
	FormerSlugs             types.List   `tfsdk:"former_slugs"`
	DisplayName             types.String `tfsdk:"display_name"`
	IntegrationVendor       types.String `tfsdk:"integration_vendor"`
	InternalIntegrationName types.String `tfsdk:"internal_integration_name"`
	SecurityLevelMode       types.String `tfsdk:"security_level_mode"`
	Partial                 types.Bool   `tfsdk:"partial"`
	Version                 types.Int64  `tfsdk:"version"`
}

var templateSummaryAttrTypes = map[string]attr.Type{
	"slug": types.StringType, "former_slugs": types.ListType{ElemType: types.StringType}, "display_name": types.StringType, "integration_vendor": types.StringType,
	"internal_integration_name": types.StringType, "security_level_mode": types.StringType,
	"partial": types.BoolType, "version": types.Int64Type,
}

func (d *permissionTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permission_templates"
}

func (d *permissionTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every vendor permission template the provider ships, sorted by slug. " +
			"Reads embedded data: no API call and no credentials. Use a slug with `autotask_permission_template`.",
		Attributes: map[string]schema.Attribute{
			"templates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The templates.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"slug": schema.StringAttribute{Computed: true, MarkdownDescription: "The value for `vendor` in `autotask_permission_template`."},
					"former_slugs": schema.ListAttribute{
						Computed: true, ElementType: types.StringType,
						MarkdownDescription: "Slugs the template had before it was renamed to name whose guide it is; they still work as `vendor`, with a warning. Empty for most templates.",
					},
					"display_name":              schema.StringAttribute{Computed: true, MarkdownDescription: "The vendor's name."},
					"integration_vendor":        schema.StringAttribute{Computed: true, MarkdownDescription: "The Integration Vendor picklist name; null for a custom internal integration or when the guide does not say."},
					"internal_integration_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The Custom (Internal Integration) name; null when an Integration Vendor is used."},
					"security_level_mode":       schema.StringAttribute{Computed: true, MarkdownDescription: "`custom` or `system`."},
					"partial":                   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the vendor's public guide gives only part of the permissions."},
					"version":                   schema.Int64Attribute{Computed: true, MarkdownDescription: "The template's current version."},
				}},
			},
		},
	}
}

func (d *permissionTemplatesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	var items []templateSummaryModel
	for _, t := range permissions.Templates() {
		former, d := types.ListValueFrom(ctx, types.StringType, append([]string{}, t.FormerSlugs...))
		resp.Diagnostics.Append(d...)
		items = append(items, templateSummaryModel{
			Slug:                    types.StringValue(t.Slug),
			FormerSlugs:             former,
			DisplayName:             types.StringValue(t.DisplayName),
			IntegrationVendor:       optionalString(t.IntegrationVendor),
			InternalIntegrationName: optionalString(t.InternalIntegrationName),
			SecurityLevelMode:       types.StringValue(t.LevelMode()),
			Partial:                 types.BoolValue(t.Partial),
			Version:                 types.Int64Value(int64(t.Version)),
		})
	}
	list, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: templateSummaryAttrTypes}, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &permissionTemplatesModel{Templates: list})...)
}
