package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Idioms both resources share: objects found by id or unique name, creates whose outcome is
// uncertain, the object a replacement replaces, and objects created but not read back.

// finder looks an object up by its unique name (Autotask compares names case-insensitively).
type finder func(ctx context.Context, name string) (id int64, found bool, err error)

// firstFound makes a finder of a lookup by name: the first object it finds that ok accepts.
func firstFound[T any](lookup func(context.Context, string) ([]T, error), id func(T) int64, ok func(T) bool) finder {
	return func(ctx context.Context, name string) (int64, bool, error) {
		found, err := lookup(ctx, name)
		if err != nil {
			return 0, false, err
		}
		for _, v := range found {
			if ok(v) {
				return id(v), true, nil
			}
		}
		return 0, false, nil
	}
}

// named is how messages speak of an object and its unique name: "API user" and "username",
// "security level" and "name", and the resource type that manages it.
type named struct{ what, by, resourceType string }

// lookUp resolves name with find, or reports why not: an error at attribute at (the whole
// configuration when at is empty), with notFound as the detail when no object has the name.
func (n named) lookUp(ctx context.Context, find finder, name string, at path.Path, notFound string, diags *diag.Diagnostics) (int64, bool) {
	id, found, err := find(ctx, name)
	switch {
	case err != nil:
		diags.AddError("Cannot look the "+n.what+" up", err.Error())
	case !found && at.Equal(path.Empty()):
		diags.AddError(upperFirst(n.what)+" not found", notFound)
	case !found:
		diags.AddAttributeError(at, upperFirst(n.what)+" not found", notFound)
	default:
		return id, true
	}
	return 0, false
}

// importID resolves an import id: a number is the object's id, anything else its name.
func (n named) importID(ctx context.Context, find finder, raw string, diags *diag.Diagnostics) (int64, bool) {
	if id, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64); err == nil {
		return id, true
	}
	return n.lookUp(ctx, find, raw, path.Empty(), fmt.Sprintf("No %s has the %s %q. Import takes its id or its %s.", n.what, n.by, raw, n.by), diags)
}

// adoptAfterUncertainCreate looks up, by its unique name, an object whose create may or may not
// have reached the zone: found, it is the one this create made. A zone may commit a write after
// its answer was lost, or after its gateway gave up (a 504), so the look-up repeats, a few
// seconds apart, for window, and a failed look-up is tried again within it. Still not found, the
// error names the object and the import block that adopts it if it appears later.
func (n named) adoptAfterUncertainCreate(ctx context.Context, find finder, name string, window time.Duration, createErr error) (int64, error) {
	start := time.Now()
	pause := min(max(window/10, 200*time.Millisecond), 5*time.Second)
	var lookupErr error
	for {
		id, found, err := find(ctx, name)
		if err == nil && found {
			return id, nil
		}
		lookupErr = err
		if time.Since(start)+pause > window {
			break
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return 0, fmt.Errorf("%w; looking the %s %q up was cancelled: %w", createErr, n.what, name, ctx.Err())
		}
	}
	adopt := fmt.Sprintf("Look for it in the Autotask UI before applying again: if it is there, adopt it with\n\n"+
		"import {\n  to = %s.<name>\n  id = %q\n}\n\nor applying again makes another one; if it is not, applying again makes it.",
		n.resourceType, name)
	if lookupErr != nil {
		return 0, fmt.Errorf("%w. Looking the %s %q up by %s for %s, to see whether the zone made it, failed too: %w. %s",
			createErr, n.what, name, n.by, time.Since(start).Round(time.Second), lookupErr, adopt)
	}
	return 0, fmt.Errorf("%w. No %s had the %s %q after %s of looking, but the zone may still make it. %s",
		createErr, n.what, n.by, name, time.Since(start).Round(time.Second), adopt)
}

// createdButNotReadBack keeps an object whose read-back after a create failed: failing would
// taint it (and its replacement would meet its own name), so the read's errors become
// warnings, and the caller stores the object as planned until the next refresh reads it.
func (n named) createdButNotReadBack(read diag.Diagnostics, detail string, diags *diag.Diagnostics) {
	diags.Append(warnings(read)...)
	diags.AddWarning(upperFirst(n.what)+" created but not read back", detail)
}

// missing reports an object the zone does not have.
func (n named) missing(id int64, diags *diag.Diagnostics) {
	diags.AddError(upperFirst(n.what)+" not found", fmt.Sprintf("The zone has no %s with id %d.", n.what, id))
}

// vanished reports an object that disappeared from the zone while Terraform updated it.
func (n named) vanished(id int64, diags *diag.Diagnostics) {
	diags.AddError(upperFirst(n.what)+" vanished", fmt.Sprintf("The %s with id %d was deleted outside Terraform during the update.", n.what, id))
}

// planned reads what ModifyPlan plans: the plan and the state it changes (nil for a create).
// ok is false for a destroy, and when either cannot be read (the reason is in diags).
func planned[M any](ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) (plan M, state *M, ok bool) {
	if req.Plan.Raw.IsNull() {
		return plan, nil, false
	}
	diags.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		state = new(M)
		diags.Append(req.State.Get(ctx, state)...)
	}
	return plan, state, !diags.HasError()
}

// privateSetter is the private state of a plan or an apply's response.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// privateGetter is the private state of a plan's request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// rememberReplaced records in a planned object's private state the id of the object in state.
// When Terraform replaces it (a replacing attribute, -replace), it plans the new object next,
// with no state but this private data: it tells the name check that the object holding the
// name is the one being replaced. Only plans need it; applies clear it (forgetReplaced).
func rememberReplaced(ctx context.Context, p privateSetter, key string, id int64) diag.Diagnostics {
	return p.SetKey(ctx, key, []byte(strconv.FormatInt(id, 10)))
}

// replacedID is the id rememberReplaced recorded, or 0.
func replacedID(ctx context.Context, p privateGetter, key string) int64 {
	raw, d := p.GetKey(ctx, key)
	if d.HasError() || raw == nil {
		return 0
	}
	id, _ := strconv.ParseInt(string(raw), 10, 64)
	return id
}

// forgetReplaced clears what rememberReplaced recorded.
func forgetReplaced(ctx context.Context, p privateSetter, key string) diag.Diagnostics {
	return p.SetKey(ctx, key, nil)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// warnings turns error diagnostics into warnings, for a failure that does not undo what
// already happened.
func warnings(d diag.Diagnostics) diag.Diagnostics {
	var out diag.Diagnostics
	for _, x := range d {
		out.AddWarning(x.Summary(), x.Detail())
	}
	return out
}
