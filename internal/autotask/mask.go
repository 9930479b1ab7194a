package autotask

import (
	"strings"
	"sync"
)

// masker replaces known sensitive values (the client's credentials and tracking identifier, and
// any secret registered later, such as a new API user's) in text bound for logs or errors.
type masker struct {
	mu     sync.RWMutex
	values []string
}

// minMaskLength keeps very short values from masking unrelated text.
const minMaskLength = 4

func (m *masker) add(values ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, v := range values {
		if len(v) >= minMaskLength {
			m.values = append(m.values, v)
		}
	}
}

func (m *masker) mask(s string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, v := range m.values {
		s = strings.ReplaceAll(s, v, "***")
	}
	return s
}
