// Package simtest starts an in-process Autotask simulator for a test: one zone per call, served by
// httptest on 127.0.0.1 and closed when the test ends.
//
//	zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfileExtended})
//	// zone.URL is the REST root (as zoneInformation returns it); zone.Username, zone.Secret and
//	// zone.IntegrationCode log in as the simulator's administrator API user; zone.Sim gives
//	// in-process control (Stats, ResetStats, Reset, SetFaults, ClearFaults, Vendors,
//	// CreateAPIUserAsUI to play a person creating an API user in the UI).
//
// The zero Options value serves the public profile.
package simtest

import (
	"net"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// Zone is a running simulator.
type Zone struct {
	autotasksim.Credentials

	// URL is the zone's REST root, e.g. http://127.0.0.1:PORT/ATServicesRest/.
	URL string
	// ServerURL is the server's base URL, e.g. http://127.0.0.1:PORT.
	ServerURL string
	// ControlURL is the control API root (it answers only with Options.Control).
	ControlURL string
	// Sim is the simulator, for assertions on its state.
	Sim *autotasksim.Simulator
	// Server is the underlying test server.
	Server *httptest.Server
}

// Start builds a simulator with opts, serves it on a loopback port and registers its shutdown
// with t.Cleanup. It fails the test if the simulator cannot be built.
func Start(t testing.TB, opts autotasksim.Options) *Zone {
	t.Helper()
	sim, err := autotasksim.New(opts)
	if err != nil {
		t.Fatalf("autotasksim.New: %v", err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &Zone{
		Credentials: sim.Credentials(),
		URL:         autotasksim.RESTRoot(srv.URL),
		ServerURL:   srv.URL,
		ControlURL:  autotasksim.ControlURL(srv.URL),
		Sim:         sim,
		Server:      srv,
	}
}

// SilentHost returns the address (host:port) of a loopback listener that accepts connections
// and never answers, as a wrong base_url whose host takes the connection but never speaks
// HTTP or TLS. It closes when the test ends.
func SilentHost(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return l.Addr().String()
}
