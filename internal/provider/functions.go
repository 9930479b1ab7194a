package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// Provider functions (Terraform 1.8+, OpenTofu 1.7+): pure functions over permission maps for
// module authors and reviewers. No API call, no credentials.

var (
	_ function.Function = (*checklistFunction)(nil)
	_ function.Function = (*excessPermissionsFunction)(nil)
)

func newChecklistFunction() function.Function { return &checklistFunction{} }

func newExcessPermissionsFunction() function.Function { return &excessPermissionsFunction{} }

// permissionMapParameter is a map of catalogue keys to values, checked like a level's permissions.
func permissionMapParameter(name, description string) function.MapParameter {
	return function.MapParameter{Name: name, ElementType: types.StringType, MarkdownDescription: description}
}

// checkPermissionArgument validates a permission map argument like the resource does; the
// error names the argument and each key.
func checkPermissionArgument(index int64, name string, perms map[string]string) *function.FuncError {
	problems := permissions.Default().Validate(perms)
	if len(problems) == 0 {
		return nil
	}
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = name + ": " + p.Error()
	}
	// Terraform ends the message with its own full stop.
	return function.NewArgumentFuncError(index, strings.TrimSuffix(strings.Join(msgs, "\n"), "."))
}

type checklistFunction struct{}

func (f *checklistFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "checklist"
}

func (f *checklistFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The manual UI checklist for a permission map",
		MarkdownDescription: "Renders, as markdown in the words of the Autotask UI, how to give a copy of " +
			"`API User (system) (API-only)` the permissions in a map: exactly the permission steps the " +
			"`autotask_permission_template` data source renders for a template. For merged presets, and for zones whose " +
			"API cannot create security levels. The map is checked like `autotask_security_level`'s `permissions`.",
		Parameters: []function.Parameter{
			permissionMapParameter("permissions", "Permission values keyed by catalogue key; keys left out take their default."),
		},
		Return: function.StringReturn{},
	}
}

func (f *checklistFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var perms map[string]string
	if resp.Error = req.Arguments.Get(ctx, &perms); resp.Error != nil {
		return
	}
	if resp.Error = checkPermissionArgument(0, "permissions", perms); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, permissions.Default().ManualSteps(perms))
}

type excessPermissionsFunction struct{}

func (f *excessPermissionsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "excess_permissions"
}

func (f *excessPermissionsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The rows of one permission map that give more than another allows",
		MarkdownDescription: "Returns the rows of `granted` that give more than `allowed` does, as a map of catalogue key to the " +
			"granted value; an empty map means `granted` stays within `allowed`. \"More\" follows each setting's values from most " +
			"to least permissive (`all` > `mine` > `none`, `yes` > `no`, `full` > `limited` > `none`, `true` > `false`) and, for " +
			"a number, a larger one. Keys a map leaves out take their catalogue default. Both maps are checked like " +
			"`autotask_security_level`'s `permissions`. Use it in `check` blocks to audit levels against their vendor templates.",
		Parameters: []function.Parameter{
			permissionMapParameter("granted", "The permissions a level has, such as `autotask_security_level`'s `permissions`, or the data source's `effective_permissions`."),
			permissionMapParameter("allowed", "The most it may have, such as its vendor template's `permissions`."),
		},
		Return: function.MapReturn{ElementType: types.StringType},
	}
}

func (f *excessPermissionsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var granted, allowed map[string]string
	if resp.Error = req.Arguments.Get(ctx, &granted, &allowed); resp.Error != nil {
		return
	}
	resp.Error = function.ConcatFuncErrors(checkPermissionArgument(0, "granted", granted), checkPermissionArgument(1, "allowed", allowed))
	if resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, permissions.Default().Excess(granted, allowed))
}
