// Command demo runs the provider end to end on the embedded Autotask simulator, as `make demo`:
// it builds the provider, starts a simulator zone (extended profile) on a free loopback port,
// applies examples/quickstart with the freshly built provider, signs in as the new API users,
// checks that a second plan has no changes, destroys, and stops the simulator. Set TF=tofu to
// use OpenTofu (built with .ci/ensure-tofu), or TF to the path of a CLI.
//
// PROFILE=public runs it on today's Autotask API instead (the public profile, which cannot
// create security levels or API users): examples/vendors/propel-your-msp plans with the UI
// steps, the apply waits while the demo plays the person who makes the user in the UI (the
// simulator's POST /_sim/ui/api-users), then adopts it; the user signs in with the secret the
// UI showed, and the second plan has no changes.
//
// Nothing is written outside a temporary directory, which is removed at the end, also after a
// failure or Ctrl-C.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/devcli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "\nmake demo failed: %v\n", err)
		os.Exit(1)
	}
}

type demo struct {
	ctx             context.Context
	repo, work, dir string
	public          bool
	cli             *devcli.CLI
	zone            *devcli.Zone
	out             map[string]string
	madeByHand      madeByHand // public: what the person's UI showed
}

func run(ctx context.Context) error {
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "autotask-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	d := &demo{ctx: ctx, repo: repo, work: work}
	switch profile := os.Getenv("PROFILE"); profile {
	case "", string(autotasksim.ProfileExtended):
	case string(autotasksim.ProfilePublic):
		d.public = true
	default:
		return fmt.Errorf("PROFILE=%s: use extended (the default) or public", profile)
	}
	defer func() { d.zone.Stop() }()
	type step struct {
		name string
		do   func() error
	}
	steps := []step{
		{"choosing the CLI", d.findCLI},
		{"building the provider", d.build},
		{"starting the simulator", d.startSimulator},
		{"preparing examples/quickstart", d.prepare},
		{"apply", d.apply},
		{"signing in as the new API users", d.signIn},
		{"second plan", d.planIsEmpty},
		{"destroy", d.destroy},
	}
	if d.public {
		steps = []step{
			{"choosing the CLI", d.findCLI},
			{"building the provider", d.build},
			{"starting the simulator", d.startSimulator},
			{"preparing examples/vendors/propel-your-msp", d.prepare},
			{"plan", d.planShowsTheSteps},
			{"apply, waiting for the user made by hand", d.applyWhileAPersonMakesTheUser},
			{"signing in as the adopted API user", d.signInAsTheAdoptedUser},
			{"second plan", d.planIsEmpty},
			{"destroy", d.destroy},
		}
	}
	fmt.Println("make demo: the Autotask provider end to end, on the embedded simulator")
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted before %s", s.name)
		}
		if err := s.do(); err != nil {
			if d.cli != nil && d.cli.Log.Len() > 0 {
				fmt.Fprintf(os.Stderr, "\n--- output of the failed step ---\n%s\n", devcli.Tail(d.cli.Log.String(), 60))
			}
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if d.public {
		d.publicSummary()
	} else {
		d.summary()
	}
	return nil
}

func say(format string, args ...any) { fmt.Printf("==> "+format+"\n", args...) }

func (d *demo) findCLI() (err error) {
	if os.Getenv("TF") == "tofu" {
		say("building OpenTofu (cached after the first run, which takes a few minutes)")
	}
	d.cli, err = devcli.Find(d.ctx, d.repo)
	return err
}

func (d *demo) build() error {
	say("building the provider")
	return d.cli.Build(d.ctx, d.repo, d.work, devcli.Provider{Package: ".", Source: "autotask-tf/autotask"})
}

func (d *demo) startSimulator() (err error) {
	profile := autotasksim.ProfileExtended
	if d.public {
		profile = autotasksim.ProfilePublic
	}
	d.zone, err = devcli.StartZone(autotasksim.Options{Profile: profile, Control: d.public})
	if err == nil {
		say("simulator (%s profile) at %s", profile, d.zone.URL)
	}
	return err
}

// prepare copies the examples tree, since the quickstart uses the preset module by relative path.
func (d *demo) prepare() error {
	if err := os.CopyFS(filepath.Join(d.work, "examples"), os.DirFS(filepath.Join(d.repo, "examples"))); err != nil {
		return err
	}
	d.dir = filepath.Join(d.work, "examples", "quickstart")
	if d.public {
		d.dir = filepath.Join(d.work, "examples", "vendors", "propel-your-msp")
	}
	d.cli.Env = append(d.cli.Env, d.zone.Env()...)
	// With dev_overrides there is nothing to init; get fetches the local module.
	return d.cli.Run(d.ctx, d.dir, "get")
}

func (d *demo) apply() (err error) {
	say("%s apply examples/quickstart: Propel Your MSP's level and API user, and MSP AI's through the preset module", d.cli.Name)
	if err := d.cli.Run(d.ctx, d.dir, "apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	d.out, err = d.cli.Outputs(d.ctx, d.dir)
	return err
}

// signIn proves the credentials like a person would, retrying for up to a minute as a real zone
// needs: Propel's with the tracking code only the
// vendor knows (the simulator gives it), MSP AI's with the identifier Autotask generated.
func (d *demo) signIn() error {
	say("signing in to the zone as each new API user")
	var propelCode string
	for _, v := range d.zone.Sim.Vendors() {
		if v.Label == d.out["propel_integration_vendor"] {
			propelCode = v.TrackingCode
		}
	}
	for _, u := range []struct{ who, user, secret, code string }{
		{"Propel Your MSP", d.out["propel_user_name"], d.out["propel_secret"], propelCode},
		{"MSP AI", d.out["msp_ai_user_name"], d.out["msp_ai_secret"], d.out["msp_ai_tracking_identifier"]},
	} {
		c, err := autotask.New(autotask.Options{Username: u.user, Secret: u.secret, IntegrationCode: u.code, BaseURL: d.zone.URL})
		if err != nil {
			return fmt.Errorf("%s: %w", u.who, err)
		}
		if err := d.signInWithin(c, time.Minute); err != nil {
			return fmt.Errorf("%s's credentials do not sign in within a minute: %w", u.who, err)
		}
	}
	return nil
}

func (d *demo) planIsEmpty() error {
	say("%s plan -detailed-exitcode: expecting no changes", d.cli.Name)
	empty, err := d.cli.PlanIsEmpty(d.ctx, d.dir)
	if err == nil && !empty {
		err = errors.New("the plan after apply has changes")
	}
	return err
}

func (d *demo) destroy() error {
	say("%s destroy", d.cli.Name)
	return d.cli.Run(d.ctx, d.dir, "destroy", "-input=false", "-auto-approve")
}

func (d *demo) summary() {
	fmt.Printf(`
Done. What the apply made, before destroy took it down again:
  security level  API User (Propel Your MSP), id %s: exactly the template's permissions
  API user        %s, tracked by the Integration Vendor %q: signed in
  API user        %s (MSP AI), tracking identifier %s: signed in
The secrets were in state as sensitive values. The second plan had no changes, and the
simulator is stopped.

Run the quickstart yourself, against a local simulator, from the repository's root:
%s`, d.out["propel_security_level_id"], d.out["propel_user_name"], d.out["propel_integration_vendor"],
		d.out["msp_ai_user_name"], masked(d.out["msp_ai_tracking_identifier"]), yourself(d.cli.Word))
}

// yourself is the copy-paste block that runs the quickstart against `make sim` with the
// provider installed by `make install-local`, ending with a secret read from state.
func yourself(cli string) string {
	return fmt.Sprintf(`
  make install-local >/dev/null && go build -o /tmp/autotask-sim ./internal/autotasksim/cmd/autotask-sim
  rm -f /tmp/autotask.env; /tmp/autotask-sim --env-file /tmp/autotask.env >/dev/null 2>&1 &
  until [ -s /tmp/autotask.env ]; do sleep 1; done; . /tmp/autotask.env
  cd examples/quickstart && %[1]s init && %[1]s apply -auto-approve && %[1]s output -raw propel_secret; echo
  %[1]s destroy -auto-approve; cd ../..; kill %%1
`, cli)
}

// masked shows the first four characters of a credential.
func masked(s string) string {
	if len(s) <= 4 {
		return "****"
	}
	return s[:4] + strings.Repeat("*", len(s)-4)
}
