package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*apiUsersDataSource)(nil)

func newAPIUsersDataSource() datasource.DataSource { return &apiUsersDataSource{} }

// apiUsersDataSource lists the zone's API-only users, for adopting them all with for_each. It
// reads only published fields, so it works on every zone.
type apiUsersDataSource struct{ apiDataSource }

type apiUsersModel struct {
	OnlyActive types.Bool `tfsdk:"only_active"`
	Users      types.List `tfsdk:"users"`
}

type apiUserSummaryModel struct {
	ID         types.Int64  `tfsdk:"id"`
	UserName   types.String `tfsdk:"user_name"`
	FirstName  types.String `tfsdk:"first_name"`
	LastName   types.String `tfsdk:"last_name"`
	Email      types.String `tfsdk:"email"`
	IsActive   types.Bool   `tfsdk:"is_active"`
	LocationID types.Int64  `tfsdk:"location_id"`
}

var apiUserSummaryAttrTypes = map[string]attr.Type{
	"id": types.Int64Type, "user_name": types.StringType, "first_name": types.StringType, "last_name": types.StringType,
	"email": types.StringType, "is_active": types.BoolType, "location_id": types.Int64Type,
}

func (d *apiUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_users"
}

func (d *apiUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every API-only user of the zone (the resources whose license type is `API User`), in one paged " +
			"query. Feed it to `autotask_api_user` and an `import` block with `for_each` to adopt them all in one plan. " +
			"Works on zones with either profile.",
		Attributes: map[string]schema.Attribute{
			"only_active": schema.BoolAttribute{Optional: true, MarkdownDescription: "List only active users (default: all)."},
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The users, by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.Int64Attribute{Computed: true, MarkdownDescription: "The resource id."},
					"user_name":   schema.StringAttribute{Computed: true, MarkdownDescription: "The username (the API key)."},
					"first_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "First name."},
					"last_name":   schema.StringAttribute{Computed: true, MarkdownDescription: "Last name."},
					"email":       schema.StringAttribute{Computed: true, MarkdownDescription: "Email address."},
					"is_active":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user is active."},
					"location_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the Primary Internal Location."},
				}},
			},
		},
	}
}

func (d *apiUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := d.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := c.APIUsers(ctx, m.OnlyActive.ValueBool())
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the API users", err.Error())
		return
	}
	users := make([]apiUserSummaryModel, len(found))
	for i, u := range found {
		users[i] = apiUserSummaryModel{
			ID: types.Int64Value(u.ID), UserName: types.StringValue(u.UserName), FirstName: types.StringValue(u.FirstName),
			LastName: types.StringValue(u.LastName), Email: types.StringValue(u.Email), IsActive: types.BoolValue(u.IsActive),
			LocationID: types.Int64PointerValue(u.LocationID),
		}
	}
	var diags diag.Diagnostics
	m.Users, diags = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: apiUserSummaryAttrTypes}, users)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
