package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

var (
	_ datasource.DataSourceWithConfigure        = (*resourceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*resourceDataSource)(nil)
)

func newResourceDataSource() datasource.DataSource { return &resourceDataSource{} }

// resourceDataSource is the data source autotask_resource: an existing resource (an employee or
// an API user). Its file is named after the data source so it does not read as a resource.
type resourceDataSource struct{ apiDataSource }

type resourceModel struct {
	ID           types.Int64  `tfsdk:"id"`
	UserName     types.String `tfsdk:"user_name"`
	Email        types.String `tfsdk:"email"`
	FirstName    types.String `tfsdk:"first_name"`
	LastName     types.String `tfsdk:"last_name"`
	IsActive     types.Bool   `tfsdk:"is_active"`
	LicenseType  types.String `tfsdk:"license_type"`
	ResourceType types.String `tfsdk:"resource_type"`
	LocationID   types.Int64  `tfsdk:"location_id"`
}

func (d *resourceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resource"
}

func (d *resourceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An existing resource (an employee or an API user), by id, username or email. Set exactly one of them.",
		Attributes: map[string]schema.Attribute{
			"id":            schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: "The resource's id."},
			"user_name":     schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The username (for an API user, its key)."},
			"email":         schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The email address; it must match exactly one resource."},
			"first_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "First name."},
			"last_name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Last name."},
			"is_active":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the resource is active."},
			"license_type":  schema.StringAttribute{Computed: true, MarkdownDescription: "The license type's label, for example `API User`."},
			"resource_type": schema.StringAttribute{Computed: true, MarkdownDescription: "The resource type, for example `Employee`."},
			"location_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the Primary Internal Location."},
		},
	}
}

func (d *resourceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("user_name"), path.MatchRoot("email")),
	}
}

func (d *resourceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m resourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := d.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	key, value, what, by := autotask.ByEmail, any(m.Email.ValueString()), fmt.Sprintf("email %q", m.Email.ValueString()), path.Root("email")
	switch {
	case !m.ID.IsNull():
		key, value, what, by = autotask.ByID, m.ID.ValueInt64(), fmt.Sprintf("id %d", m.ID.ValueInt64()), path.Root("id")
	case !m.UserName.IsNull():
		key, value, what, by = autotask.ByUserName, m.UserName.ValueString(), fmt.Sprintf("username %q", m.UserName.ValueString()), path.Root("user_name")
	}
	found, err := c.ResourcesBy(ctx, key, value)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read resources", err.Error())
		return
	}
	switch len(found) {
	case 0:
		resp.Diagnostics.AddAttributeError(by, "Resource not found", fmt.Sprintf("No resource has %s, active or inactive.", what))
		return
	case 1:
	default:
		resp.Diagnostics.AddAttributeError(by, "More than one resource matches", fmt.Sprintf("%d resources have %s; look the resource up by id or username instead.", len(found), what))
		return
	}
	r := found[0]
	license := ""
	if r.LicenseType != nil {
		if license, err = c.PicklistLabelOf(ctx, autotask.Resources, autotask.LicenseTypeField, fmt.Sprint(*r.LicenseType)); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("license_type"), "Cannot read the license type's label",
				fmt.Sprintf("The resource %d has license type %d, whose label the zone's licenseType picklist does not give: %s", r.ID, *r.LicenseType, err))
			return
		}
	}
	m = resourceModel{
		ID: types.Int64Value(r.ID), UserName: types.StringValue(r.UserName), Email: types.StringValue(r.Email),
		FirstName: types.StringValue(r.FirstName), LastName: types.StringValue(r.LastName), IsActive: types.BoolValue(r.IsActive),
		LicenseType: types.StringValue(license), ResourceType: types.StringValue(r.ResourceType), LocationID: types.Int64PointerValue(r.LocationID),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
