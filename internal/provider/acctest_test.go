package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
	"github.com/autotask-tf/terraform-provider-autotask/internal/devcli"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// Helpers shared by the acceptance tests. They run against an in-process simulator, so
// `make test` needs no Autotask tenant.

// testAccProtoV6ProviderFactories serves the provider in-process to the Terraform CLI.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"autotask": providerserver.NewProtocol6WithError(New("test")()),
}

// clearAutotaskEnv unsets every AUTOTASK_ variable for the test, so a developer's own
// credentials never leak into a test that expects none.
func clearAutotaskEnv(t *testing.T) {
	t.Helper()
	for _, env := range []string{envUsername, envSecret, envIntegrationCode, envBaseURL, envZoneLookupURL, envImpersonation,
		envMaxConcurrency, envBudgetGuard, envMaxRetries, envRequestTimeout, envAllowInsecure} {
		t.Setenv(env, "")
	}
}

// simProvider starts an in-process simulator for the test and returns a provider block that
// signs in to it as the simulator's admin API user.
func simProvider(t *testing.T, profile autotasksim.Profile) (*simtest.Zone, string) {
	t.Helper()
	clearAutotaskEnv(t)
	zone := simtest.Start(t, autotasksim.Options{Profile: profile})
	return zone, providerBlock(zone)
}

// providerBlock signs in to the zone as its admin API user.
func providerBlock(zone *simtest.Zone) string {
	return fmt.Sprintf(`
provider "autotask" {
  base_url         = %q
  username         = %q
  secret           = %q
  integration_code = %q
}
`, zone.URL, zone.Username, zone.Secret, zone.IntegrationCode)
}

// zoneClient is a client of the test's zone, signed in as its admin API user, for preparing
// the zone (as the UI would) and asking it what exists.
func zoneClient(t *testing.T, zone *simtest.Zone) *autotask.Client {
	t.Helper()
	c, err := autotask.New(autotask.Options{
		Username: zone.Username, Secret: zone.Secret, IntegrationCode: zone.IntegrationCode, BaseURL: zone.URL,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// zoneWrites counts the writes the zone has seen on an entity.
func zoneWrites(zone *simtest.Zone, entity string) int64 {
	ops := zone.Sim.Stats().Requests[entity]
	return ops["create"] + ops["update"] + ops["replace"] + ops["delete"]
}

// stateID is the numeric id of the object at addr in the state.
func stateID(s *terraform.State, addr string) (int64, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return 0, fmt.Errorf("%s is not in the state", addr)
	}
	return strconv.ParseInt(rs.Primary.ID, 10, 64)
}

// saveID is a check that stores the id of the object at addr.
func saveID(addr string, id *int64) resource.TestCheckFunc {
	return func(s *terraform.State) (err error) {
		*id, err = stateID(s, addr)
		return err
	}
}

// managed lists the managed objects of a resource type in the state: their ids by address.
func managed(s *terraform.State, resourceType string) (map[string]int64, error) {
	ids := map[string]int64{}
	for addr, rs := range s.RootModule().Resources {
		if rs.Type != resourceType || strings.HasPrefix(addr, "data.") {
			continue
		}
		id, err := stateID(s, addr)
		if err != nil {
			return nil, err
		}
		ids[addr] = id
	}
	return ids, nil
}

// checkSecurityLevelsDestroyed asks the zone that every level in the state is gone, or
// inactive where resources still hold it (Autotask keeps such a level).
func checkSecurityLevelsDestroyed(t *testing.T, zone *simtest.Zone) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := zoneClient(t, zone)
		levels, err := managed(s, "autotask_security_level")
		if err != nil {
			return err
		}
		for _, id := range levels {
			var level autotask.SecurityLevel
			switch err := c.Get(context.Background(), autotask.SecurityLevels, id, &level); {
			case autotask.IsNotFound(err):
			case err != nil:
				return err
			case level.IsActive:
				return fmt.Errorf("security level %d (%s) is still active after destroy", id, level.Name)
			}
		}
		return nil
	}
}

// readExample returns a file under examples/, so tests apply what the docs show.
func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cliVersion is the version of the CLI the acceptance tests drive.
type cliVersion struct{ major, minor int }

// atLeast compares with a version such as "1.8".
func (v cliVersion) atLeast(version string) bool {
	var major, minor int
	_, _ = fmt.Sscanf(version, "%d.%d", &major, &minor)
	return v.major > major || v.major == major && v.minor >= minor
}

// cliBinary is the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, or terraform on PATH.
func cliBinary() string {
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		return bin
	}
	return "terraform"
}

// terraformVersion asks the CLI the tests use for its version.
func terraformVersion(t *testing.T) cliVersion {
	t.Helper()
	out, err := exec.Command(cliBinary(), "version", "-json").Output()
	if err != nil {
		t.Skipf("no CLI to run: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	var cv cliVersion
	if json.Unmarshal(out, &v) != nil {
		t.Fatalf("unexpected version output: %s", out)
	}
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &cv.major, &cv.minor); err != nil {
		t.Fatalf("version %q: %v", v.Version, err)
	}
	return cv
}

type apiUserCredentials struct {
	id                     string
	resourceID             int64
	userName, secret, code string
}

// credentialsOf reads a user's credentials from the state; a vendor-tracked user has no
// tracking identifier there, and these tests use internal integrations.
func credentialsOf(s *terraform.State, addr string) apiUserCredentials {
	a := s.RootModule().Resources[addr].Primary.Attributes
	return apiUserCredentials{id: a["id"], userName: a["user_name"], secret: a["secret"], code: a["tracking_identifier"]}
}

// signIn makes an authenticated call with the credentials, again every half second for up to
// signInBound: a new API user can take minutes to start working on a real zone (the simulator's
// work at once, so the bound is short). An error means they do not work.
func signIn(zone *simtest.Zone, creds apiUserCredentials) error {
	deadline := time.Now().Add(signInBound)
	for {
		err := signInOnce(zone, creds)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w (tried for %s)", err, signInBound)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

const signInBound = 3 * time.Second

// signInOnce makes one authenticated call with the credentials, with no retry: tests that check
// that credentials stopped working use it, since they must not wait.
func signInOnce(zone *simtest.Zone, creds apiUserCredentials) error {
	c, err := autotask.New(autotask.Options{Username: creds.userName, Secret: creds.secret, IntegrationCode: creds.code, BaseURL: zone.URL, MaxRetries: -1})
	if err != nil {
		return err
	}
	if _, err := c.ThresholdInformation(context.Background()); err != nil {
		return fmt.Errorf("%s cannot sign in: %w", creds.userName, err)
	}
	return nil
}

func vendorCode(t *testing.T, zone *simtest.Zone, label string) string {
	t.Helper()
	for _, v := range zone.Sim.Vendors() {
		if strings.EqualFold(v.Label, label) {
			return v.TrackingCode
		}
	}
	t.Fatalf("the simulator has no vendor %q", label)
	return ""
}

// checkAPIUserInZone asks the zone for the user at addr.
func checkAPIUserInZone(t *testing.T, zone *simtest.Zone, addr string, ok func(autotask.APIUser) bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, addr)
		if err != nil {
			return err
		}
		var u autotask.APIUser
		if err := zoneClient(t, zone).Get(context.Background(), autotask.Resources, id, &u); err != nil {
			return err
		}
		if !ok(u) {
			return fmt.Errorf("the zone has %+v", u)
		}
		return nil
	}
}

// checkAPIUsersDestroyed asks the zone that every user in the state is inactive (resources are
// never deleted) and every level gone or inactive.
func checkAPIUsersDestroyed(t *testing.T, zone *simtest.Zone) func(*terraform.State) error {
	levels := checkSecurityLevelsDestroyed(t, zone)
	return func(s *terraform.State) error {
		users, err := managed(s, "autotask_api_user")
		if err != nil {
			return err
		}
		for addr := range users {
			if err := checkAPIUserInZone(t, zone, addr, func(u autotask.APIUser) bool { return !u.IsActive })(s); err != nil {
				return fmt.Errorf("%s after destroy: %w", addr, err)
			}
		}
		return levels(s)
	}
}

// apiUserConfig is a level and an internally tracked user on it; extra goes into the user.
func apiUserConfig(label, extra string) string {
	return fmt.Sprintf(`
resource "autotask_security_level" %[1]q {
  name        = "API User (%[1]s)"
  permissions = {}
}

resource "autotask_api_user" %[1]q {
  first_name                = "Test"
  last_name                 = %[1]q
  email                     = "%[1]s@example.com"
  security_level_id         = autotask_security_level.%[1]s.id
  internal_integration_name = %[1]q
  %[2]s
}
`, label, extra)
}

// wrapped matches text as Terraform prints it in a diagnostic, wrapped at any space.
func wrapped(text string) string {
	return strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`)
}

func mapExact(m map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(m))
	for k, v := range m {
		checks[k] = knownvalue.StringExact(v)
	}
	return knownvalue.MapExact(checks)
}

// createLevel makes a custom level through the API, as an administrator would in the UI.
func createLevel(t *testing.T, c *autotask.Client, name string, perms map[string]string) int64 {
	t.Helper()
	rows := []autotask.PermissionRow{}
	for k, v := range perms {
		rows = append(rows, autotask.PermissionRow{Key: k, Value: v})
	}
	id, err := c.Create(context.Background(), autotask.SecurityLevels, autotask.SecurityLevel{Name: name, IsActive: true, IsAPIOnly: true, Permissions: rows})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// patchLevel edits rows of a level through the API, as a UI edit would.
func patchLevel(t *testing.T, c *autotask.Client, id int64, rows map[string]string) {
	t.Helper()
	var body []autotask.PermissionRow
	for k, v := range rows {
		body = append(body, autotask.PermissionRow{Key: k, Value: v})
	}
	if _, err := c.Patch(context.Background(), autotask.SecurityLevels, map[string]any{"id": id, "permissions": body}); err != nil {
		t.Fatal(err)
	}
}

func levelsNamed(t *testing.T, c *autotask.Client, name string) []autotask.SecurityLevel {
	t.Helper()
	found, err := c.SecurityLevelsNamed(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// createAPIUser makes an API user holding a level through the extended API, as the UI would.
func createAPIUser(t *testing.T, c *autotask.Client, levelID int64, userName string) int64 {
	t.Helper()
	ctx := context.Background()
	license, err := c.PicklistValueOf(ctx, "Resources", "licenseType", "API User")
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.Create(ctx, "Resources", map[string]any{
		"firstName": "Held", "lastName": "API", "email": "held@example.com", "userName": userName,
		"secret": "Ab1*defghijkLMN", "licenseType": license, "securityLevelID": levelID, "internalIntegrationName": "Held",
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// levelConfig is an autotask_security_level block; extra is inserted as it is.
func levelConfig(label, name, extra string, perms map[string]string) string {
	keys := make([]string, 0, len(perms))
	for k := range perms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"autotask_security_level\" %q {\n  name = %q\n  %s\n  permissions = {\n", label, name, extra)
	for _, k := range keys {
		fmt.Fprintf(&b, "    %q = %q\n", k, perms[k])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// publicZoneWithKnownUser starts a public zone and reads the seeded IT Glue API user's
// credentials from the simulator's state file, so tests can sign in as a user they did not make.
func publicZoneWithKnownUser(t *testing.T) (*simtest.Zone, string, apiUserCredentials) {
	t.Helper()
	clearAutotaskEnv(t)
	statePath := filepath.Join(t.TempDir(), "zone.json")
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic, StatePath: statePath})
	if err := zone.Sim.Save(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Credentials []struct {
			ResourceID      int64  `json:"resourceId"`
			Secret          string `json:"secret"`
			IntegrationCode string `json:"integrationCode"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	found, err := autotask.QueryAs[autotask.APIUser](context.Background(), zoneClient(t, zone), autotask.Resources,
		autotask.Query{Filter: []autotask.Filter{autotask.Eq("email", "itglue-api@example.com")}})
	if err != nil || len(found) != 1 {
		t.Fatalf("the seeded IT Glue user: %v, %v", found, err)
	}
	for _, c := range state.Credentials {
		if c.ResourceID == found[0].ID {
			creds := apiUserCredentials{id: fmt.Sprint(c.ResourceID), resourceID: c.ResourceID, userName: found[0].UserName, secret: c.Secret, code: c.IntegrationCode}
			return zone, providerBlock(zone), creds
		}
	}
	t.Fatal("the state file has no credentials for the IT Glue user")
	return nil, "", apiUserCredentials{}
}

// adoptITGlue imports the seeded IT Glue API user by username (in upper case: usernames match
// case-insensitively); extra goes into the resource.
func adoptITGlue(userName, extra string) string {
	return fmt.Sprintf(`
import {
  to = autotask_api_user.itglue
  id = %q
}

resource "autotask_api_user" "itglue" {
  first_name         = "IT Glue"
  last_name          = "Integration"
  email              = "itglue-api@example.com"
  security_level_id  = 10
  integration_vendor = "ITG - Documentation Management"
  %s
}
`, strings.ToUpper(userName), extra)
}

// zoneFromEnvironment starts an extended zone and hands its admin credentials to the provider
// through the environment, as the examples expect.
func zoneFromEnvironment(t *testing.T) *simtest.Zone {
	t.Helper()
	return profileZoneFromEnvironment(t, autotasksim.ProfileExtended)
}

// profileZoneFromEnvironment is zoneFromEnvironment for a zone of either profile.
func profileZoneFromEnvironment(t *testing.T, profile autotasksim.Profile) *simtest.Zone {
	t.Helper()
	zone, _ := simProvider(t, profile)
	t.Setenv(envBaseURL, zone.URL)
	t.Setenv(envUsername, zone.Username)
	t.Setenv(envSecret, zone.Secret)
	t.Setenv(envIntegrationCode, zone.IntegrationCode)
	return zone
}

// outputs reads a configuration's string and number outputs, sensitive ones included.
func outputs(t *testing.T, cli *cliDir) map[string]string {
	t.Helper()
	out, err := devcli.ParseOutputs([]byte(cli.run("output", "-json")))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

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
	c.write(config)
	c.run("init", "-input=false")
	return c
}

// stateResource is a resource of the root module in `show -json`.
type stateResource struct {
	Address string         `json:"address"`
	Type    string         `json:"type"`
	Values  map[string]any `json:"values"`
}

// resources reads the root module's resources from the state.
func (c *cliDir) resources() []stateResource {
	c.t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []stateResource `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(c.run("show", "-json")), &state); err != nil {
		c.t.Fatal(err)
	}
	return state.Values.RootModule.Resources
}

// write replaces the configuration, adding the provider requirement when it has none.
func (c *cliDir) write(config string) {
	c.t.Helper()
	if !strings.Contains(config, "required_providers") {
		config = "terraform {\n  required_providers {\n    autotask = {\n      source = \"autotask-tf/autotask\"\n    }\n  }\n}\n" + config
	}
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(config), 0o600); err != nil {
		c.t.Fatal(err)
	}
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

// systemAdministrator reads the simulator's seeded System Administrator, a person (an employee
// with the Administrator license), through the API.
func systemAdministrator(t *testing.T, zone *simtest.Zone) autotask.APIUser {
	t.Helper()
	found, err := zoneClient(t, zone).ResourcesNamed(context.Background(), "dwhitfield")
	if err != nil || len(found) != 1 {
		t.Fatalf("the System Administrator dwhitfield: %v, %v", found, err)
	}
	return found[0]
}

// hclBody renders attributes in key order, so a failing case's configuration reads the same each run.
func hclBody(attrs map[string]string) string {
	keys := make([]string, 0, len(attrs))
	for k, v := range attrs {
		if v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, attrs[k])
	}
	return b.String()
}

// systemLevelUser is an autotask_api_user on the system API-only level, which the data source
// autotask_security_level.api reads, so the configuration needs no level of its own; attrs
// (HCL expressions) add to or override its names and email.
func systemLevelUser(label string, attrs map[string]string) string {
	all := map[string]string{
		"first_name": `"Test"`, "last_name": strconv.Quote(label), "email": strconv.Quote(label + "@example.com"),
		"security_level_id": "data.autotask_security_level.api.id",
	}
	maps.Copy(all, attrs)
	return fmt.Sprintf("\ndata \"autotask_security_level\" \"api\" {\n  name = %q\n}\n", permissions.SystemAPILevel) +
		"\nresource \"autotask_api_user\" " + strconv.Quote(label) + " {\n" + hclBody(all) + "}\n"
}
