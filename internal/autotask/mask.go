package autotask

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
)

// masker replaces known sensitive values (the client's credentials and tracking identifier, and
// any secret registered later, such as a new API user's) in text bound for logs or errors.
type masker struct {
	mu     sync.RWMutex
	values []string // Every spelling of every value, longest first.
}

// minMaskLength keeps very short values from masking unrelated text.
const minMaskLength = 4

func (m *masker) add(values ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, v := range values {
		if len(v) < minMaskLength {
			continue
		}
		for _, s := range spellings(v) {
			if !slices.Contains(m.values, s) {
				m.values = append(m.values, s)
			}
		}
	}
	// Longest first, so a value that contains another (a new secret built on the username) is
	// masked whole rather than around the shorter one.
	slices.SortStableFunc(m.values, func(a, b string) int { return len(b) - len(a) })
}

func (m *masker) mask(s string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, v := range m.values {
		s = strings.ReplaceAll(s, v, "***")
	}
	return s
}

// maskErr wraps err so that its text is masked while errors.Is and errors.As still see the
// original chain (a cancelled context, a DNS error).
func (m *masker) maskErr(err error) error {
	if err == nil {
		return nil
	}
	return &maskedError{text: m.mask(err.Error()), err: err}
}

type maskedError struct {
	text string
	err  error
}

func (e *maskedError) Error() string { return e.text }
func (e *maskedError) Unwrap() error { return e.err }

// spellings lists v as it is and as JSON writers may escape it inside a string, since a zone
// can echo a value back in an error body we cannot decode: Go's encoder (HTML characters as
// \u003c), an encoder that leaves HTML characters alone, and .NET's default encoder (also
// apostrophe, plus, backtick and non-ASCII as \uXXXX, in upper or lower case hex).
func spellings(v string) []string {
	out := []string{v}
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if b, err := json.Marshal(v); err == nil {
		add(strings.Trim(string(b), `"`))
	}
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		add(strings.Trim(strings.TrimSuffix(plain.String(), "\n"), `"`))
	}
	add(escapeNonASCII(v, `\u%04X`))
	add(escapeNonASCII(v, `\u%04x`))
	return out
}

func escapeNonASCII(v, format string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r > 0x7e || strings.ContainsRune("\"<>&'+`", r):
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, format, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
