// Command install-local is `make install-local`: it builds the provider and installs it in the
// implied local mirror directory of Terraform and OpenTofu (~/.terraform.d/plugins), so
// `terraform init` and `tofu init` install it without the Registry and without a CLI
// configuration file. VERSION sets its version (default devcli.LocalVersion) and PLUGIN_DIR the
// directory.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/autotask-tf/terraform-provider-autotask/internal/devcli"
)

func main() {
	version := flag.String("version", "", "the provider's version, a semantic version (default "+devcli.LocalVersion+")")
	dir := flag.String("dir", "", "the plugin directory (default ~/.terraform.d/plugins)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *version, *dir); err != nil {
		fmt.Fprintf(os.Stderr, "make install-local failed: %v\n", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, version, dir string) error {
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	implied, err := devcli.DefaultPluginDir()
	if err != nil {
		return err
	}
	switch {
	case dir == "":
		dir = implied
	case strings.HasPrefix(dir, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		dir = filepath.Join(home, dir[2:])
	}
	in, err := devcli.Install(ctx, repo, dir, version)
	if err != nil {
		return err
	}
	fmt.Printf("Installed the provider autotask-tf/autotask %s for Terraform and OpenTofu:\n", in.Version)
	for _, f := range in.Files {
		fmt.Println("  " + f)
	}
	abs, _ := filepath.Abs(dir)
	switch {
	case filepath.Base(abs) == "plugins" && filepath.Base(filepath.Dir(abs)) == "terraform.d" && abs != implied:
		fmt.Printf("\nThe CLI finds it when it runs in %s (-chdir does not change that).\n", filepath.Dir(filepath.Dir(abs)))
	case abs != implied:
		fmt.Printf("\n%s is not a directory the CLI searches by itself: use it through a\nfilesystem_mirror block of a CLI configuration, or run again without PLUGIN_DIR.\n", dir)
	default:
		if files := devcli.CLIConfigsWithProviderInstallation(); len(files) > 0 {
			fmt.Printf("\nWarning: a provider_installation block in\n  %s\nreplaces the directories the CLI searches by itself: add a filesystem_mirror block for\n  %s\nto it (the guide \"Installing the provider without the Registry\" shows one). A\ndev_overrides entry for the provider there wins over this install.\n", strings.Join(files, "\n  "), dir)
		}
	}
	if in.Replaced {
		fmt.Printf("\nThis replaced a different build of %s: init fails where a .terraform.lock.hcl recorded\nthe old one (\"doesn't match any of the checksums\"). Delete that lock file and run init\nagain, or install a higher VERSION and run init -upgrade.\n", in.Version)
	}
	if devcli.IsPrerelease(in.Version) {
		fmt.Printf("\nWarning: %s is a pre-release, which init selects only for an exact pin,\nversion = %q, that no other constraint excludes; otherwise init fails with\n\"no available releases match the given constraints\". A version such as %s avoids this.\n", in.Version, in.Version, devcli.LocalVersion)
	}
	fmt.Printf(`
Next: a local simulator in one shell, the quickstart in another (tofu works the same way):
  make sim SIM_ARGS="--env-file /tmp/autotask.env"
  . /tmp/autotask.env && cd examples/quickstart
  terraform init     # installs autotask-tf/autotask %s from %s, offline
  terraform apply
`, in.Version, dir)
	return nil
}
