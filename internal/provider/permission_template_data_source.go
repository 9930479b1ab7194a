package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

var _ datasource.DataSourceWithValidateConfig = (*permissionTemplateDataSource)(nil)

func newPermissionTemplateDataSource() datasource.DataSource { return &permissionTemplateDataSource{} }

// permissionTemplateDataSource returns one vendor preset. It reads embedded data only, so its
// values are known at plan time and it works without credentials.
type permissionTemplateDataSource struct{}

type permissionTemplateModel struct {
	Vendor                  types.String `tfsdk:"vendor"`
	Slug                    types.String `tfsdk:"slug"`
	Version                 types.Int64  `tfsdk:"version"`
	DisplayName             types.String `tfsdk:"display_name"`
	IntegrationVendor       types.String `tfsdk:"integration_vendor"`
	InternalIntegrationName types.String `tfsdk:"internal_integration_name"`
	SecurityLevelMode       types.String `tfsdk:"security_level_mode"`
	SecurityLevelName       types.String `tfsdk:"security_level_name"`
	CopyFrom                types.String `tfsdk:"copy_from"`
	Permissions             types.Map    `tfsdk:"permissions"`
	FirstName               types.String `tfsdk:"first_name"`
	LastName                types.String `tfsdk:"last_name"`
	WebhooksRequired        types.Bool   `tfsdk:"webhooks_required"`
	Partial                 types.Bool   `tfsdk:"partial"`
	Notes                   types.String `tfsdk:"notes"`
	SourceURL               types.String `tfsdk:"source_url"`
	Changelog               types.List   `tfsdk:"changelog"`
	ChecklistMarkdown       types.String `tfsdk:"checklist_markdown"`
}

type changelogEntryModel struct {
	Version types.Int64  `tfsdk:"version"`
	Changes types.String `tfsdk:"changes"`
}

var changelogAttrTypes = map[string]attr.Type{"version": types.Int64Type, "changes": types.StringType}

func (d *permissionTemplateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permission_template"
}

func (d *permissionTemplateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A vendor's permission preset: how its setup guide builds the security level and the API user, " +
			"as values that feed `autotask_security_level` and `autotask_api_user`, and the whole manual procedure as markdown. " +
			"Reads embedded data: no API call and no credentials, so every value is known at plan time. " +
			"The data source `autotask_permission_templates` lists the vendors.",
		Attributes: map[string]schema.Attribute{
			"vendor": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The template's slug, for example `propel-your-msp`. A former slug (a template renamed to name whose " +
					"guide it is, such as `zapier`, now `presh-zapier`) still finds the template, with a warning naming the new slug. " +
					"An unknown slug fails at plan and suggests the nearest templates.",
				Validators: []validator.String{templateSlug()},
			},
			"slug": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The template's current slug: `vendor`, or the template's new slug when `vendor` is a former one.",
			},
			"version": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Pin the template version. When the provider ships a newer version, the plan fails and lists " +
					"what changed since the pinned one, so a provider upgrade never changes permissions silently. Unset: the current version.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"display_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The vendor's name."},
			"integration_vendor": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The Integration Vendor to pick as the API tracking identifier; null when the vendor uses a custom internal integration, or when its guide does not say (then both this and `internal_integration_name` are null and `notes` explains).",
			},
			"internal_integration_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The name of the Custom (Internal Integration), for which Autotask generates a tracking identifier; null when an Integration Vendor is used.",
			},
			"security_level_mode": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`custom`: build a security level from `permissions`. `system`: give the user the system level named in `security_level_name`; `permissions` is empty.",
			},
			"security_level_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The suggested name of the custom level, or the name of the system level."},
			"copy_from":           schema.StringAttribute{Computed: true, MarkdownDescription: "The level the guide copies to make the custom level; null for a system level."},
			"permissions": schema.MapAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "The custom level's permissions keyed by catalogue key, listing only the rows that differ from the " +
					"catalogue defaults (no access; Web Services API login enabled), so a level built from it imports with no diff. " +
					"Layer your own rows with `merge()`. Empty for a system level.",
			},
			"first_name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Suggested first name of the API user."},
			"last_name":         schema.StringAttribute{Computed: true, MarkdownDescription: "Suggested last name of the API user."},
			"webhooks_required": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the vendor creates webhooks, so the level must allow them."},
			"partial":           schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the vendor's public guide gives only part of the permissions; `notes` says what is missing."},
			"notes":             schema.StringAttribute{Computed: true, MarkdownDescription: "What the guide asks for beyond the permissions, and what is unverified."},
			"source_url":        schema.StringAttribute{Computed: true, MarkdownDescription: "The vendor guide the template follows; empty when its address is not known."},
			"changelog": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Every version of the template, oldest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"version": schema.Int64Attribute{Computed: true, MarkdownDescription: "Template version."},
					"changes": schema.StringAttribute{Computed: true, MarkdownDescription: "What the version changed."},
				}},
			},
			"checklist_markdown": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The whole manual procedure for this vendor in the words of the Autotask UI: the security level, then the API user.",
			},
		},
	}
}

// ValidateConfig checks the pinned version at plan time, with no API call.
func (d *permissionTemplateDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var data permissionTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || data.Vendor.IsNull() || data.Vendor.IsUnknown() || data.Version.IsNull() || data.Version.IsUnknown() {
		return
	}
	t, ok := permissions.LookupTemplate(data.Vendor.ValueString())
	if !ok {
		return // reported by the vendor validator
	}
	if msg := versionMismatch(t, int(data.Version.ValueInt64())); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("version"), "Template version changed", msg)
	}
}

// versionMismatch explains why a pinned version does not match the template, or returns "".
func versionMismatch(t permissions.Template, pinned int) string {
	switch {
	case pinned == t.Version:
		return ""
	case pinned > t.Version:
		return fmt.Sprintf("The template %q is at version %d; version %d does not exist in this provider release.", t.Slug, t.Version, pinned)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The template %q is at version %d, and this configuration pins version %d. Changes since version %d:\n", t.Slug, t.Version, pinned, pinned)
	for _, e := range t.ChangesSince(pinned) {
		fmt.Fprintf(&b, "\n  - version %d: %s", e.Version, e.Changes)
	}
	fmt.Fprintf(&b, "\n\nReview the changes, then set version = %d.", t.Version)
	return b.String()
}

func (d *permissionTemplateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data permissionTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, ok := permissions.LookupTemplate(data.Vendor.ValueString())
	if !ok {
		resp.Diagnostics.AddAttributeError(path.Root("vendor"), "Unknown vendor", unknownVendorMessage(data.Vendor.ValueString()))
		return
	}
	if t.Slug != data.Vendor.ValueString() {
		resp.Diagnostics.AddAttributeWarning(path.Root("vendor"), "Template slug renamed", formerSlugMessage(data.Vendor.ValueString(), t))
	}
	if !data.Version.IsNull() {
		if msg := versionMismatch(t, int(data.Version.ValueInt64())); msg != "" {
			resp.Diagnostics.AddAttributeError(path.Root("version"), "Template version changed", msg)
			return
		}
	}
	resp.Diagnostics.Append(flattenPermissionTemplate(ctx, t, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

func flattenPermissionTemplate(ctx context.Context, t permissions.Template, m *permissionTemplateModel) (diags diag.Diagnostics) {
	m.Slug = types.StringValue(t.Slug)
	m.Version = types.Int64Value(int64(t.Version))
	m.DisplayName = types.StringValue(t.DisplayName)
	m.IntegrationVendor = optionalString(t.IntegrationVendor)
	m.InternalIntegrationName = optionalString(t.InternalIntegrationName)
	m.SecurityLevelMode = types.StringValue(t.LevelMode())
	m.SecurityLevelName = types.StringValue(t.SecurityLevelName())
	m.CopyFrom = optionalString(t.CopyFrom)
	perms := t.Permissions()
	if perms == nil {
		perms = map[string]string{}
	}
	var d diag.Diagnostics
	m.Permissions, d = types.MapValueFrom(ctx, types.StringType, perms)
	diags.Append(d...)
	m.FirstName = types.StringValue(t.FirstName)
	m.LastName = types.StringValue(t.LastName)
	m.WebhooksRequired = types.BoolValue(t.WebhooksRequired())
	m.Partial = types.BoolValue(t.Partial)
	m.Notes = types.StringValue(t.Notes)
	m.SourceURL = types.StringValue(t.SourceURL)
	entries := make([]changelogEntryModel, len(t.Changelog))
	for i, e := range t.Changelog {
		entries[i] = changelogEntryModel{Version: types.Int64Value(int64(e.Version)), Changes: types.StringValue(e.Changes)}
	}
	m.Changelog, d = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: changelogAttrTypes}, entries)
	diags.Append(d...)
	m.ChecklistMarkdown = types.StringValue(t.ChecklistMarkdown())
	return diags
}

// templateSlug refuses an unknown vendor at plan time, listing the known slugs.
func templateSlug() validator.String {
	return stringCheck{described("the slug of a permission template"), func(v string) (string, string) {
		if _, ok := permissions.LookupTemplate(v); !ok {
			return "Unknown vendor", unknownVendorMessage(v)
		}
		return "", ""
	}}
}

// unknownVendorMessage names the nearest templates, each with its vendor, and every slug.
func unknownVendorMessage(slug string) string {
	var near []string
	for _, t := range permissions.ClosestTemplates(slug, 3) {
		near = append(near, fmt.Sprintf("%q (%s)", t.Slug, t.DisplayName))
	}
	var slugs []string
	for _, t := range permissions.Templates() {
		s := t.Slug
		if len(t.FormerSlugs) > 0 {
			s += " (formerly " + strings.Join(t.FormerSlugs, ", ") + ")"
		}
		slugs = append(slugs, s)
	}
	msg := fmt.Sprintf("No permission template has the slug %q.", slug)
	if did := suggest.Phrase(suggest.List(near, "or")); did != "" {
		msg += " " + did
	}
	return msg + " Known slugs: " + strings.Join(slugs, ", ") + "."
}

// formerSlugMessage says that vendor is a former slug of t, and which slug to use.
func formerSlugMessage(vendor string, t permissions.Template) string {
	return fmt.Sprintf("%q is the former slug of the template %q (%s), renamed to name whose guide it is. The old slug keeps "+
		"working and returns the same template; set vendor = %q to use the current one.", vendor, t.Slug, t.DisplayName, t.Slug)
}
