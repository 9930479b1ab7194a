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
