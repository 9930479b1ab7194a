package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

var _ datasource.DataSource = (*permissionCatalogDataSource)(nil)

func newPermissionCatalogDataSource() datasource.DataSource { return &permissionCatalogDataSource{} }

// permissionCatalogDataSource lists the catalogue for module authors who validate their own
// presets. It reads embedded data only: no API call, no credentials.
type permissionCatalogDataSource struct{}

type permissionCatalogModel struct {
	Section  types.String `tfsdk:"section"`
	Settings types.List   `tfsdk:"settings"`
	Defaults types.Map    `tfsdk:"defaults"`
}

type permissionSettingModel struct {
	Key           types.String `tfsdk:"key"`
	Section       types.String `tfsdk:"section"`
	SectionLabel  types.String `tfsdk:"section_label"`
	Block         types.String `tfsdk:"block"`
	Item          types.String `tfsdk:"item"`
	Right         types.String `tfsdk:"right"`
	Label         types.String `tfsdk:"label"`
	Aliases       types.List   `tfsdk:"aliases"`
	Kind          types.String `tfsdk:"kind"`
	AllowedValues types.List   `tfsdk:"allowed_values"`
	Minimum       types.Int64  `tfsdk:"minimum"`
	Maximum       types.Int64  `tfsdk:"maximum"`
	Default       types.String `tfsdk:"default"`
	CopyValue     types.String `tfsdk:"copy_value"`
	Note          types.String `tfsdk:"note"`
}

var permissionSettingAttrTypes = map[string]attr.Type{
	"key": types.StringType, "section": types.StringType, "section_label": types.StringType,
	"block": types.StringType, "item": types.StringType, "right": types.StringType, "label": types.StringType,
	"aliases": types.ListType{ElemType: types.StringType}, "kind": types.StringType,
	"allowed_values": types.ListType{ElemType: types.StringType},
	"minimum":        types.Int64Type, "maximum": types.Int64Type, "default": types.StringType, "copy_value": types.StringType, "note": types.StringType,
}

func (d *permissionCatalogDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permission_catalog"
}

func (d *permissionCatalogDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var sections []string
	for _, s := range permissions.Default().Sections() {
		sections = append(sections, s.Key)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every security-level permission key the provider knows, with its section, UI label, aliases, " +
			"kind, allowed values and default, in the order the Autotask UI shows them. Module authors use it to validate " +
			"their own presets. Reads embedded data: no API call and no credentials.",
		Attributes: map[string]schema.Attribute{
			"section": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only list the settings of this section key (for example `service_desk`).",
				Validators:          []validator.String{stringvalidator.OneOf(sections...)},
			},
			"defaults": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The default value of every listed key: the full matrix of a level whose `permissions` map is empty.",
			},
			"settings": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The settings, in UI order.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"key":            schema.StringAttribute{Computed: true, MarkdownDescription: "The key used in `permissions` maps: `<section>.<item>` or `<section>.<item>.<right>`."},
						"section":        schema.StringAttribute{Computed: true, MarkdownDescription: "Section key."},
						"section_label":  schema.StringAttribute{Computed: true, MarkdownDescription: "Section heading in the UI."},
						"block":          schema.StringAttribute{Computed: true, MarkdownDescription: "Block heading inside the section."},
						"item":           schema.StringAttribute{Computed: true, MarkdownDescription: "Item part of the key."},
						"right":          schema.StringAttribute{Computed: true, MarkdownDescription: "`view`, `add`, `edit` or `delete` for an object row; empty otherwise."},
						"label":          schema.StringAttribute{Computed: true, MarkdownDescription: "UI label, with the column for an object row."},
						"aliases":        schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Older or newer spellings of the key; they are refused with a pointer to `key`."},
						"kind":           schema.StringAttribute{Computed: true, MarkdownDescription: "`access_level`, `object_right`, `dropdown`, `check_box` or `integer`."},
						"allowed_values": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Values the key accepts; empty for integers."},
						"minimum":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Lowest value of an integer; null otherwise."},
						"maximum":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Highest value of an integer; null otherwise."},
						"default":        schema.StringAttribute{Computed: true, MarkdownDescription: "Value a level gets when its map leaves the key out: no access, except `web_services_api.can_login` (`true`)."},
						"copy_value":     schema.StringAttribute{Computed: true, MarkdownDescription: "Value in a copy of `API User (system) (API-only)`, the full-access level vendor guides copy."},
						"note":           schema.StringAttribute{Computed: true, MarkdownDescription: "What public sources leave unconfirmed about this setting, if anything."},
					},
				},
			},
		},
	}
}

func (d *permissionCatalogDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data permissionCatalogModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var settings []permissionSettingModel
	defaults := map[string]string{}
	for _, s := range permissions.Default().Settings() {
		if !data.Section.IsNull() && s.Section.Key != data.Section.ValueString() {
			continue
		}
		settings = append(settings, flattenPermissionSetting(s))
		defaults[s.Key] = s.DefaultValue
	}
	var diags diag.Diagnostics
	data.Settings, diags = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: permissionSettingAttrTypes}, settings)
	resp.Diagnostics.Append(diags...)
	data.Defaults, diags = types.MapValueFrom(ctx, types.StringType, defaults)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

func flattenPermissionSetting(s permissions.Setting) permissionSettingModel {
	m := permissionSettingModel{
		Key:           types.StringValue(s.Key),
		Section:       types.StringValue(s.Section.Key),
		SectionLabel:  types.StringValue(s.Section.Label),
		Block:         types.StringValue(s.Block),
		Item:          types.StringValue(s.Item),
		Right:         types.StringValue(s.Right),
		Label:         types.StringValue(s.Label()),
		Aliases:       stringList(s.AliasKeys),
		Kind:          types.StringValue(string(s.Kind)),
		AllowedValues: stringList(s.AllowedValues()),
		Minimum:       types.Int64Null(),
		Maximum:       types.Int64Null(),
		Default:       types.StringValue(s.DefaultValue),
		CopyValue:     types.StringValue(s.CopyValue),
		Note:          types.StringValue(s.Note),
	}
	if s.Kind == permissions.KindInteger {
		m.Minimum = types.Int64Value(int64(s.Min))
		m.Maximum = types.Int64Value(int64(s.Max))
	}
	return m
}
