package provider

import (
	"os"
	"testing"
)

func TestLoggersAreQuietOnlyWhenTerraformDiscardsTheirOutput(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string // "" unsets
		want map[string]string // "" means unset
	}{
		{"no log settings", map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "", "TF_LOG_SDK": "", "TF_LOG_PROVIDER_AUTOTASK": ""},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_PROVIDER_AUTOTASK": "off"}},
		{"TF_LOG", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "", "TF_LOG_SDK": "", "TF_LOG_PROVIDER_AUTOTASK": ""},
			map[string]string{"TF_LOG_SDK": "", "TF_LOG_PROVIDER_AUTOTASK": ""}},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "debug", "TF_LOG_SDK": "", "TF_LOG_PROVIDER_AUTOTASK": ""},
			map[string]string{"TF_LOG_SDK": "", "TF_LOG_PROVIDER_AUTOTASK": ""}},
		{"an explicit level", map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "", "TF_LOG_SDK": "debug", "TF_LOG_PROVIDER_AUTOTASK": ""},
			map[string]string{"TF_LOG_SDK": "debug", "TF_LOG_PROVIDER_AUTOTASK": "off"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v) // restores the variable after the test
				if v == "" {
					_ = os.Unsetenv(k)
				}
			}
			QuietUnlessTerraformLogs()
			for k, want := range tc.want {
				if got := os.Getenv(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}
