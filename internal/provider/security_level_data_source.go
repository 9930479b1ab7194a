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
	_ datasource.DataSourceWithConfigure        = (*securityLevelDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*securityLevelDataSource)(nil)
)

func newSecurityLevelDataSource() datasource.DataSource { return &securityLevelDataSource{} }

// securityLevelDataSource reads any security level, system or custom, by name or id. It shares
// the resource's read.
type securityLevelDataSource struct{ apiDataSource }

// securityLevelDataSourceModel is the resource's model plus what only the data source shows.
type securityLevelDataSourceModel struct {
	securityLevelModel
	IsSystem             types.Bool `tfsdk:"is_system"`
	IsAPIOnly            types.Bool `tfsdk:"is_api_only"`
	EffectivePermissions types.Map  `tfsdk:"effective_permissions"`
}

func (d *securityLevelDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_security_level"
}

func (d *securityLevelDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Any security level, system or custom, by `name` or `id`, with its permission matrix. Use it to " +
			"audit a level made in the UI, or to start a new level from an existing one with `merge()`. Needs a zone with " +
			"the `extended` profile.",
		Attributes: map[string]schema.Attribute{
			"id":        schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: "The level's id. Set exactly one of `id` and `name`."},
			"name":      schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "The level's name, matched case-insensitively."},
			"is_active": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the level is active."},
			"is_system": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is one of Autotask's system levels, which cannot be edited."},
			"is_api_only": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether only API users can hold it. " +
				"An API user's level must be API-only."},
			"copy_from": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the level it was copied from; null when unknown."},
			"permissions": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The rows whose " +
				"value differs from the catalogue default, keyed by catalogue key: the form `autotask_security_level` takes."},
			"effective_permissions": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Every catalogue key with the zone's value."},
		},
	}
}

func (d *securityLevelDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *securityLevelDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config securityLevelDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c := d.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !zoneHasSecurityLevels(ctx, c, &resp.Diagnostics, nil) {
		return
	}
	id := config.ID.ValueInt64()
	what := fmt.Sprintf("id %d", id)
	if config.ID.IsNull() {
		what = fmt.Sprintf("the name %q", config.Name.ValueString())
		var ok bool
		if id, ok = securityLevel.lookUp(ctx, levelNamed(c), config.Name.ValueString(), path.Root("name"),
			fmt.Sprintf("No security level has %s, active or inactive.", what), &resp.Diagnostics); !ok {
			return
		}
	}
	base, level, found, diags := readSecurityLevel(ctx, c, id, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Security level not found", fmt.Sprintf("No security level has %s.", what))
		return
	}
	m := securityLevelDataSourceModel{securityLevelModel: base, IsSystem: types.BoolValue(level.IsSystem), IsAPIOnly: types.BoolValue(level.IsAPIOnly)}
	m.EffectivePermissions, diags = types.MapValueFrom(ctx, types.StringType, catalogRows(level))
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
