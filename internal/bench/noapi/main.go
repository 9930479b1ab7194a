// Command noapi is the benchmark's baseline: a framework provider whose resources call no API,
// served the same way as the Autotask provider, so `make bench` can separate the plugin
// protocol's cost from the provider's own. noapi_thing has one attribute; noapi_security_level
// and noapi_api_user have the Autotask resources' schemas, which separates the framework's cost
// for those schemas from what the provider does.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	autotask "github.com/autotask-tf/terraform-provider-autotask/internal/provider"
)

type noAPIProvider struct{}

func (noAPIProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noapi"
}
func (noAPIProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (noAPIProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (noAPIProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (noAPIProvider) Resources(context.Context) []func() resource.Resource {
	resources := []func() resource.Resource{func() resource.Resource { return thing{} }}
	for _, newResource := range autotask.New("bench")().Resources(context.Background()) {
		resources = append(resources, func() resource.Resource { return shaped{newResource()} })
	}
	return resources
}

// thing stores its name; every operation copies the plan or state through.
type thing struct{}

type thingModel struct {
	Name types.String `tfsdk:"name"`
}

func (thing) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "noapi_thing"
}

func (thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"name": schema.StringAttribute{Required: true}}}
}

func (thing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (thing) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (thing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// shaped has the schema of one of the Autotask provider's resources and stores its plan,
// unknown values made known, as noapi_<name>.
type shaped struct{ real resource.Resource }

func (s shaped) Metadata(ctx context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	s.real.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "noapi"}, resp)
}

func (s shaped) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	s.real.Schema(ctx, req, resp)
}

func (shaped) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw, resp.Diagnostics = known(req.Plan.Raw)
}

func (shaped) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.State.Raw = req.State.Raw
}

func (shaped) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw, resp.Diagnostics = known(req.Plan.Raw)
}

func (shaped) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// known gives every value still unknown after planning a placeholder: 1, "1" or false.
func known(plan tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	v, err := tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch {
		case v.Type().Is(tftypes.Number):
			return tftypes.NewValue(tftypes.Number, 1), nil
		case v.Type().Is(tftypes.String):
			return tftypes.NewValue(tftypes.String, "1"), nil
		case v.Type().Is(tftypes.Bool):
			return tftypes.NewValue(tftypes.Bool, false), nil
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		diags.AddError("Cannot fill in unknown values", err.Error())
	}
	return v, diags
}

func main() {
	autotask.QuietUnlessTerraformLogs() // served the same way as the Autotask provider
	err := providerserver.Serve(context.Background(), func() provider.Provider { return noAPIProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/bench/noapi"})
	if err != nil {
		log.Fatal(err)
	}
}
