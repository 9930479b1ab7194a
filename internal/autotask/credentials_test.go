package autotask

import (
	"strings"
	"testing"
)

func TestGeneratedSecretsMeetThePolicyCheckSecretApplies(t *testing.T) {
	for range 2000 {
		s, err := GenerateSecret(25)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckSecret(s); err != nil {
			t.Fatalf("a generated secret %v", err)
		}
	}
	for secret, want := range map[string]string{
		"Ab1*":                          "at least 7 characters",
		"A" + strings.Repeat("b1*", 43): "at most 128 characters",
		"ab*defgh":                      "at least two of upper case letters, lower case letters and digits",
		"Abcdefg1!":                     "a special character",
		"a!b!c!d!":                      "at least two of",
	} {
		err := CheckSecret(secret)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), secret) {
			t.Fatalf("CheckSecret(%q) = %v, want an error saying %q that does not show the secret", secret, err, want)
		}
	}
}

// TestSameKey: a configured key names the username a zone holds in either form the UI makes,
// the bare key or key@domain, in any case, and nothing else.
func TestSameKey(t *testing.T) {
	for _, tc := range []struct {
		configured, held string
		want             bool
	}{
		{"vendorapi1", "vendorapi1", true},
		{"VendorAPI1", "vendorapi1", true},
		{"vendorapi1", "vendorapi1@example.com", true},
		{"vendorapi1", "VENDORAPI1@EXAMPLE.COM", true},
		{"vendorapi1@example.com", "vendorapi1@example.com", true},
		{"vendorapi1@example.com", "vendorapi1@other.example", false},
		{"vendorapi1@example.com", "vendorapi1", false},
		{"vendorapi", "vendorapi1@example.com", false},
		{"vendorapi12", "vendorapi1@example.com", false},
	} {
		if got := SameKey(tc.configured, tc.held); got != tc.want {
			t.Errorf("SameKey(%q, %q) = %v, want %v", tc.configured, tc.held, got, tc.want)
		}
	}
}
