// Command bench measures what the provider costs, as `make bench`: API calls per operation, the
// calls of a plan with no changes over N vendor setups, and wall times next to the floor the
// zone's limits allow and next to two baselines measured in the same run (Terraform's own
// terraform_data, and a framework provider that calls no API). Figures come from the
// simulator's statistics. It prints a markdown table and writes it to BENCH_OUT when set.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

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
	for _, section := range []func(*strings.Builder) error{b.callsPerOperation, b.noChangePlanCalls, b.wallTimes, b.concurrency} {
		if err := section(&r); err != nil {
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
