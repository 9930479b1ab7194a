// Command bench measures what the provider costs, as `make bench`: API calls per operation, the
// calls of a plan with no changes over N vendor setups, and wall times next to the floor the
// zone's limits allow and next to two baselines measured in the same run (Terraform's own
// terraform_data, and a framework provider that calls no API). Figures come from the
// simulator's statistics. It prints a markdown table and writes it to BENCH_OUT when set.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/devcli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	report, err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "make bench failed: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(report)
	if path := os.Getenv("BENCH_OUT"); path != "" {
		if err := os.WriteFile(path, []byte(report), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

type bench struct {
	ctx  context.Context
	cli  *devcli.CLI
	work string
	n    int // directories made, for unique names
}

func run(ctx context.Context) (string, error) {
	repo, err := os.Getwd()
	if err != nil {
		return "", err
	}
	work, err := os.MkdirTemp("", "autotask-bench-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	cli, err := devcli.Find(ctx, repo)
	if err != nil {
		return "", err
	}
	fmt.Fprintln(os.Stderr, "building the provider and the no-API baseline provider")
	if err := cli.Build(ctx, repo, work,
		devcli.Provider{Package: ".", Source: "autotask-tf/autotask"},
		devcli.Provider{Package: "./internal/bench/noapi", Source: "bench/noapi"}); err != nil {
		return "", fmt.Errorf("%w\n%s", err, devcli.Tail(cli.Log.String(), 30))
	}
	b := &bench{ctx: ctx, cli: cli, work: work}
	var r strings.Builder
	fmt.Fprintf(&r, "## make bench (%s, %s)\n\n", cli.Name, time.Now().UTC().Format("2006-01-02"))
	only := os.Getenv("BENCH_ONLY") // comma-separated section names, to run some of them
	for _, section := range []struct {
		name string
		run  func(*strings.Builder) error
	}{
		{"calls", b.callsPerOperation}, {"plan-calls", b.noChangePlanCalls}, {"wall-times", b.wallTimes},
		{"concurrency", b.concurrency}, {"faults", b.faults}, {"first-errors", b.firstErrors},
	} {
		if only != "" && !slices.Contains(strings.Split(only, ","), section.name) {
			continue
		}
		if err := section.run(&r); err != nil {
			return "", fmt.Errorf("%w\n%s", err, devcli.Tail(cli.Log.String(), 30))
		}
	}
	return r.String(), nil
}

// setups is N vendor setups: a security level and an API user on it, each.
func setups(n int) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    autotask = {\n      source = \"autotask-tf/autotask\"\n    }\n  }\n}\n\nprovider \"autotask\" {}\n")
	for i := range n {
		fmt.Fprintf(&b, `
resource "autotask_security_level" "l%[1]d" {
  name        = "Bench level %[1]d"
  permissions = { "service_desk.tickets.view" = "all" }
}

resource "autotask_api_user" "u%[1]d" {
  first_name                = "Bench"
  last_name                 = "User %[1]d"
  email                     = "bench%[1]d@example.com"
  security_level_id         = autotask_security_level.l%[1]d.id
  internal_integration_name = "Bench %[1]d"
}
`, i)
	}
	return b.String()
}

// baseline is the same shape with Terraform's terraform_data, the no-API provider's one-attribute
// noapi_thing, or its resources with the Autotask resources' schemas ("shaped").
func baseline(kind string, n int) string {
	noapi := "terraform {\n  required_providers {\n    noapi = {\n      source = \"bench/noapi\"\n    }\n  }\n}\n"
	if kind == "shaped" {
		_, body, found := strings.Cut(setups(n), `provider "autotask" {}`)
		if !found {
			panic("setups no longer has the provider block the shaped baseline replaces")
		}
		return noapi + strings.ReplaceAll(body, "autotask_", "noapi_")
	}
	var b strings.Builder
	if kind == "noapi" {
		b.WriteString(noapi)
	}
	for i := range n {
		if kind == "noapi" {
			fmt.Fprintf(&b, "resource \"noapi_thing\" \"l%[1]d\" {\n  name = \"level %[1]d\"\n}\n\nresource \"noapi_thing\" \"u%[1]d\" {\n  name = noapi_thing.l%[1]d.name\n}\n", i)
		} else {
			fmt.Fprintf(&b, "resource \"terraform_data\" \"l%[1]d\" {\n  input = \"level %[1]d\"\n}\n\nresource \"terraform_data\" \"u%[1]d\" {\n  input = terraform_data.l%[1]d.output\n}\n", i)
		}
	}
	return b.String()
}

// dir writes a configuration into a new directory.
func (b *bench) dir(config string) (string, error) {
	b.n++
	d := filepath.Join(b.work, fmt.Sprintf("run%03d", b.n))
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", err
	}
	return d, os.WriteFile(filepath.Join(d, "main.tf"), []byte(config), 0o600)
}

// zone starts a simulator and points the CLI's provider at it.
func (b *bench) zone(latency time.Duration) (*devcli.Zone, error) {
	z, err := devcli.StartZone(autotasksim.Options{Profile: autotasksim.ProfileExtended, Latency: latency})
	if err != nil {
		return nil, err
	}
	b.cli.Env = append(b.cli.Env, z.Env()...) // later entries win
	return z, nil
}

// timed runs a CLI command and returns its wall time.
func (b *bench) timed(dir string, args ...string) (time.Duration, error) {
	start := time.Now()
	err := b.cli.Run(b.ctx, dir, args...)
	return time.Since(start), err
}

func (b *bench) apply(dir string, args ...string) (time.Duration, error) {
	return b.timed(dir, append([]string{"apply", "-input=false", "-auto-approve"}, args...)...)
}

func (b *bench) plan(dir string) (time.Duration, error) {
	start := time.Now()
	empty, err := b.cli.PlanIsEmpty(b.ctx, dir)
	if err == nil && !empty {
		err = fmt.Errorf("the plan in %s has changes", dir)
	}
	return time.Since(start), err
}

// calls sums the zone's request counts, and lists them by entity and operation.
func calls(z *devcli.Zone) (int64, string) {
	stats := z.Sim.Stats()
	var parts []string
	for entity, ops := range stats.Requests {
		for op, n := range ops {
			parts = append(parts, fmt.Sprintf("%s %s %d", entity, op, n))
		}
	}
	sort.Strings(parts)
	return stats.RequestsTotal, strings.Join(parts, ", ")
}

// perEntityMax is the most calls any one entity received: the calls that share its 3 slots.
func perEntityMax(z *devcli.Zone) int64 {
	var most int64
	for _, ops := range z.Sim.Stats().Requests {
		var n int64
		for _, c := range ops {
			n += c
		}
		most = max(most, n)
	}
	return most
}

func (b *bench) callsPerOperation(r *strings.Builder) error {
	fmt.Fprintln(os.Stderr, "API calls per operation")
	z, err := b.zone(0)
	if err != nil {
		return err
	}
	defer z.Stop()
	one := setups(1)
	dir, err := b.dir(one)
	if err != nil {
		return err
	}
	r.WriteString("### API calls per operation (one security level and one API user)\n\n| operation | calls | by entity and operation |\n|---|---:|---|\n")
	row := func(name string) {
		n, detail := calls(z)
		fmt.Fprintf(r, "| %s | %d | %s |\n", name, n, detail)
		z.Sim.ResetStats()
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"create (apply)", func() error { _, err := b.apply(dir); return err }},
		{"read (plan, no changes)", func() error { _, err := b.plan(dir); return err }},
		{"update (a permission row and a name)", func() error {
			changed := strings.Replace(strings.Replace(one, `"all"`, `"mine"`, 1), `first_name                = "Bench"`, `first_name                = "Benched"`, 1)
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(changed), 0o600); err != nil {
				return err
			}
			_, err := b.apply(dir)
			return err
		}},
		{"import (both, by import blocks, and the plan after)", func() error {
			if err := b.cli.Run(b.ctx, dir, "state", "rm", "autotask_security_level.l0", "autotask_api_user.u0"); err != nil {
				return err
			}
			z.Sim.ResetStats()
			body, err := os.ReadFile(filepath.Join(dir, "main.tf"))
			if err != nil {
				return err
			}
			level, user := "30400", "29682907" // the first custom level and resource ids a fresh zone gives
			imports := fmt.Sprintf("\nimport {\n  to = autotask_security_level.l0\n  id = %q\n}\n\nimport {\n  to = autotask_api_user.u0\n  id = %q\n}\n", level, user)
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), append(body, imports...), 0o600); err != nil {
				return err
			}
			_, err = b.apply(dir)
			return err
		}},
		{"delete (destroy)", func() error { _, err := b.timed(dir, "destroy", "-input=false", "-auto-approve"); return err }},
	}
	z.Sim.ResetStats()
	for _, s := range steps {
		if err := s.do(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		row(s.name)
	}
	r.WriteString("\nThe import row includes the import plan's reads; the secret cannot be imported, so the user plans no change.\n\n")
	return nil
}

func (b *bench) noChangePlanCalls(r *strings.Builder) error {
	fmt.Fprintln(os.Stderr, "calls of a plan with no changes")
	r.WriteString("### A plan with no changes over N setups (2N resources)\n\n" +
		"Reads of the objects are gets and `id in [...]` queries; the calls per run are the rest (capabilities, budget).\n\n" +
		"| N | calls | calls per resource | object reads | per run | by entity and operation |\n|---:|---:|---:|---:|---:|---|\n")
	for _, n := range []int{10, 25, 50} {
		z, err := b.zone(0)
		if err != nil {
			return err
		}
		dir, err := b.dir(setups(n))
		if err == nil {
			_, err = b.apply(dir)
		}
		if err == nil {
			z.Sim.ResetStats()
			_, err = b.plan(dir)
		}
		if err != nil {
			z.Stop()
			return fmt.Errorf("with %d setups: %w", n, err)
		}
		total, detail := calls(z)
		var reads int64
		for _, ops := range z.Sim.Stats().Requests {
			reads += ops["get"] + ops["query"]
		}
		fmt.Fprintf(r, "| %d | %d | %.2f | %d | %d | %s |\n", n, total, float64(total)/float64(2*n), reads, total-reads, detail)
		z.Stop()
	}
	r.WriteString("\n")
	return nil
}

func (b *bench) wallTimes(r *strings.Builder) error {
	r.WriteString("### Wall time (seconds) and the floor the zone allows\n\n" +
		"The floor is the most calls any one entity receives times the latency over its 3 slots, and at least the " +
		"dependency depth (apply 2: level, then user; plan 1) times the latency. The last baseline has this provider's " +
		"resource schemas (validators and plan modifiers included) but no ModifyPlan and no API.\n\n" +
		"| N | latency | apply | apply floor | ratio | no-change plan | plan calls | plan floor | ratio | terraform_data apply / plan | no-API provider apply / plan | no-API, these schemas, apply / plan |\n" +
		"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range []int{10, 25, 50} {
		base := map[string]applyPlan{}
		for _, kind := range []string{"terraform_data", "noapi", "shaped"} {
			dir, err := b.dir(baseline(kind, n))
			if err != nil {
				return err
			}
			a, err := b.apply(dir)
			if err != nil {
				return fmt.Errorf("%s with %d setups: %w", kind, n, err)
			}
			p, err := b.plan(dir)
			if err != nil {
				return fmt.Errorf("%s with %d setups: %w", kind, n, err)
			}
			base[kind] = applyPlan{a, p}
		}
		for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
			fmt.Fprintf(os.Stderr, "wall time, N=%d, latency %s\n", n, latency)
			z, err := b.zone(latency)
			if err != nil {
				return err
			}
			dir, err := b.dir(setups(n))
			if err != nil {
				z.Stop()
				return err
			}
			applyTime, err := b.apply(dir)
			applyFloor := floor(perEntityMax(z), latency, 2)
			z.Sim.ResetStats()
			var planTime time.Duration
			if err == nil {
				planTime, err = b.plan(dir)
			}
			planFloor := floor(perEntityMax(z), latency, 1)
			planCalls, _ := calls(z)
			z.Stop()
			if err != nil {
				return fmt.Errorf("with %d setups at %s: %w", n, latency, err)
			}
			fmt.Fprintf(r, "| %d | %s | %.2f | %.2f | %s | %.2f | %d | %.2f | %s | %s | %s | %s |\n", n, latency,
				applyTime.Seconds(), applyFloor.Seconds(), ratio(applyTime, applyFloor), planTime.Seconds(), planCalls, planFloor.Seconds(), ratio(planTime, planFloor),
				base["terraform_data"], base["noapi"], base["shaped"])
		}
	}
	r.WriteString("\n")
	return nil
}

// applyPlan is the wall time of an apply and of the no-change plan after it.
type applyPlan struct{ apply, plan time.Duration }

func (t applyPlan) String() string {
	return fmt.Sprintf("%.2f / %.2f", t.apply.Seconds(), t.plan.Seconds())
}

func floor(perEntity int64, latency time.Duration, depth int) time.Duration {
	return max(time.Duration(perEntity)*latency/3, time.Duration(depth)*latency)
}

func ratio(got, floor time.Duration) string {
	if floor == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", got.Seconds()/floor.Seconds())
}

func (b *bench) concurrency(r *strings.Builder) error {
	r.WriteString("### Concurrency (apply of 25 setups at 50 ms latency)\n\n| -parallelism | most requests in flight per entity | thread-limit rejections |\n|---:|---|---:|\n")
	for _, parallelism := range []int{10, 30} {
		fmt.Fprintf(os.Stderr, "concurrency at -parallelism=%d\n", parallelism)
		z, err := b.zone(50 * time.Millisecond)
		if err != nil {
			return err
		}
		dir, err := b.dir(setups(25))
		if err == nil {
			_, err = b.apply(dir, fmt.Sprintf("-parallelism=%d", parallelism))
		}
		stats := z.Sim.Stats()
		z.Stop()
		if err != nil {
			return err
		}
		var most []string
		for entity, n := range stats.MaxConcurrent {
			most = append(most, fmt.Sprintf("%s %d", entity, n))
		}
		sort.Strings(most)
		fmt.Fprintf(r, "| %d | %s | %d |\n", parallelism, strings.Join(most, ", "), stats.Rejected.ThreadLimit)
	}
	r.WriteString("\n")
	return nil
}

// withEnv runs do with extra environment variables for the CLI (later entries win).
func (b *bench) withEnv(env []string, do func() error) error {
	saved := b.cli.Env
	defer func() { b.cli.Env = saved }()
	b.cli.Env = append(append([]string(nil), saved...), env...)
	return do()
}

func (b *bench) faults(r *strings.Builder) error {
	r.WriteString("### 20 setups under injected faults (request_timeout 3s)\n\n" +
		"Faults as in the fault suite: a fifth of all requests meet a thread-threshold 500, a 429, a 502 or a 503; a tenth of " +
		"the creates lose their answer after the commit or are committed late after a 504. Applies repeat until one succeeds " +
		"(at most 6). Duplicates are extra objects for one setup; orphans are objects in the zone that state does not hold.\n\n" +
		"| fault seed | applies to converge | requests | users / levels in the zone | duplicates | orphans | secrets that sign in | plan after | wall time (s) |\n" +
		"|---:|---:|---:|---|---:|---:|---:|---|---:|\n")
	for _, seed := range []uint64{20, 27} {
		fmt.Fprintf(os.Stderr, "20 setups under faults, seed %d\n", seed)
		z, err := devcli.StartZone(autotasksim.Options{Profile: autotasksim.ProfileExtended, FaultSeed: seed})
		if err != nil {
			return err
		}
		err = b.withEnv(append(z.Env(), "AUTOTASK_REQUEST_TIMEOUT=3s"), func() error { return b.convergeUnderFaults(r, z, seed) })
		z.Stop()
		if err != nil {
			return fmt.Errorf("fault seed %d: %w", seed, err)
		}
	}
	r.WriteString("\n")
	return nil
}

func (b *bench) convergeUnderFaults(r *strings.Builder, z *devcli.Zone, seed uint64) error {
	const n = 20
	dir, err := b.dir(setups(n))
	if err != nil {
		return err
	}
	if err := z.Sim.SetFaults(autotasksim.FaultSuite()); err != nil {
		return err
	}
	start := time.Now()
	applies := 0
	for err = errors.New("not applied"); err != nil && applies < 6; {
		applies++
		_, err = b.apply(dir)
	}
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("six applies did not converge: %w", err)
	}
	requests := z.Sim.Stats().RequestsTotal
	z.Sim.ClearFaults()
	planAfter := "no changes"
	if _, err := b.plan(dir); err != nil {
		planAfter = "changes"
	}
	state, err := b.stateValues(dir)
	if err != nil {
		return err
	}
	admin, err := autotask.New(adminOptions(z))
	if err != nil {
		return err
	}
	users, err := autotask.QueryAs[autotask.APIUser](b.ctx, admin, autotask.Resources,
		autotask.Query{Filter: []autotask.Filter{autotask.Eq("firstName", "Bench")}})
	if err != nil {
		return err
	}
	levels, err := autotask.QueryAs[autotask.SecurityLevel](b.ctx, admin, autotask.SecurityLevels,
		autotask.Query{Filter: []autotask.Filter{autotask.Eq("isSystem", false)}})
	if err != nil {
		return err
	}
	held := map[string]bool{}
	signsIn := 0
	for _, v := range state {
		held[fmt.Sprint(v["id"])] = true
		if v["secret"] == nil {
			continue
		}
		c, err := autotask.New(autotask.Options{Username: fmt.Sprint(v["user_name"]), Secret: fmt.Sprint(v["secret"]),
			IntegrationCode: fmt.Sprint(v["tracking_identifier"]), BaseURL: z.URL, MaxRetries: -1})
		if err == nil {
			_, err = c.ThresholdInformation(b.ctx)
		}
		if err == nil {
			signsIn++
		}
	}
	duplicates, orphans := 0, 0
	perSetup := map[string]int{}
	for _, u := range users {
		perSetup["user "+u.LastName]++
		if !held[fmt.Sprint(u.ID)] {
			orphans++
		}
	}
	for _, l := range levels {
		perSetup["level "+l.Name]++
		if !held[fmt.Sprint(l.ID)] {
			orphans++
		}
	}
	for _, count := range perSetup {
		duplicates += count - 1
	}
	fmt.Fprintf(r, "| %d | %d | %d | %d / %d | %d | %d | %d of %d | %s | %.1f |\n", seed, applies, requests, len(users), len(levels),
		duplicates, orphans, signsIn, n, planAfter, wall.Seconds())
	return nil
}

// adminOptions signs in as the zone's administrator.
func adminOptions(z *devcli.Zone) autotask.Options {
	creds := z.Sim.Credentials()
	return autotask.Options{Username: creds.Username, Secret: creds.Secret, IntegrationCode: creds.IntegrationCode, BaseURL: z.URL}
}

// stateValues is each resource's attributes in the root module's state.
func (b *bench) stateValues(dir string) ([]map[string]any, error) {
	b.cli.Log.Reset()
	if err := b.cli.Run(b.ctx, dir, "show", "-json"); err != nil {
		return nil, err
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	d := json.NewDecoder(b.cli.Log) // numbers as written: ids are too long for %v of a float64
	d.UseNumber()
	if err := d.Decode(&state); err != nil {
		return nil, fmt.Errorf("reading the state: %w", err)
	}
	var out []map[string]any
	for _, res := range state.Values.RootModule.Resources {
		out = append(out, res.Values)
	}
	return out, nil
}

// firstErrors times a plan's first error for endpoint mistakes: nothing is retried for a
// refused port or a name that does not resolve; a silent host costs request_timeout per attempt.
func (b *bench) firstErrors(r *strings.Builder) error {
	fmt.Fprintln(os.Stderr, "time to the first error")
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	refusedAddr := refused.Addr().String()
	_ = refused.Close()
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer silent.Close()
	go func() { // accepts, then never answers
		var held []net.Conn
		for {
			c, err := silent.Accept()
			if err != nil {
				for _, c := range held {
					_ = c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	config, _, _ := strings.Cut(setups(0), "provider \"autotask\" {}")
	dir, err := b.dir(config + "provider \"autotask\" {}\n\ndata \"autotask_zone\" \"this\" {}\n")
	if err != nil {
		return err
	}
	r.WriteString("### Time to the first error (a plan reading `autotask_zone`)\n\n| endpoint mistake | settings | seconds to the error | the error |\n|---|---|---:|---|\n")
	for _, m := range []struct{ name, settings string }{
		{"refused port", "AUTOTASK_BASE_URL=http://" + refusedAddr + "/ATServicesRest/"},
		{"host name typo", "AUTOTASK_BASE_URL=https://webservices15.autotask.invalid/ATServicesRest/"},
		{"silent host", "AUTOTASK_BASE_URL=http://" + silent.Addr().String() + "/ATServicesRest/ AUTOTASK_REQUEST_TIMEOUT=2s AUTOTASK_MAX_RETRIES=1"},
	} {
		env := append([]string{"AUTOTASK_USERNAME=bench@example.com", "AUTOTASK_SECRET=not-used", "AUTOTASK_INTEGRATION_CODE=NOTUSED"},
			strings.Fields(m.settings)...)
		var took time.Duration
		err := b.withEnv(env, func() error {
			b.cli.Log.Reset()
			var err error
			took, err = b.timed(dir, "plan", "-input=false")
			return err
		})
		if err == nil {
			return fmt.Errorf("%s: the plan did not fail", m.name)
		}
		summary := "?"
		if _, after, ok := strings.Cut(b.cli.Log.String(), "Error: "); ok {
			summary, _, _ = strings.Cut(after, "\n")
		}
		fmt.Fprintf(r, "| %s | `%s` | %.2f | %s |\n", m.name, m.settings, took.Seconds(), strings.TrimSpace(summary))
	}
	r.WriteString("\nThe wall time includes starting Terraform and the provider (about the no-API baseline's plan time above).\n\n")
	return nil
}
