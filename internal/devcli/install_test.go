package devcli

import (
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// TestAccInstallLocal proves `make install-local`: Install (the code the make target runs) puts
// the provider in a fresh home's ~/.terraform.d/plugins; then, with no CLI configuration file
// and no network, `init` in a copy of examples/quickstart installs it from there and writes a
// lock file naming it, and apply and destroy succeed against a simulator. The CLI is
// TF_ACC_TERRAFORM_PATH (OpenTofu in CI's OpenTofu run, with TF_ACC_PROVIDER_HOST set to
// registry.opentofu.org), or terraform on PATH.
func TestAccInstallLocal(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the Terraform CLI: set TF_ACC (make test does)")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		bin = "terraform"
	}
	bin, err := exec.LookPath(bin)
	if err != nil {
		t.Skipf("no CLI to run: %v", err)
	}
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	switch {
	case host != "":
	case strings.Contains(filepath.Base(bin), "tofu"):
		host = "registry.opentofu.org"
	default:
		host = "registry.terraform.io"
	}
	repo := filepath.Join("..", "..")

	home := t.TempDir()
	in, err := Install(t.Context(), repo, filepath.Join(home, ".terraform.d", "plugins"), "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Version != LocalVersion || len(in.Files) != len(RegistryHosts) {
		t.Fatalf("installed %s as %v; want %s once per registry host", in.Version, in.Files, LocalVersion)
	}
	version := in.Version

	work := t.TempDir()
	if err := copyConfigurations(filepath.Join(repo, "examples"), filepath.Join(work, "examples")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(work, "examples", "quickstart")
	zone, err := StartZone(autotasksim.Options{Profile: autotasksim.ProfileExtended})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(zone.Stop)
	offline := refuseNetwork(t)

	env := []string{"HOME=" + home, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"}
	for _, v := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		env = append(env, v+"="+offline.url) // anything but the loopback zone fails, and is counted
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), bin, append(args, "-no-color")...)
		cmd.Dir, cmd.Env = dir, append(cliEnvironment(os.Environ()), append(env, zone.Env()...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	out := run("init", "-input=false")
	if want := "Installed " + ProviderSource + " v" + version; !strings.Contains(out, want) {
		t.Fatalf("init did not say %q:\n%s", want, out)
	}
	lock, err := os.ReadFile(filepath.Join(dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatalf("init wrote no lock file: %v\n%s", err, out)
	}
	locked := regexp.MustCompile(`(?s)provider "` + regexp.QuoteMeta(host+"/"+ProviderSource) + `" \{\s*version\s*=\s*"` + regexp.QuoteMeta(version) + `".*"h1:`)
	if !locked.Match(lock) {
		t.Fatalf("the lock file does not record %s/%s %s with an h1 hash:\n%s", host, ProviderSource, version, lock)
	}
	installed := filepath.Join(dir, ".terraform", "providers", host, filepath.FromSlash(ProviderSource), version, runtime.GOOS+"_"+runtime.GOARCH)
	if _, err := os.Stat(installed); err != nil {
		t.Fatalf("init did not install the provider for %s: %v\n%s", host, err, out)
	}

	run("apply", "-input=false", "-auto-approve")
	outputs, err := ParseOutputs([]byte(run("output", "-json")))
	if err != nil {
		t.Fatal(err)
	}
	if outputs["propel_user_name"] == "" || outputs["msp_ai_user_name"] == "" {
		t.Fatalf("the apply made no API users: outputs %v", outputs)
	}
	run("destroy", "-input=false", "-auto-approve")
	if n := offline.attempts.Load(); n != 0 {
		t.Fatalf("the CLI or the provider tried the network %d times", n)
	}
}

// cliEnvironment is environ without what would give the CLI a configuration, a plugin cache,
// another data directory, a provider or a zone of its own, or a way past the proxy.
func cliEnvironment(environ []string) []string {
	drop := map[string]bool{"TF_CLI_CONFIG_FILE": true, "TERRAFORM_CONFIG": true, "TF_PLUGIN_CACHE_DIR": true,
		"TF_DATA_DIR": true, "TF_REATTACH_PROVIDERS": true, "TF_WORKSPACE": true, "XDG_CONFIG_HOME": true,
		"XDG_DATA_HOME": true, "XDG_DATA_DIRS": true, "NO_PROXY": true, "no_proxy": true}
	var kept []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !drop[name] && !strings.HasPrefix(name, "TF_CLI_ARGS") && !strings.HasPrefix(name, "TF_VAR_") && !strings.HasPrefix(name, "AUTOTASK_") {
			kept = append(kept, kv)
		}
	}
	return kept
}

// networkTrap is an HTTP proxy that counts and refuses every connection.
type networkTrap struct {
	url      string
	attempts atomic.Int64
}

func refuseNetwork(t *testing.T) *networkTrap {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	trap := &networkTrap{url: "http://" + ln.Addr().String()}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			trap.attempts.Add(1)
			conn.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return trap
}

// copyConfigurations copies the regular files of the tree src to dst, leaving out what a local
// run may have left there: .terraform directories, lock files and state.
func copyConfigurations(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && name == ".terraform" {
			return filepath.SkipDir
		}
		if name == ".terraform.lock.hcl" || strings.Contains(name, ".tfstate") || !d.IsDir() && !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), body, 0o644)
	})
}
