package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

var _ datasource.DataSourceWithConfigure = (*internalLocationDataSource)(nil)

func newInternalLocationDataSource() datasource.DataSource { return &internalLocationDataSource{} }

// internalLocationDataSource finds an internal location (an API user's Primary Internal Location).
type internalLocationDataSource struct{ apiDataSource }

type internalLocationModel struct {
	Name      types.String `tfsdk:"name"`
	ID        types.Int64  `tfsdk:"id"`
	IsDefault types.Bool   `tfsdk:"is_default"`
	City      types.String `tfsdk:"city"`
	TimeZone  types.String `tfsdk:"time_zone"`
}

func (d *internalLocationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_internal_location"
}

func (d *internalLocationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An internal location (office), by name, or the default location when no name is given. " +
			"API users need one as their Primary Internal Location.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The location's name (matched case-insensitively). Unset: the default location. An unknown name fails, suggests the nearest names and lists the locations there are.",
			},
			"id":         schema.Int64Attribute{Computed: true, MarkdownDescription: "The location's id."},
			"is_default": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is the default location."},
			"city":       schema.StringAttribute{Computed: true, MarkdownDescription: "City."},
			"time_zone":  schema.StringAttribute{Computed: true, MarkdownDescription: "Time zone."},
		},
	}
}

func (d *internalLocationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m internalLocationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := d.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var found []autotask.InternalLocation
	var err error
	if m.Name.IsNull() {
		found, err = c.DefaultInternalLocations(ctx)
	} else {
		found, err = c.InternalLocations(ctx, m.Name.ValueString())
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read internal locations", err.Error())
		return
	}
	if len(found) != 1 {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Internal location not found", d.notFound(ctx, c, m.Name, len(found)))
		return
	}
	loc := found[0]
	m = internalLocationModel{
		Name: types.StringValue(loc.Name), ID: types.Int64Value(loc.ID), IsDefault: types.BoolValue(loc.IsDefault),
		City: types.StringValue(loc.City), TimeZone: types.StringValue(loc.TimeZone),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// notFound explains a miss, suggests the nearest names (the shared suggest rules) and lists the
// locations there are.
func (d *internalLocationDataSource) notFound(ctx context.Context, c *autotask.Client, name types.String, matches int) string {
	what := "The zone has no default internal location."
	if !name.IsNull() {
		what = fmt.Sprintf("No internal location is named %q.", name.ValueString())
	}
	if matches > 1 {
		what = fmt.Sprintf("%d internal locations match.", matches)
	}
	all, err := c.InternalLocations(ctx, "")
	if err != nil || len(all) == 0 {
		return what
	}
	names, quoted := make([]string, len(all)), make([]string, len(all))
	for i, l := range all {
		names[i], quoted[i] = l.Name, strconv.Quote(l.Name)
	}
	if !name.IsNull() && matches == 0 {
		if did := suggest.DidYouMean(suggest.Closest(name.ValueString(), names, 3)); did != "" {
			what += " " + did
		}
	}
	return what + " Locations: " + strings.Join(quoted, ", ") + "."
}
