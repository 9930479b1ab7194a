package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = (*apiUserDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*apiUserDataSource)(nil)
)

func newAPIUserDataSource() datasource.DataSource { return &apiUserDataSource{} }

// apiUserDataSource reads an API user by id or username. It shares the resource's read; a
// secret is never readable.
type apiUserDataSource struct{ apiDataSource }

func (d *apiUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_user"
}

func (d *apiUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An existing API user by `id` or `user_name`, with its security level, tracking identifier and settings. " +
			"Autotask never returns a secret, so this data source has none. A resource that is not an API-only user (license type " +
			"`API User`), such as a person's account, is refused: read it with `autotask_resource`.",
		Attributes: map[string]schema.Attribute{
			"id":                   schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: "The resource id. Set exactly one of `id` and `user_name`."},
			"user_name":            schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The username (the API key), matched case-insensitively."},
			"first_name":           computed("First name."),
			"last_name":            computed("Last name."),
			"email":                computed("Email address."),
			"is_active":            schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user is active."},
			"is_locked":            schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether Autotask locked the user."},
			"security_level_id":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the user's security level."},
			"location_id":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the Primary Internal Location."},
			"date_format":          computed("Date format."),
			"time_format":          computed("Time format."),
			"number_format":        computed("Number format."),
			"line_of_business_ids": schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids of the user's lines of business."},
			"can_view_items_with_no_line_of_business": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the user sees items with no line of business."},
			"protected_data_permission":               computed("`none`, `view` or `edit`."),
			"integration_vendor":                      computed("The Integration Vendor that tracks the user; null for an internal integration."),
			"integration_vendor_id":                   schema.Int64Attribute{Computed: true, MarkdownDescription: "The Integration Vendor's picklist value."},
			"internal_integration_name":               computed("The Custom (Internal Integration) name; null for a vendor-tracked user."),
			"tracking_identifier": schema.StringAttribute{Computed: true, Sensitive: true,
				MarkdownDescription: "The tracking identifier Autotask generated for an internal integration; null for a vendor-tracked user."},
		},
	}
}

func (d *apiUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("user_name"))}
}

func (d *apiUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config apiUserModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c := d.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := config.ID.ValueInt64()
	if config.ID.IsNull() {
		var ok bool
		name := config.UserName.ValueString()
		if id, ok = apiUser.lookUp(ctx, userNamed(c), name, path.Root("user_name"),
			fmt.Sprintf("No resource has the username %q, active or inactive.", name), &resp.Diagnostics); !ok {
			return
		}
	}
	m, u, found, diags := readAPIUser(ctx, c, id, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "API user not found", fmt.Sprintf("The zone has no resource with id %d.", id))
		return
	}
	at := path.Root("id")
	if config.ID.IsNull() {
		at = path.Root("user_name")
	}
	if !requireAPIUser(ctx, c, u, at, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
