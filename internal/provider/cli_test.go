package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// cliDir runs the Terraform (or OpenTofu) CLI in a directory against the provider served in
// this process, for what the acceptance harness cannot do: state with for_each keys, and the
// CLI's own output (warnings, the rendered plan).
type cliDir struct {
	t   *testing.T
	dir string
	bin string
	env []string
}

func newCLIDir(t *testing.T, config string) *cliDir {
	t.Helper()
	c := startCLI(t)
	if !strings.Contains(config, "required_providers") {
		config = "terraform {\n  required_providers {\n    autotask = {\n      source = \"autotask-tf/autotask\"\n    }\n  }\n}\n" + config
	}
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	c.run("init", "-input=false")
	return c
}

// newCLIExample copies the examples tree, so relative module sources resolve, and works in the
// example directory dir (relative to examples/).
func newCLIExample(t *testing.T, dir string) *cliDir {
	t.Helper()
	c := startCLI(t)
	if err := os.CopyFS(filepath.Join(c.dir, "examples"), os.DirFS(filepath.Join("..", "..", "examples"))); err != nil {
		t.Fatal(err)
	}
	c.dir = filepath.Join(c.dir, "examples", filepath.FromSlash(dir))
	c.run("init", "-input=false")
	return c
}

// startCLI serves the provider under the address the examples use and prepares an empty
// working directory.
func startCLI(t *testing.T) *cliDir {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the Terraform CLI: set TF_ACC (make test does)")
	}
	bin, err := exec.LookPath(cliBinary())
	if err != nil {
		t.Skipf("no CLI to run: %v", err)
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	addr := host + "/autotask-tf/autotask"

	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	go func() {
		err := tf6server.Serve(addr, func() tfprotov6.ProviderServer { return providerserver.NewProtocol6(New("test")())() },
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()), tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
			close(reattach)
		}
	}()
	rc, ok := <-reattach
	if !ok {
		t.FailNow()
	}
	t.Cleanup(func() { cancel(); <-closed })
	info, err := json.Marshal(map[string]any{addr: map[string]any{
		"Protocol": rc.Protocol, "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return &cliDir{t: t, dir: t.TempDir(), bin: bin, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+string(info), "TF_IN_AUTOMATION=1", "TF_CLI_ARGS=-no-color", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)}
}

// run runs a CLI command and returns its output; it fails the test when the command fails.
func (c *cliDir) run(args ...string) string {
	c.t.Helper()
	out, err := c.try(args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", filepath.Base(c.bin), strings.Join(args, " "), err, out)
	}
	return out
}

// try runs a CLI command and returns its combined output and error.
func (c *cliDir) try(args ...string) (string, error) {
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestAccReplaceFlagReplacesALevelAndAUser: terraform apply -replace plans the replacement with
// the old object's private data, so the name and username checks know it is the object itself.
func TestAccReplaceFlagReplacesALevelAndAUser(t *testing.T) {
	_, provider := simProvider(t, autotasksim.ProfileExtended)
	levels := newCLIDir(t, provider+levelConfig("replaced", "Replaced", "", nil))
	levels.run("apply", "-input=false", "-auto-approve")
	before := levels.run("state", "show", "autotask_security_level.replaced")
	out := levels.run("apply", "-input=false", "-auto-approve", "-replace=autotask_security_level.replaced")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Fatalf("want the level replaced:\n%s", out)
	}
	if after := levels.run("state", "show", "autotask_security_level.replaced"); after == before {
		t.Fatal("the level was not replaced")
	}

	// A user keeps its username through -replace only if the zone frees it, which Autotask never
	// does: the plan passes the username check; at apply, once the old user is deactivated, the
	// check of the new one says the username stays taken.
	users := newCLIDir(t, provider+fmt.Sprintf(`
data "autotask_security_level" "api" {
  name = %q
}

resource "autotask_api_user" "replaced" {
  first_name                = "Replaced"
  last_name                 = "User"
  email                     = "replaced@example.com"
  user_name                 = "replacedapi1"
  security_level_id         = data.autotask_security_level.api.id
  internal_integration_name = "Replaced"
}
`, permissions.SystemAPILevel))
	users.run("apply", "-input=false", "-auto-approve")
	out, err := users.try("apply", "-input=false", "-auto-approve", "-replace=autotask_api_user.replaced")
	if err == nil || !strings.Contains(out, "Destruction complete") || !strings.Contains(out, "the new user needs") {
		t.Fatalf("want the plan to pass and the apply to explain that the username stays taken (%v):\n%s", err, out)
	}
}

// TestAccPublicZoneWarnsOnceAboutUnverifiableSettings: on a public zone the settings the API
// cannot read are kept from the configuration, with a warning shown once per resource.
func TestAccPublicZoneWarnsOnceAboutUnverifiableSettings(t *testing.T) {
	_, provider, itGlue := publicZoneWithKnownUser(t)
	cli := newCLIDir(t, provider+adoptITGlue(itGlue.userName, ""))
	const warning = "The zone cannot verify some of this API user's settings"
	first := cli.run("apply", "-input=false", "-auto-approve")
	if strings.Count(first, warning) != 1 || !strings.Contains(first, "integration_vendor, security_level_id") {
		t.Fatalf("want the warning once, naming the settings:\n%s", first)
	}
	if again := cli.run("plan", "-input=false"); strings.Contains(again, warning) || !strings.Contains(again, "No changes") {
		t.Fatalf("the warning came back, or the plan is not empty:\n%s", again)
	}
}
