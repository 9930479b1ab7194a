package permissions

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions/suggest"
)

// Problem is one invalid entry of a permission map. Key is the key as the user wrote it.
type Problem struct {
	Key     string
	Message string
}

func (p Problem) Error() string { return fmt.Sprintf("permission %q: %s", p.Key, p.Message) }

// Validate checks every entry of a permission map: unknown keys (with the closest known keys),
// alias keys (with the canonical key) and values outside the allowed set. Problems come in
// catalogue order, unknown keys last in key order, so messages are stable.
func (c *Catalog) Validate(perms map[string]string) []Problem {
	var problems []Problem
	for _, key := range c.OrderedKeys(perms) {
		if msg := c.checkEntry(key, perms[key]); msg != "" {
			problems = append(problems, Problem{Key: key, Message: msg})
		}
	}
	return problems
}

func (c *Catalog) checkEntry(key, value string) string {
	s, ok := c.Lookup(key)
	if !ok {
		if canonical, isAlias := c.CanonicalKey(key); isAlias {
			return fmt.Sprintf("this is an older or newer UI name; use the canonical key %q", canonical)
		}
		msg := "unknown permission key."
		if near := c.ClosestKeys(key, 3); len(near) > 0 {
			msg = "unknown permission key; did you mean " + suggest.Quote(near, "or") + "?"
		}
		return msg + " The data source autotask_permission_catalog lists every key."
	}
	if err := s.Check(value); err != nil {
		return err.Error()
	}
	return ""
}

// Check reports whether value is allowed for the setting.
func (s Setting) Check(value string) error {
	if s.Kind == KindInteger {
		return checkInteger(s, value)
	}
	allowed := s.AllowedValues()
	if slices.Contains(allowed, value) {
		return nil
	}
	msg := fmt.Sprintf("value %q is not allowed; use %s", value, suggest.Quote(allowed, "or"))
	if lower := strings.ToLower(strings.TrimSpace(value)); lower != value && slices.Contains(allowed, lower) {
		msg += " (values are lowercase)"
	}
	return fmt.Errorf("%s", msg)
}

func checkInteger(s Setting, value string) error {
	n, err := strconv.Atoi(value)
	if err != nil || n < s.Min || n > s.Max || strconv.Itoa(n) != value {
		return fmt.Errorf("value %q is not allowed; use a whole number from %d to %d", value, s.Min, s.Max)
	}
	return nil
}

// FillDefaults returns the full matrix: every catalogue key, with the map's value where it has
// one and the catalogue default otherwise. Keys the catalogue does not know are kept as they are.
func (c *Catalog) FillDefaults(perms map[string]string) map[string]string {
	out := make(map[string]string, len(c.settings)+len(perms))
	for _, s := range c.settings {
		out[s.Key] = s.DefaultValue
	}
	for k, v := range perms {
		out[k] = v
	}
	return out
}

// FullAccess is the matrix of a level copied from "API User (system) (API-only)", which grants
// full access: every setting at its copy value.
func (c *Catalog) FullAccess() map[string]string {
	out := make(map[string]string, len(c.settings))
	for _, s := range c.settings {
		out[s.Key] = s.CopyValue
	}
	return out
}

// WithoutDefaults returns the entries of perms whose value differs from the catalogue default.
// It is the inverse of FillDefaults for a valid map: templates and imported levels are stored in
// this form, so a level built from a template reads back with no diff.
func (c *Catalog) WithoutDefaults(perms map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range perms {
		if s, ok := c.Lookup(k); ok && s.DefaultValue == v {
			continue
		}
		out[k] = v
	}
	return out
}

// Change is one key whose value differs between two permission maps. An empty From or To means
// the key is absent on that side.
type Change struct {
	Key, From, To string
}

// Diff lists the keys whose values differ between from and to, in catalogue order. Fill both
// maps with defaults first to compare effective permissions rather than written ones.
func (c *Catalog) Diff(from, to map[string]string) []Change {
	union := make(map[string]string, len(from)+len(to))
	for k := range from {
		union[k] = ""
	}
	for k := range to {
		union[k] = ""
	}
	var changes []Change
	for _, k := range c.OrderedKeys(union) {
		f, fok := from[k]
		t, tok := to[k]
		if fok != tok || f != t {
			changes = append(changes, Change{Key: k, From: f, To: t})
		}
	}
	return changes
}

// OrderedKeys sorts a map's keys in catalogue order, unknown keys last in lexical order.
func (c *Catalog) OrderedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i, ok := c.byKey[k]; ok {
			return i
		}
		return len(c.settings)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return keys
}

// ClosestKeys returns up to n canonical keys nearest to key (the shared suggest rules), also
// comparing the part after the section, since a setting filed under the wrong section is a
// common slip, and the keys' aliases.
func (c *Catalog) ClosestKeys(key string, n int) []string {
	tail := func(k string) string {
		if i := strings.IndexByte(k, '.'); i >= 0 {
			return k[i+1:]
		}
		return ""
	}
	candidates := make([]suggest.Candidate, len(c.settings))
	for i, s := range c.settings {
		candidates[i] = suggest.Candidate{Name: s.Key, Also: append([]string{tail(s.Key)}, s.AliasKeys...)}
	}
	return suggest.Rank(candidates, n, key, tail(key))
}
