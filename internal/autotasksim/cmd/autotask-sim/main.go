// Command autotask-sim runs a local Autotask PSA zone (see package autotasksim) on a loopback
// port. On start it prints exactly one JSON line with the zone's REST root and the credentials of
// its administrator API user:
//
//	{"url":"http://127.0.0.1:PORT/ATServicesRest/","username":"...","secret":"...","integration_code":"...","control_url":"..."}
//
// Requests are logged to stderr with secrets masked. SIGINT or SIGTERM shuts it down.
//
// `autotask-sim probe` instead probes a real zone, read-only, with the provider's AUTOTASK_*
// settings, and prints a markdown report of where it differs from the simulator's public
// profile (see package probe).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/probe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "autotask-sim:", err)
		os.Exit(1)
	}
}

// errUsage marks a bad command line; flag has already printed why.
var errUsage = errors.New("usage")

// startLine is the single JSON line printed on start. Field order is part of the contract.
type startLine struct {
	URL             string `json:"url"`
	Username        string `json:"username"`
	Secret          string `json:"secret"`
	IntegrationCode string `json:"integration_code"`
	ControlURL      string `json:"control_url"`
}

// shutdownGrace bounds how long in-flight requests may finish after a signal.
const shutdownGrace = time.Second

// run is the whole program; main only wires it to the process. It returns when ctx is cancelled
// (a signal) or the server fails.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "probe" {
		return runProbe(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("autotask-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address; the default is a free loopback port")
	profileName := fs.String("profile", string(autotasksim.ProfileExtended), "API contract: extended (public + SecurityLevels and API-user creation) or public")
	control := fs.Bool("control", false, "serve the control API under /_sim/")
	statePath := fs.String("state", "", "persist the tenant in this file (loaded if it exists)")
	latency := fs.Duration("latency", 0, "latency added to every API request, e.g. 50ms")
	threadLimit := fs.Int("thread-limit", 3, "concurrent requests allowed per integration code and entity; 0 disables the limit")
	threadLimitStatus := fs.Int("thread-limit-status", 429, "status of a request over the thread limit: 429 or 500")
	hourlyThreshold := fs.Int("hourly-threshold", 10000, "authenticated requests allowed per rolling hour")
	readingName := fs.String("resource-fields-reading", string(autotasksim.ReadingREST), "which Resources fields are read-only: rest (the REST reference: locationID, dateFormat and timeFormat writable) or soap (the SOAP reference: those three read-only)")
	envFile := fs.String("env-file", "", "also write the provider's AUTOTASK_* settings for this zone to FILE as export lines, for `. FILE` in another shell")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		_, _ = fmt.Fprintf(stderr, "unexpected arguments: %v\n", fs.Args())
		return errUsage
	}
	profile, err := autotasksim.ParseProfile(*profileName)
	if err != nil {
		return err
	}
	reading, err := autotasksim.ParseResourceFieldsReading(*readingName)
	if err != nil {
		return err
	}
	if *latency < 0 {
		return fmt.Errorf("--latency must not be negative")
	}
	if *threadLimit < 0 {
		return fmt.Errorf("--thread-limit must not be negative")
	}
	if *threadLimit == 0 {
		*threadLimit = -1 // Options: a negative limit disables it
	}
	if *threadLimitStatus != http.StatusTooManyRequests && *threadLimitStatus != http.StatusInternalServerError {
		return fmt.Errorf("--thread-limit-status must be 429 or 500")
	}
	if *hourlyThreshold < 1 {
		return fmt.Errorf("--hourly-threshold must be at least 1")
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	sim, err := autotasksim.New(autotasksim.Options{
		Profile:           profile,
		StatePath:         *statePath,
		Latency:           *latency,
		Control:           *control,
		Logger:            logger,
		ThreadLimit:       *threadLimit,
		ThreadLimitStatus: *threadLimitStatus,
		HourlyThreshold:   *hourlyThreshold,

		ResourceFieldsReading: reading,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if !isLoopback(ln.Addr()) {
		logger.Warn("listening on a non-loopback address: anyone who can reach it can use the printed credentials", "addr", ln.Addr().String())
	}
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	base := "http://" + ln.Addr().String()
	creds := sim.Credentials()
	line := startLine{
		URL:             autotasksim.RESTRoot(base),
		Username:        creds.Username,
		Secret:          creds.Secret,
		IntegrationCode: creds.IntegrationCode,
	}
	if *control {
		line.ControlURL = autotasksim.ControlURL(base)
	}
	// The env file first: once the line is out, a reader may source it.
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(exportLines(line)), 0o600); err != nil {
			_ = srv.Close()
			return err
		}
	}
	if err := json.NewEncoder(stdout).Encode(line); err != nil {
		_ = srv.Close()
		return err
	}
	logger.Info("autotask-sim started", "url", line.URL, "profile", string(profile), "state", *statePath)

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	return sim.Save()
}

// exportLines are the provider's settings for the zone as shell export lines.
func exportLines(l startLine) string {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"AUTOTASK_BASE_URL", l.URL}, {"AUTOTASK_USERNAME", l.Username},
		{"AUTOTASK_SECRET", l.Secret}, {"AUTOTASK_INTEGRATION_CODE", l.IntegrationCode},
	} {
		// Single quotes keep every character as it is; the values never contain one.
		fmt.Fprintf(&b, "export %s='%s'\n", kv[0], kv[1])
	}
	return b.String()
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// runProbe is `autotask-sim probe`: it probes the zone the provider's environment variables
// name and prints the report on stdout.
func runProbe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("autotask-sim probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		_, _ = fmt.Fprintf(stderr, `Usage: autotask-sim probe

Signs in to an Autotask zone with the provider's settings and, in a few dozen read-only calls
(GET and queries only, never a write), reports where the zone differs from the simulator's
public profile, as markdown on stdout to attach to an issue. Usernames are masked; secrets are
never read.

Settings (environment): %s, %s, %s;
optional %s (otherwise the zone is discovered through %s),
%s.
`, probe.EnvUsername, probe.EnvSecret, probe.EnvIntegrationCode, probe.EnvBaseURL, probe.EnvZoneLookupURL, probe.EnvAllowInsecure)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		_, _ = fmt.Fprintf(stderr, "unexpected arguments: %v\n", fs.Args())
		return errUsage
	}
	opts, err := probe.OptionsFromEnv(nil)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	opts.Version = buildVersion()
	report, err := probe.Run(ctx, opts)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	_, err = io.WriteString(stdout, report.Markdown())
	return err
}

// version is set at build time with -ldflags "-X main.version=..."; buildVersion falls back to
// the module version and commit Go records in the binary, then to "dev", as the provider does.
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	v := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v = strings.TrimSpace(v + " (commit " + s.Value[:12] + ")")
			}
		}
	}
	if v == "" {
		return "dev"
	}
	return v
}
