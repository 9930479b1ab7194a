package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
	"github.com/autotask-tf/terraform-provider-autotask/internal/probe"
)

// TestMain lets the test binary act as the program: the signal tests re-run it with
// AUTOTASK_SIM_TEST_MAIN=1, which calls main with the arguments in AUTOTASK_SIM_TEST_ARGS.
func TestMain(m *testing.M) {
	if os.Getenv("AUTOTASK_SIM_TEST_MAIN") == "1" {
		os.Args = append([]string{"autotask-sim"}, strings.Fields(os.Getenv("AUTOTASK_SIM_TEST_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// readLine reads the start line, failing the test after a timeout.
func readLine(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := r.ReadString('\n')
		ch <- result{line, err}
	}()
	select {
	case res := <-ch:
		if res.err != nil {
			t.Fatalf("reading the start line: %v (got %q)", res.err, res.line)
		}
		return res.line
	case <-time.After(10 * time.Second):
		t.Fatal("no start line within 10s")
	}
	return ""
}

// checkStartLine checks the exact keys and their order, and returns the decoded line.
func checkStartLine(t *testing.T, line string) startLine {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	var keys []string
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("start line is not a JSON object: %q", line)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		k, _ := tok.(string)
		keys = append(keys, k)
		var v string
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("value of %s is not a string: %v", k, err)
		}
	}
	if want := []string{"url", "username", "secret", "integration_code", "control_url"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("start line keys %v, want %v", keys, want)
	}
	var sl startLine
	if err := json.Unmarshal([]byte(line), &sl); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sl.URL, "http://127.0.0.1:") || !strings.HasSuffix(sl.URL, "/ATServicesRest/") {
		t.Errorf("url %q is not a loopback REST root", sl.URL)
	}
	if sl.Username == "" || sl.Secret == "" || sl.IntegrationCode == "" {
		t.Errorf("missing credentials in %q", line)
	}
	return sl
}

func call(t *testing.T, method, u string, sl startLine, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if sl.Username != "" {
		req.Header.Set("UserName", sl.Username)
		req.Header.Set("Secret", sl.Secret)
		req.Header.Set("ApiIntegrationCode", sl.IntegrationCode)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return resp.StatusCode, m
}

// exercise checks that the printed URL and credentials work as a client would use them.
func exercise(t *testing.T, sl startLine) {
	t.Helper()
	status, zi := call(t, http.MethodGet, sl.URL+"V1.0/zoneInformation?user="+url.QueryEscape(sl.Username), startLine{}, "")
	if status != http.StatusOK || zi["url"] != sl.URL {
		t.Fatalf("zoneInformation: %d %v (want url %s)", status, zi, sl.URL)
	}
	status, m := call(t, http.MethodPost, sl.URL+"V1.0/Resources/query", sl, `{"filter":[{"op":"eq","field":"userName","value":"`+sl.Username+`"}]}`)
	if status != http.StatusOK {
		t.Fatalf("query as the printed user: %d %v", status, m)
	}
	if its, _ := m["items"].([]any); len(its) != 1 {
		t.Fatalf("the printed user is not a resource: %v", m)
	}
	bad := sl
	bad.Secret += "x"
	if status, _ := call(t, http.MethodGet, sl.URL+"V1.0/Version", bad, ""); status != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d, want 401", status)
	}
}

func TestRunPrintsOneLineServesAndStops(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "tenant.json")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--profile", "extended", "--control", "--state", statePath, "--latency", "5ms"}, pw, &stderr)
		_ = pw.Close()
	}()
	br := bufio.NewReader(pr)
	sl := checkStartLine(t, readLine(t, br))
	exercise(t, sl)
	if !strings.HasSuffix(sl.ControlURL, "/_sim/") || !strings.HasPrefix(sl.ControlURL, strings.TrimSuffix(sl.URL, "ATServicesRest/")) {
		t.Errorf("control_url %q", sl.ControlURL)
	}
	if status, m := call(t, http.MethodGet, sl.ControlURL, startLine{}, ""); status != http.StatusOK || m["profile"] != "extended" {
		t.Errorf("control API: %d %v", status, m)
	}

	rest := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(br)
		rest <- b
	}()
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("run did not stop within 2s of cancellation")
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("shutdown took %v", d)
	}
	if extra := <-rest; len(extra) != 0 {
		t.Errorf("stdout has more than one line; also got %q", extra)
	}
	logs := stderr.String()
	if strings.Contains(logs, sl.Secret) || strings.Contains(logs, sl.IntegrationCode) {
		t.Errorf("stderr leaks a credential:\n%s", logs)
	}
	if !strings.Contains(logs, "msg=request") || !strings.Contains(logs, "secret=***") {
		t.Errorf("stderr lacks masked request logs:\n%s", logs)
	}
	state, err := os.ReadFile(statePath)
	if err != nil || !strings.Contains(string(state), sl.IntegrationCode) {
		t.Errorf("state file not written: %v", err)
	}
}

func TestRunWithoutControl(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, pw, io.Discard)
		_ = pw.Close()
	}()
	sl := checkStartLine(t, readLine(t, bufio.NewReader(pr)))
	if sl.ControlURL != "" {
		t.Errorf("control_url %q without --control", sl.ControlURL)
	}
	// The default profile is extended: SecurityLevels exists and Resources can create.
	if status, m := call(t, http.MethodGet, sl.URL+"V1.0/SecurityLevels/entityInformation", sl, ""); status != http.StatusOK {
		t.Errorf("SecurityLevels on the default profile: %d %v", status, m)
	}
	status, m := call(t, http.MethodGet, sl.URL+"V1.0/Resources/entityInformation", sl, "")
	if info, _ := m["info"].(map[string]any); status != http.StatusOK || info["canCreate"] != true {
		t.Errorf("Resources on the default profile: %d %v", status, m)
	}
	if status, _ := call(t, http.MethodGet, strings.TrimSuffix(sl.URL, "ATServicesRest/")+"_sim/", startLine{}, ""); status != http.StatusNotFound {
		t.Errorf("control API without --control: %d", status)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestRunRejectsBadArguments(t *testing.T) {
	cases := map[string]struct {
		args []string
		want func(error) bool
	}{
		"unknown flag":     {[]string{"--bogus"}, func(err error) bool { return errors.Is(err, errUsage) }},
		"extra argument":   {[]string{"serve"}, func(err error) bool { return errors.Is(err, errUsage) }},
		"help":             {[]string{"-h"}, func(err error) bool { return errors.Is(err, flag.ErrHelp) }},
		"unknown profile":  {[]string{"--profile", "private"}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "unknown profile") }},
		"negative latency": {[]string{"--latency", "-1s"}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "latency") }},
		"bad address":      {[]string{"--addr", "127.0.0.1:99999"}, func(err error) bool { return err != nil }},
		"bad state file":   {[]string{"--state", "testdata-does-not-exist/x/y.json"}, func(err error) bool { return err != nil }},
		"bad thread limit status": {[]string{"--thread-limit-status", "503"}, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "429 or 500")
		}},
		"negative thread limit": {[]string{"--thread-limit", "-1"}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "thread-limit") }},
		"zero threshold":        {[]string{"--hourly-threshold", "0"}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "hourly-threshold") }},
		"unknown reading": {[]string{"--resource-fields-reading", "wsdl"}, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "unknown Resources fields reading")
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var stdout bytes.Buffer
			err := run(t.Context(), tc.args, &stdout, io.Discard)
			if !tc.want(err) {
				t.Errorf("run = %v", err)
			}
			if stdout.Len() != 0 {
				t.Errorf("printed %q", stdout.String())
			}
		})
	}
}

// TestSignalsStopTheProgram runs the real program (this test binary, see TestMain) and stops it
// with SIGINT and SIGTERM. The second run reuses the first run's state file and must print the
// same credentials.
func TestSignalsStopTheProgram(t *testing.T) {
	statePath := filepath.Join(t.TempDir(), "tenant.json")
	var first startLine
	for i, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.CommandContext(t.Context(), os.Args[0])
		cmd.Env = append(os.Environ(), "AUTOTASK_SIM_TEST_MAIN=1", "AUTOTASK_SIM_TEST_ARGS=--state "+statePath)
		var stderr syncBuffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(out)
		sl := checkStartLine(t, readLine(t, br))
		exercise(t, sl)
		if i == 0 {
			first = sl
		} else if sl.Username != first.Username || sl.Secret != first.Secret || sl.IntegrationCode != first.IntegrationCode {
			t.Errorf("credentials changed across a restart on the same state file")
		}

		rest := make(chan []byte, 1)
		go func() {
			b, _ := io.ReadAll(br)
			rest <- b
		}()
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		waited := make(chan error, 1)
		go func() {
			extra := <-rest
			if len(extra) != 0 {
				t.Errorf("%v: more stdout after the start line: %q", sig, extra)
			}
			waited <- cmd.Wait()
		}()
		select {
		case err := <-waited:
			if err != nil {
				t.Errorf("%v: exit %v; stderr:\n%s", sig, err, stderr.String())
			}
		case <-time.After(2 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: still running 2s after the signal", sig)
		}
		if !strings.Contains(stderr.String(), "shutting down") {
			t.Errorf("%v: no shutdown log:\n%s", sig, stderr.String())
		}
	}
}

func TestRunLimitFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--profile", "public", "--hourly-threshold", "2", "--thread-limit-status", "500", "--thread-limit", "0"}, pw, io.Discard)
		_ = pw.Close()
	}()
	sl := checkStartLine(t, readLine(t, bufio.NewReader(pr)))
	status, m := call(t, http.MethodGet, sl.URL+"V1.0/ThresholdInformation", sl, "")
	if status != http.StatusOK || m["externalRequestThreshold"] != 2.0 {
		t.Errorf("ThresholdInformation %d %v", status, m)
	}
	call(t, http.MethodGet, sl.URL+"V1.0/Version", sl, "")
	if status, m := call(t, http.MethodGet, sl.URL+"V1.0/Version", sl, ""); status != http.StatusTooManyRequests {
		t.Errorf("over the threshold: %d %v", status, m)
	}
	if status, _ := call(t, http.MethodGet, sl.URL+"V1.0/SecurityLevels/1", sl, ""); status != http.StatusNotFound {
		t.Errorf("SecurityLevels on the public profile: %d", status)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestRunWritesAnEnvFile(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), "autotask.env")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--env-file", envFile}, pw, io.Discard)
		_ = pw.Close()
	}()
	sl := checkStartLine(t, readLine(t, bufio.NewReader(pr)))
	raw, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("export AUTOTASK_BASE_URL='%s'\nexport AUTOTASK_USERNAME='%s'\nexport AUTOTASK_SECRET='%s'\nexport AUTOTASK_INTEGRATION_CODE='%s'\n",
		sl.URL, sl.Username, sl.Secret, sl.IntegrationCode)
	if string(raw) != want {
		t.Fatalf("env file:\n%s\nwant:\n%s", raw, want)
	}
	if info, err := os.Stat(envFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("env file mode: %v, %v; it holds a secret", info.Mode(), err)
	}
	// A shell that sources it gets the values back exactly.
	out, err := exec.Command("sh", "-c", ". "+envFile+" && printf %s \"$AUTOTASK_SECRET\"").Output()
	if err != nil || string(out) != sl.Secret {
		t.Fatalf("sourced secret %q, %v", out, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestRunResourceFieldsReadingAndUIUsers: --resource-fields-reading soap makes the three SOAP
// read-only fields read-only; the control API reports the reading and plays a person creating an
// API user, who then signs in.
func TestRunResourceFieldsReadingAndUIUsers(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--profile", "public", "--control", "--resource-fields-reading", "soap"}, pw, io.Discard)
		_ = pw.Close()
	}()
	sl := checkStartLine(t, readLine(t, bufio.NewReader(pr)))
	status, m := call(t, http.MethodGet, sl.URL+"V1.0/Resources/entityInformation/fields", sl, "")
	if status != http.StatusOK {
		t.Fatalf("fields: %d %v", status, m)
	}
	fields, _ := m["fields"].([]any)
	readOnly := map[string]bool{}
	for _, f := range fields {
		fm, _ := f.(map[string]any)
		name, _ := fm["name"].(string)
		readOnly[name], _ = fm["isReadOnly"].(bool)
	}
	if !readOnly["locationID"] || !readOnly["dateFormat"] || !readOnly["timeFormat"] || readOnly["title"] {
		t.Errorf("isReadOnly under the SOAP reading: %v", readOnly)
	}
	if status, m := call(t, http.MethodGet, sl.ControlURL, startLine{}, ""); status != http.StatusOK || m["resource_fields_reading"] != "soap" {
		t.Errorf("control info: %d %v", status, m)
	}

	status, m = call(t, http.MethodPost, sl.ControlURL+"ui/api-users", startLine{},
		`{"first_name":"Zapier","last_name":"API","email":"zapier@example.com","security_level":"API User (system) (API-only)","integration_vendor":"Zapier"}`)
	if status != http.StatusOK {
		t.Fatalf("POST ui/api-users: %d %v", status, m)
	}
	user := startLine{}
	user.Username, _ = m["user_name"].(string)
	user.Secret, _ = m["secret"].(string)
	user.IntegrationCode, _ = m["tracking_identifier"].(string)
	if !strings.HasSuffix(user.Username, "@example.com") {
		t.Errorf("user_name %q", user.Username)
	}
	if status, m := call(t, http.MethodGet, sl.URL+"V1.0/Version", user, ""); status != http.StatusOK {
		t.Errorf("the UI-made user cannot sign in: %d %v", status, m)
	}
	if status, m := call(t, http.MethodPost, sl.ControlURL+"ui/api-users", startLine{}, `{"first_name":"X"}`); status != http.StatusBadRequest {
		t.Errorf("an incomplete form: %d %v", status, m)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// setProbeEnv points the provider's environment variables at zone.
func setProbeEnv(t *testing.T, zone *simtest.Zone) {
	t.Helper()
	for k, v := range map[string]string{
		probe.EnvUsername: zone.Username, probe.EnvSecret: zone.Secret, probe.EnvIntegrationCode: zone.IntegrationCode,
		probe.EnvBaseURL: zone.URL, probe.EnvZoneLookupURL: "", probe.EnvAllowInsecure: "",
	} {
		t.Setenv(k, v)
	}
}

// TestRunProbe: `autotask-sim probe` probes the zone the AUTOTASK_* variables name, prints the
// markdown report on stdout and nothing on stdout else, and never writes.
func TestRunProbe(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	setProbeEnv(t, zone)
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"probe"}, &stdout, &stderr); err != nil {
		t.Fatalf("probe: %v (stderr %q)", err, stderr.String())
	}
	out := stdout.String()
	if !strings.HasPrefix(out, "# Autotask zone fidelity probe\n") || !strings.Contains(out, probe.NoDifferences) ||
		!strings.Contains(out, "- Zone: "+strings.TrimPrefix(zone.ServerURL, "http://")) || !strings.Contains(out, "- Probe version: ") {
		t.Errorf("report:\n%s", out)
	}
	for _, secret := range []string{zone.Username, zone.Secret, zone.IntegrationCode} {
		if strings.Contains(out+stderr.String(), secret) {
			t.Errorf("the output shows %q whole", secret)
		}
	}
	for entity, ops := range zone.Sim.Stats().Requests {
		for _, op := range []string{"create", "update", "replace", "delete"} {
			if ops[op] != 0 {
				t.Errorf("the probe wrote: %s %s ×%d", entity, op, ops[op])
			}
		}
	}

	// Against a zone with the SOAP reading it reports that reading's three read-only fields.
	soap := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic, ResourceFieldsReading: autotasksim.ReadingSOAP})
	setProbeEnv(t, soap)
	stdout.Reset()
	if err := run(t.Context(), []string{"probe"}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"locationID", "dateFormat", "timeFormat"} {
		if !strings.Contains(stdout.String(), "| Resources field "+f+" | isReadOnly | true | false |") {
			t.Errorf("no %s difference:\n%s", f, stdout.String())
		}
	}
	if !strings.Contains(stdout.String(), "3 differences.") {
		t.Errorf("not exactly three differences:\n%s", stdout.String())
	}
}

func TestRunProbeRefusals(t *testing.T) {
	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfilePublic})
	setProbeEnv(t, zone)
	if err := run(t.Context(), []string{"probe", "extra"}, io.Discard, io.Discard); !errors.Is(err, errUsage) {
		t.Errorf("an extra argument: %v", err)
	}
	if err := run(t.Context(), []string{"probe", "--profile", "public"}, io.Discard, io.Discard); !errors.Is(err, errUsage) {
		t.Errorf("a simulator flag after probe: %v", err)
	}
	var help bytes.Buffer
	if err := run(t.Context(), []string{"probe", "-h"}, io.Discard, &help); !errors.Is(err, flag.ErrHelp) || !strings.Contains(help.String(), probe.EnvUsername) {
		t.Errorf("-h: %v %q", err, help.String())
	}

	t.Setenv(probe.EnvSecret, zone.Secret+"x")
	var stdout bytes.Buffer
	err := run(t.Context(), []string{"probe"}, &stdout, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "probe: ") || !strings.Contains(err.Error(), "401") || stdout.Len() != 0 {
		t.Errorf("a wrong secret: %v, stdout %q", err, stdout.String())
	}
	if strings.Contains(err.Error(), zone.Secret) {
		t.Errorf("the error shows the secret: %v", err)
	}

	t.Setenv(probe.EnvUsername, "")
	if err := run(t.Context(), []string{"probe"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), probe.EnvUsername) {
		t.Errorf("no username: %v", err)
	}
}

// TestProbeExitStatus: the program exits 1 when the probe fails, with the reason on stderr.
func TestProbeExitStatus(t *testing.T) {
	cmd := exec.CommandContext(t.Context(), os.Args[0])
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AUTOTASK_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "AUTOTASK_SIM_TEST_MAIN=1", "AUTOTASK_SIM_TEST_ARGS=probe")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1 (stderr %q)", err, stderr.String())
	}
	if !strings.HasPrefix(stderr.String(), "autotask-sim: probe: set AUTOTASK_USERNAME") || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}
