package autotask

import (
	"fmt"
	"strings"
	"testing"
)

func TestNormalizeRESTRoot(t *testing.T) {
	for in, want := range map[string]string{
		"https://webservices15.autotask.net/ATServicesRest/": "https://webservices15.autotask.net/ATServicesRest/",
		"https://webservices15.autotask.net/ATServicesRest":  "https://webservices15.autotask.net/ATServicesRest/",
		"https://webservices15.autotask.net":                 "https://webservices15.autotask.net/ATServicesRest/",
		"https://webservices15.autotask.net/":                "https://webservices15.autotask.net/ATServicesRest/",
		"  http://127.0.0.1:8080/ATServicesRest/  ":          "http://127.0.0.1:8080/ATServicesRest/",
		"https://proxy.example.com/autotask/atservicesrest":  "https://proxy.example.com/autotask/atservicesrest/",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := NormalizeRESTRoot(in)
			if err != nil || got != want {
				t.Errorf("NormalizeRESTRoot(%q) = %q, %v; want %q", in, got, err, want)
			}
		})
	}
}

func TestNormalizeRESTRootRejects(t *testing.T) {
	for in, want := range map[string]string{
		"webservices15.autotask.net":            "must start with https://",
		"ftp://example.com/":                    "must start with https://",
		"https://":                              "has no host",
		"https://user:pw@example.com/":          "must not carry credentials",
		"https://example.com/ATServicesRest/?a": "must not have a query",
		"https://exa mple.com":                  "is not a URL",
	} {
		t.Run(in, func(t *testing.T) {
			_, err := NormalizeRESTRoot(in)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("NormalizeRESTRoot(%q) error = %v; want it to contain %q", in, err, want)
			}
		})
	}
}

func TestCheckTransportSecurity(t *testing.T) {
	for _, tc := range []struct {
		url     string
		allow   bool
		wantErr bool
	}{
		{"https://webservices15.autotask.net/ATServicesRest/", false, false},
		{"http://127.0.0.1:9000/ATServicesRest/", false, false},
		{"http://127.8.9.10:9000/ATServicesRest/", false, false},
		{"http://localhost:9000/ATServicesRest/", false, false},
		{"http://[::1]:9000/ATServicesRest/", false, false},
		{"http://sim.internal:9000/ATServicesRest/", false, true},
		{"http://10.0.0.5/ATServicesRest/", false, true},
		{"http://sim.internal:9000/ATServicesRest/", true, false},
	} {
		t.Run(fmt.Sprintf("%s allow=%v", tc.url, tc.allow), func(t *testing.T) {
			err := CheckTransportSecurity(tc.url, tc.allow)
			if (err != nil) != tc.wantErr {
				t.Errorf("CheckTransportSecurity(%q, %v) = %v; want error %v", tc.url, tc.allow, err, tc.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "allow_insecure_http") {
				t.Errorf("error %q does not say how to override", err)
			}
		})
	}
}
