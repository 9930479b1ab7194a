// Command demo runs the provider end to end on the embedded Autotask simulator, as `make demo`:
// it builds the provider, starts a simulator zone (extended profile) on a free loopback port,
// applies examples/quickstart with the freshly built provider, signs in as the new API users,
// checks that a second plan has no changes, destroys, and stops the simulator. Set TF=tofu to
// use OpenTofu (built with .ci/ensure-tofu), or TF to the path of a CLI.
//
// Nothing is written outside a temporary directory, which is removed at the end, also after a
// failure or Ctrl-C.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
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

// step is one stage of the demo; its error names it.
type step struct {
	name string
	do   func() error
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

	d := &demo{ctx: ctx, repo: repo, work: work, log: &bytes.Buffer{}}
	defer d.stopSimulator()
	fmt.Println("make demo: the Autotask provider end to end, on the embedded simulator")
	for _, s := range []step{
		{"choosing the CLI", d.findCLI},
		{"building the provider", d.buildProvider},
		{"starting the simulator", d.startSimulator},
		{"preparing examples/quickstart", d.prepare},
		{"apply", d.apply},
		{"signing in as the new API users", d.signIn},
		{"second plan", d.planIsEmpty},
		{"destroy", d.destroy},
	} {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted before %s", s.name)
		}
		if err := s.do(); err != nil {
			if d.log.Len() > 0 {
				fmt.Fprintf(os.Stderr, "\n--- output of the failed step ---\n%s\n", tail(d.log.String(), 60))
			}
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	d.summary()
	return nil
}

type demo struct {
	ctx                   context.Context
	repo, work, dir       string
	cli, cliName, cliWord string // the binary, its product name, the command a user types
	providerDir           string
	sim                   *autotasksim.Simulator
	server                *http.Server
	url                   string
	creds                 autotasksim.Credentials
	env                   []string
	log                   *bytes.Buffer
	out                   map[string]string
}

func (d *demo) say(format string, args ...any) { fmt.Printf("==> "+format+"\n", args...) }

func (d *demo) findCLI() error {
	d.cli = os.Getenv("TF")
	switch d.cli {
	case "", "terraform":
		d.cli, d.cliName, d.cliWord = "terraform", "Terraform", "terraform"
	case "tofu":
		d.say("building OpenTofu (cached after the first run, which takes a few minutes)")
		out, err := exec.CommandContext(d.ctx, filepath.Join(d.repo, ".ci", "ensure-tofu")).Output()
		if err != nil {
			return fmt.Errorf(".ci/ensure-tofu: %w", err)
		}
		d.cli, d.cliName, d.cliWord = strings.TrimSpace(string(out)), "OpenTofu", "tofu"
	default:
		d.cliName, d.cliWord = filepath.Base(d.cli), filepath.Base(d.cli)
	}
	path, err := exec.LookPath(d.cli)
	if err != nil {
		return fmt.Errorf("%s is not installed (set TF to a terraform or tofu binary): %w", d.cli, err)
	}
	d.cli = path
	return nil
}

func (d *demo) buildProvider() error {
	d.say("building the provider")
	d.providerDir = filepath.Join(d.work, "bin")
	return d.exec(d.repo, "go", "build", "-o", filepath.Join(d.providerDir, "terraform-provider-autotask"), "-ldflags", "-X main.version=demo", ".")
}

func (d *demo) startSimulator() error {
	sim, err := autotasksim.New(autotasksim.Options{Profile: autotasksim.ProfileExtended})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	d.sim, d.server = sim, &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = d.server.Serve(ln) }()
	d.url = autotasksim.RESTRoot("http://" + ln.Addr().String())
	d.creds = sim.Credentials()
	d.say("simulator (extended profile) at %s", d.url)
	return nil
}

func (d *demo) stopSimulator() {
	if d.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = d.server.Shutdown(ctx)
	}
}

// prepare copies the examples tree (the quickstart uses the preset module by relative path) and
// writes a CLI configuration whose dev_overrides point both registries at the built provider.
func (d *demo) prepare() error {
	if err := os.CopyFS(filepath.Join(d.work, "examples"), os.DirFS(filepath.Join(d.repo, "examples"))); err != nil {
		return err
	}
	d.dir = filepath.Join(d.work, "examples", "quickstart")
	cliConfig := filepath.Join(d.work, "cli.tfrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/autotask-tf/autotask" = %[1]q
    "registry.opentofu.org/autotask-tf/autotask" = %[1]q
  }
  direct {}
}
`, d.providerDir)
	if err := os.WriteFile(cliConfig, []byte(config), 0o600); err != nil {
		return err
	}
	d.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_ARGS=-no-color",
		"AUTOTASK_BASE_URL="+d.url, "AUTOTASK_USERNAME="+d.creds.Username,
		"AUTOTASK_SECRET="+d.creds.Secret, "AUTOTASK_INTEGRATION_CODE="+d.creds.IntegrationCode)
	// With dev_overrides there is nothing to init; get fetches the local module.
	return d.exec(d.dir, d.cli, "get")
}

func (d *demo) apply() error {
	d.say("%s apply examples/quickstart: Propel Your MSP's level and API user, and MSP AI's through the preset module", d.cliName)
	if err := d.exec(d.dir, d.cli, "apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	d.log.Reset()
	if err := d.exec(d.dir, d.cli, "output", "-json"); err != nil {
		return err
	}
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(d.log.Bytes(), &raw); err != nil {
		return fmt.Errorf("reading the outputs: %w", err)
	}
	d.out = map[string]string{}
	for k, v := range raw {
		switch v := v.Value.(type) {
		case string:
			d.out[k] = v
		case float64:
			d.out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return nil
}

// signIn proves the credentials like a person would: Propel's with the tracking code only the
// vendor knows (the simulator gives it), MSP AI's with the identifier Autotask generated.
func (d *demo) signIn() error {
	d.say("signing in to the zone as each new API user")
	var propelCode string
	for _, v := range d.sim.Vendors() {
		if v.Label == d.out["propel_integration_vendor"] {
			propelCode = v.TrackingCode
		}
	}
	for _, u := range []struct{ who, user, secret, code string }{
		{"Propel Your MSP", d.out["propel_user_name"], d.out["propel_secret"], propelCode},
		{"MSP AI", d.out["msp_ai_user_name"], d.out["msp_ai_secret"], d.out["msp_ai_tracking_identifier"]},
	} {
		c, err := autotask.New(autotask.Options{Username: u.user, Secret: u.secret, IntegrationCode: u.code, BaseURL: d.url})
		if err != nil {
			return fmt.Errorf("%s: %w", u.who, err)
		}
		if _, err := c.ThresholdInformation(d.ctx); err != nil {
			return fmt.Errorf("%s's credentials do not sign in: %w", u.who, err)
		}
	}
	return nil
}

func (d *demo) planIsEmpty() error {
	d.say("%s plan -detailed-exitcode: expecting no changes", d.cliName)
	err := d.exec(d.dir, d.cli, "plan", "-input=false", "-detailed-exitcode")
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		return errors.New("the plan after apply has changes")
	}
	return err
}

func (d *demo) destroy() error {
	d.say("%s destroy", d.cliName)
	return d.exec(d.dir, d.cli, "destroy", "-input=false", "-auto-approve")
}

func (d *demo) summary() {
	fmt.Printf(`
Done. What the apply made, before destroy took it down again:
  security level  API User (Propel Your MSP), id %s: exactly the template's permissions
  API user        %s, tracked by the Integration Vendor %q: signed in
  API user        %s (MSP AI), tracking identifier %s: signed in
The secrets were in state as sensitive values; read one with
  %s output -raw propel_secret
The second plan had no changes, and the simulator is stopped.
`, d.out["propel_security_level_id"], d.out["propel_user_name"], d.out["propel_integration_vendor"],
		d.out["msp_ai_user_name"], masked(d.out["msp_ai_tracking_identifier"]), d.cliWord)
}

// exec runs a command, its output into the log, stopped gracefully on Ctrl-C.
func (d *demo) exec(dir, name string, args ...string) error {
	cmd := exec.CommandContext(d.ctx, name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, d.log, d.log
	if d.env != nil {
		cmd.Env = d.env
	}
	// On Ctrl-C the CLI gets an interrupt, so it stops its provider processes, then a kill.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second
	return cmd.Run()
}

// masked shows the first four characters of a credential.
func masked(s string) string {
	if len(s) <= 4 {
		return "****"
	}
	return s[:4] + strings.Repeat("*", len(s)-4)
}

func tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
