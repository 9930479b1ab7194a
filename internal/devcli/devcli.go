// Package devcli runs the Terraform or OpenTofu CLI against freshly built providers and an
// in-process Autotask simulator, for `make demo` and `make bench`. Everything lives in one
// temporary directory; nothing is written to the home directory. Install, for
// `make install-local`, is the exception: it installs the provider where `init` finds it.
package devcli

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
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// CLI is a Terraform or OpenTofu binary with a CLI configuration whose dev_overrides point at
// the providers built into BinDir.
type CLI struct {
	Path   string // the binary
	Name   string // Terraform or OpenTofu
	Word   string // the command a user types: terraform or tofu
	BinDir string
	Env    []string
	Log    *bytes.Buffer // the output of every command run
}

// Find picks the CLI from TF: unset or "terraform", "tofu" (built with .ci/ensure-tofu from
// repo), or a path.
func Find(ctx context.Context, repo string) (*CLI, error) {
	c := &CLI{Path: os.Getenv("TF"), Log: &bytes.Buffer{}}
	switch c.Path {
	case "", "terraform":
		c.Path, c.Name, c.Word = "terraform", "Terraform", "terraform"
	case "tofu":
		out, err := exec.CommandContext(ctx, filepath.Join(repo, ".ci", "ensure-tofu")).Output()
		if err != nil {
			return nil, fmt.Errorf(".ci/ensure-tofu: %w", err)
		}
		c.Path, c.Name, c.Word = strings.TrimSpace(string(out)), "OpenTofu", "tofu"
	default:
		c.Name, c.Word = filepath.Base(c.Path), filepath.Base(c.Path)
	}
	path, err := exec.LookPath(c.Path)
	if err != nil {
		return nil, fmt.Errorf("%s is not installed (set TF to a terraform or tofu binary): %w", c.Path, err)
	}
	c.Path = path
	return c, nil
}

// Provider is one provider to build: its main package and its address without the host.
type Provider struct {
	Package, Source string // for example "." and "autotask-tf/autotask"
}

// Build builds the providers into work/bin and writes work/cli.tfrc with dev_overrides for them
// on both registries, so no init is needed.
func (c *CLI) Build(ctx context.Context, repo, work string, providers ...Provider) error {
	c.BinDir = filepath.Join(work, "bin")
	var overrides strings.Builder
	for _, p := range providers {
		name := "terraform-provider-" + p.Source[strings.LastIndex(p.Source, "/")+1:]
		if err := c.run(ctx, repo, "go", "build", "-o", filepath.Join(c.BinDir, name), "-ldflags", "-X main.version=dev", p.Package); err != nil {
			return fmt.Errorf("building %s: %w", p.Package, err)
		}
		for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
			fmt.Fprintf(&overrides, "    %q = %q\n", host+"/"+p.Source, c.BinDir)
		}
	}
	config := filepath.Join(work, "cli.tfrc")
	body := "provider_installation {\n  dev_overrides {\n" + overrides.String() + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(config, []byte(body), 0o600); err != nil {
		return err
	}
	c.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+config, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_ARGS=-no-color")
	return nil
}

// Run runs the CLI in dir; its output goes to Log. On Ctrl-C the CLI gets an interrupt, so it
// stops its provider processes, then a kill.
func (c *CLI) Run(ctx context.Context, dir string, args ...string) error {
	return c.run(ctx, dir, c.Path, args...)
}

func (c *CLI) run(ctx context.Context, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, c.Log, c.Log
	if c.Env != nil {
		cmd.Env = c.Env
	}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second
	return cmd.Run()
}

// PlanIsEmpty runs plan -detailed-exitcode and reports whether it found no changes.
func (c *CLI) PlanIsEmpty(ctx context.Context, dir string, args ...string) (bool, error) {
	err := c.Run(ctx, dir, append([]string{"plan", "-input=false", "-detailed-exitcode"}, args...)...)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		return false, nil
	}
	return err == nil, err
}

// Outputs returns the root module's outputs as text, sensitive ones included.
func (c *CLI) Outputs(ctx context.Context, dir string) (map[string]string, error) {
	c.Log.Reset()
	if err := c.Run(ctx, dir, "output", "-json"); err != nil {
		return nil, err
	}
	return ParseOutputs(c.Log.Bytes())
}

// ParseOutputs reads `output -json`: each string or number output as text.
func ParseOutputs(outputJSON []byte) (map[string]string, error) {
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(outputJSON, &raw); err != nil {
		return nil, fmt.Errorf("reading the outputs: %w", err)
	}
	out := map[string]string{}
	for k, v := range raw {
		switch v := v.Value.(type) {
		case string:
			out[k] = v
		case float64:
			out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return out, nil
}

// Zone is a simulator served on a free loopback port.
type Zone struct {
	Sim        *autotasksim.Simulator
	URL        string // the REST root
	ControlURL string // the control API's root, served when the options ask for it
	server     *http.Server
}

// StartZone serves a simulator with opts; Stop stops it.
func StartZone(opts autotasksim.Options) (*Zone, error) {
	sim, err := autotasksim.New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	z := &Zone{Sim: sim, URL: autotasksim.RESTRoot("http://" + ln.Addr().String()), ControlURL: autotasksim.ControlURL("http://" + ln.Addr().String()),
		server: &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}}
	go func() { _ = z.server.Serve(ln) }()
	return z, nil
}

// Env is the provider's settings for the zone, as environment variables.
func (z *Zone) Env() []string {
	creds := z.Sim.Credentials()
	return []string{"AUTOTASK_BASE_URL=" + z.URL, "AUTOTASK_USERNAME=" + creds.Username,
		"AUTOTASK_SECRET=" + creds.Secret, "AUTOTASK_INTEGRATION_CODE=" + creds.IntegrationCode}
}

// Stop stops serving.
func (z *Zone) Stop() {
	if z == nil || z.server == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = z.server.Shutdown(ctx)
}

// Tail returns the last lines of s.
func Tail(s string, lines int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
