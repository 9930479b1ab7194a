package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

var _ datasource.DataSourceWithConfigure = (*lineOfBusinessDataSource)(nil)

func newLineOfBusinessDataSource() datasource.DataSource { return &lineOfBusinessDataSource{} }

// lineOfBusinessDataSource finds a line of business: an OrganizationalLevelAssociation, named by
// its two organizational levels.
type lineOfBusinessDataSource struct{ apiDataSource }

type lineOfBusinessModel struct {
	Name       types.String `tfsdk:"name"`
	ID         types.Int64  `tfsdk:"id"`
	Level1ID   types.Int64  `tfsdk:"organizational_level_1_id"`
	Level1Name types.String `tfsdk:"organizational_level_1_name"`
	Level2ID   types.Int64  `tfsdk:"organizational_level_2_id"`
	Level2Name types.String `tfsdk:"organizational_level_2_name"`
	IsActive   types.Bool   `tfsdk:"is_active"`
}

func (d *lineOfBusinessDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_line_of_business"
}

func (d *lineOfBusinessDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A line of business (an organizational level association), by its name " +
			"`<organizational level 1> > <organizational level 2>`, for example `Managed Services > North America`. " +
			"Its `id` goes into an API user's `line_of_business_ids`.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "`<level 1 name> > <level 2 name>`, matched case-insensitively. An unknown name fails, suggests the nearest names and lists the lines of business there are.",
			},
			"id":                          schema.Int64Attribute{Computed: true, MarkdownDescription: "The association's id."},
			"organizational_level_1_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the level 1 organizational level."},
			"organizational_level_1_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the level 1 organizational level."},
			"organizational_level_2_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the level 2 organizational level."},
			"organizational_level_2_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the level 2 organizational level."},
			"is_active":                   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the association is active."},
		},
	}
}

func (d *lineOfBusinessDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m lineOfBusinessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	c := d.data.clientOrError(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := c.LinesOfBusiness(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read lines of business", err.Error())
		return
	}
	want := normaliseLOBName(m.Name.ValueString())
	var names, quoted []string
	for _, l := range all {
		names = append(names, l.Name())
		quoted = append(quoted, fmt.Sprintf("%q", l.Name()))
		if normaliseLOBName(l.Name()) != want {
			continue
		}
		m = lineOfBusinessModel{
			Name: m.Name, ID: types.Int64Value(l.ID),
			Level1ID: types.Int64Value(l.Level1ID), Level1Name: types.StringValue(l.Level1Name),
			Level2ID: types.Int64Value(l.Level2ID), Level2Name: types.StringValue(l.Level2Name),
			IsActive: types.BoolValue(l.IsActive),
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	msg := fmt.Sprintf("No line of business is named %q.", m.Name.ValueString())
	if did := suggest.DidYouMean(suggest.Closest(m.Name.ValueString(), names, 3)); did != "" {
		msg += " " + did
	}
	resp.Diagnostics.AddAttributeError(path.Root("name"), "Line of business not found",
		msg+" Lines of business: "+strings.Join(quoted, ", ")+".")
}

func normaliseLOBName(s string) string {
	parts := strings.Split(s, ">")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.Join(strings.Fields(p), " "))
	}
	return strings.Join(parts, ">")
}
