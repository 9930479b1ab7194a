package devcli

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

// LocalVersion is the version `make install-local` gives the provider when VERSION is unset:
// the version under development with build metadata, not a pre-release. The CLIs select a
// pre-release such as 0.1.0-dev only for an exact version constraint, so a configuration with no
// constraint (or "~> 0.1") would not find it; 0.1.0+dev matches those, names a local build in
// lock files and `init` output, and never matches an exact pin of a published release.
const LocalVersion = "0.1.0+dev"

// ProviderSource is the provider's address without the host.
const ProviderSource = "autotask-tf/autotask"

// RegistryHosts are the hosts under which Terraform (registry.terraform.io) and OpenTofu
// (registry.opentofu.org) look up a source address without a host, such as autotask-tf/autotask.
var RegistryHosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// semver is the version form Terraform and OpenTofu accept as a directory of a local mirror.
var semver = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// IsPrerelease reports whether version, a semantic version, is a pre-release such as 1.2.0-rc1,
// which the CLIs select only for an exact version constraint.
func IsPrerelease(version string) bool {
	core, _, _ := strings.Cut(version, "+")
	return strings.Contains(core, "-")
}

// DefaultPluginDir is ~/.terraform.d/plugins, the implied local mirror directory that both
// Terraform and OpenTofu search on Unix when no CLI configuration has a provider_installation
// block.
func DefaultPluginDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".terraform.d", "plugins"), nil
}

// Install builds the provider in repo with version (LocalVersion when empty; a leading v is
// dropped) and installs it in pluginDir (DefaultPluginDir when empty) in the unpacked local
// mirror layout, once per registry host:
//
//	<pluginDir>/<host>/autotask-tf/autotask/<version>/<os>_<arch>/terraform-provider-autotask_v<version>
//
// so `terraform init` and `tofu init` install it from there, offline, and write a lock file.
// `make install-local` runs it.
func Install(ctx context.Context, repo, pluginDir, version string) (Installation, error) {
	var in Installation
	version = strings.TrimPrefix(version, "v")
	if version == "" {
		version = LocalVersion
	}
	if !semver.MatchString(version) {
		return in, fmt.Errorf("VERSION=%s is not a semantic version such as 1.2.3 or %s, which Terraform needs as a directory name", version, LocalVersion)
	}
	if pluginDir == "" {
		dir, err := DefaultPluginDir()
		if err != nil {
			return in, err
		}
		pluginDir = dir
	}
	pluginDir, err := filepath.Abs(pluginDir)
	if err != nil {
		return in, err
	}
	build, err := os.MkdirTemp("", "autotask-install-")
	if err != nil {
		return in, err
	}
	defer os.RemoveAll(build)
	bin := filepath.Join(build, "terraform-provider-autotask")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "-ldflags", "-X main.version="+version, ".")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return in, fmt.Errorf("go build: %w\n%s", err, out)
	}
	name := "terraform-provider-autotask_v" + version
	platform := runtime.GOOS + "_" + runtime.GOARCH
	built, err := os.ReadFile(bin)
	if err != nil {
		return in, err
	}
	in.Version = version
	for _, host := range RegistryHosts {
		dir := filepath.Join(pluginDir, host, filepath.FromSlash(ProviderSource), version, platform)
		if old, err := os.ReadFile(filepath.Join(dir, name)); err == nil && !bytes.Equal(old, built) {
			in.Replaced = true
		}
		if err := writeExecutable(built, dir, name); err != nil {
			return in, err
		}
		in.Files = append(in.Files, filepath.Join(dir, name))
	}
	return in, nil
}

// Installation is what Install did.
type Installation struct {
	Version string
	Files   []string // one per registry host
	// Replaced is set when a different build of the same version was there: a lock file that
	// recorded it no longer matches, and init fails until the lock file is deleted.
	Replaced bool
}

// writeExecutable writes dir/name through a temporary file and a rename, so a provider process
// still running the old file is not disturbed.
func writeExecutable(body []byte, dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// CLIConfigsWithProviderInstallation returns the CLI configuration files that exist and have
// a provider_installation block, which replaces the implied local mirror directories: with
// one, `terraform init` finds the installed provider only through a filesystem_mirror block.
// The files are the one TF_CLI_CONFIG_FILE (or TERRAFORM_CONFIG) names, or else ~/.terraformrc,
// ~/.tofurc and ~/.terraform.d/*.tfrc.
func CLIConfigsWithProviderInstallation() []string {
	var files []string
	if f := cmp.Or(os.Getenv("TF_CLI_CONFIG_FILE"), os.Getenv("TERRAFORM_CONFIG")); f != "" {
		files = append(files, f)
	} else if home, err := os.UserHomeDir(); err == nil {
		files = append(files, filepath.Join(home, ".terraformrc"), filepath.Join(home, ".tofurc"))
		more, _ := filepath.Glob(filepath.Join(home, ".terraform.d", "*.tfrc"))
		files = append(files, more...)
	}
	var found []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err == nil && strings.Contains(string(body), "provider_installation") {
			found = append(found, f)
		}
	}
	return found
}
