package autotasksim

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the server goroutines that log into it.
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

func TestRequestLogMasksSecrets(t *testing.T) {
	var logs syncBuffer
	z := newZone(t, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})

	z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel1s", map[string]any{
		"name":   "Logged",
		"secret": "hunter2-body-secret",
		"nested": []any{map[string]any{"Password": "p4ssw0rd-nested", "apiSecretKey": "k3y-nested"}},
	})
	z.do(http.MethodGet, "V1.0/Version", nil, withHeader(headerSecret, "wrong-secret-value"))
	z.do(http.MethodPost, "V1.0/OrganizationalLevel1s", "secret=not-json-secret")

	out := logs.String()
	for _, leak := range []string{z.creds.Secret, z.creds.IntegrationCode, "hunter2-body-secret", "p4ssw0rd-nested", "k3y-nested", "wrong-secret-value", "not-json-secret"} {
		if strings.Contains(out, leak) {
			t.Errorf("the request log contains %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{
		"user=" + z.creds.Username, "secret=***", "integration_code=" + z.creds.IntegrationCode[:4] + "***",
		`\"secret\":\"***\"`, `\"Password\":\"***\"`, "status=200", "status=401", "op=create", "entity=OrganizationalLevel1s",
		"<22 bytes, not JSON>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the request log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "msg=request"); n != 3 {
		t.Errorf("%d request lines, want 3", n)
	}
	if got := maskCode("abc"); got != "***" {
		t.Errorf("maskCode(short) = %s", got)
	}
	if got := truncate(strings.Repeat("x", 10), 4); got != "xxxx…" {
		t.Errorf("truncate = %s", got)
	}
}
