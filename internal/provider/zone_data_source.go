package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*zoneDataSource)(nil)

func newZoneDataSource() datasource.DataSource { return &zoneDataSource{} }

// zoneDataSource describes the zone the provider talks to, including which API profile it speaks.
type zoneDataSource struct{ apiDataSource }

type zoneModel struct {
	ZoneName            types.String  `tfsdk:"zone_name"`
	URL                 types.String  `tfsdk:"url"`
	WebURL              types.String  `tfsdk:"web_url"`
	APIVersions         types.List    `tfsdk:"api_versions"`
	Profile             types.String  `tfsdk:"profile"`
	RequestThreshold    types.Int64   `tfsdk:"request_threshold"`
	RequestsUsed        types.Int64   `tfsdk:"requests_used"`
	RequestsUsedPercent types.Float64 `tfsdk:"requests_used_percent"`
}

func (d *zoneDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_zone"
}

func (d *zoneDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Autotask zone the provider talks to: its URLs, API versions, hourly request usage, and " +
			"`profile`, which says whether the zone's API can create security levels and API users (`extended`) or is the " +
			"published Autotask API, which cannot (`public`).",
		Attributes: map[string]schema.Attribute{
			"zone_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "The zone's name, from zoneInformation."},
			"url":          schema.StringAttribute{Computed: true, MarkdownDescription: "The zone's REST root, for example `https://webservices15.autotask.net/ATServicesRest/`."},
			"web_url":      schema.StringAttribute{Computed: true, MarkdownDescription: "The zone's web UI address."},
			"api_versions": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "REST API versions the zone serves."},
			"profile": schema.StringAttribute{Computed: true, MarkdownDescription: "`extended` when the zone serves `SecurityLevels` and can create API users through " +
				"`Resources`; `public` for the published Autotask API, where both are made by hand in the UI."},
			"request_threshold":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Requests allowed per hour, shared by every integration of the database."},
			"requests_used":         schema.Int64Attribute{Computed: true, MarkdownDescription: "Requests made in the current hour."},
			"requests_used_percent": schema.Float64Attribute{Computed: true, MarkdownDescription: "Share of the hourly budget already used."},
		},
	}
}

func (d *zoneDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	c, caps := d.data.zoneClient(ctx, &resp.Diagnostics)
	if c == nil {
		return
	}
	zone, err := c.Zone(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the zone", err.Error())
		return
	}
	root, err := c.RESTRoot(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the zone", err.Error())
		return
	}
	versions, err := c.APIVersions(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the API versions", err.Error())
		return
	}
	threshold, err := c.ThresholdInformation(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the request budget", err.Error())
		return
	}
	m := zoneModel{
		ZoneName:            types.StringValue(zone.ZoneName),
		URL:                 types.StringValue(root),
		WebURL:              types.StringValue(zone.WebURL),
		APIVersions:         stringList(versions),
		Profile:             types.StringValue(string(caps.Profile)),
		RequestThreshold:    types.Int64Value(int64(threshold.ExternalRequestThreshold)),
		RequestsUsed:        types.Int64Value(int64(threshold.CurrentTimeframeRequestCount)),
		RequestsUsedPercent: types.Float64Value(threshold.UsedPercent()),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
