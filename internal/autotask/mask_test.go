package autotask

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// jsonEscapes are the ways a JSON writer may spell s inside a string: Go's encoder (HTML
// characters as \u003c), an encoder that leaves HTML characters alone, and .NET's default
// encoder (upper-case hex, apostrophe, plus and non-ASCII escaped too).
func jsonEscapes(t *testing.T, s string) map[string]string {
	t.Helper()
	goEscaped, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"go":    strings.Trim(string(goEscaped), `"`),
		"plain": strings.Trim(strings.TrimSpace(plain.String()), `"`),
		// System.Text.Json's default encoder, spelt out by hand for this test's secret.
		"dotnet": `Ab1\u003C\u0022x\u003E\u0026\u0027\\z\u00E9-Q9`,
	}
}

func TestSecretsEchoedJSONEscapedAreMasked(t *testing.T) {
	const secret = `Ab1<"x>&'\zé-Q9`
	for name, escaped := range jsonEscapes(t, secret) {
		for _, shape := range []string{"errors", "raw"} {
			t.Run(name+" "+shape, func(t *testing.T) {
				body := `{"errors":["The secret ` + escaped + ` does not meet the password requirements."]}`
				if shape == "raw" {
					body = `<html>proxy error: {"secret":"` + escaped + `"`
				}
				s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(body))
				})
				c := s.client(t)
				c.AddSensitive(secret)
				_, err := c.Create(context.Background(), "Resources", map[string]any{"secret": secret})
				if err == nil {
					t.Fatal("want an error")
				}
				for _, leak := range []string{secret, escaped, "zé-Q9", `z\u00e9-Q9`, `z\u00E9-Q9`} {
					if strings.Contains(err.Error(), leak) {
						t.Fatalf("error %q shows %q", err, leak)
					}
				}
			})
		}
	}
}

func TestLongerSensitiveValuesAreMaskedFirst(t *testing.T) {
	o := testOptions("")
	newSecret := o.Username + "-Xy7*remainder" // contains the client's username
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"errors":["The secret ` + newSecret + ` is not allowed."]}`))
	})
	c := s.client(t)
	c.AddSensitive(newSecret)
	_, err := c.Patch(context.Background(), "Resources", map[string]any{"id": 1, "secret": newSecret})
	if err == nil || strings.Contains(err.Error(), "remainder") || !strings.Contains(err.Error(), "The secret *** is not allowed") {
		t.Fatalf("err = %v; want the whole new secret masked as one", err)
	}
}
