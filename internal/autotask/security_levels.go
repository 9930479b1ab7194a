package autotask

import (
	"context"
	"strings"
)

// SecurityLevels is the extended profile's security level entity (the published API has none).
const SecurityLevels = "SecurityLevels"

// SecurityLevel is the wire form of a security level. Permissions hold every catalogue key on
// read; a write may list only some.
type SecurityLevel struct {
	ID                        int64           `json:"id,omitempty"`
	Name                      string          `json:"name"`
	IsActive                  bool            `json:"isActive"`
	IsSystem                  bool            `json:"isSystem"`
	IsAPIOnly                 bool            `json:"isApiOnly"`
	CopiedFromSecurityLevelID *int64          `json:"copiedFromSecurityLevelID,omitempty"`
	Permissions               []PermissionRow `json:"permissions"`
}

// PermissionRow is one row of a level's permission matrix: a catalogue key and its value.
type PermissionRow struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// PermissionMap returns the level's permissions keyed by catalogue key.
func (l SecurityLevel) PermissionMap() map[string]string {
	m := make(map[string]string, len(l.Permissions))
	for _, r := range l.Permissions {
		m[r.Key] = r.Value
	}
	return m
}

// PermissionRows is PermissionMap's inverse: a row for each of keys, in that order (the
// catalogue's, as the UI lists them), with its value in perms.
func PermissionRows(keys []string, perms map[string]string) []PermissionRow {
	rows := make([]PermissionRow, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, PermissionRow{Key: k, Value: perms[k]})
	}
	return rows
}

// SecurityLevelCreate is the body that creates a custom API-only level (extended profile).
type SecurityLevelCreate struct {
	Name                      string          `json:"name"`
	IsActive                  bool            `json:"isActive"`
	IsAPIOnly                 bool            `json:"isApiOnly"`
	CopiedFromSecurityLevelID int64           `json:"copiedFromSecurityLevelID"`
	Permissions               []PermissionRow `json:"permissions"`
}

// SecurityLevelPatch is the body that updates a level: only the fields that are set are sent,
// and only the permission rows listed.
type SecurityLevelPatch struct {
	ID          int64           `json:"id"`
	Name        *string         `json:"name,omitempty"`
	IsActive    *bool           `json:"isActive,omitempty"`
	Permissions []PermissionRow `json:"permissions,omitempty"`
}

// IsEmpty reports whether the patch changes nothing.
func (p SecurityLevelPatch) IsEmpty() bool {
	return p.Name == nil && p.IsActive == nil && len(p.Permissions) == 0
}

// CreateSecurityLevel creates a level. See Create for an uncertain error.
func (c *Client) CreateSecurityLevel(ctx context.Context, l SecurityLevelCreate) (int64, error) {
	return c.Create(ctx, SecurityLevels, l)
}

// UpdateSecurityLevel sends the patch.
func (c *Client) UpdateSecurityLevel(ctx context.Context, p SecurityLevelPatch) error {
	_, err := c.Patch(ctx, SecurityLevels, p)
	return err
}

// DeactivateSecurityLevel sets a level inactive.
func (c *Client) DeactivateSecurityLevel(ctx context.Context, id int64) error {
	inactive := false
	return c.UpdateSecurityLevel(ctx, SecurityLevelPatch{ID: id, IsActive: &inactive})
}

// DeleteSecurityLevel deletes a level; the zone refuses while any resource holds it.
func (c *Client) DeleteSecurityLevel(ctx context.Context, id int64) error {
	return c.Delete(ctx, SecurityLevels, id)
}

// SecurityLevel reads one level by id; IsNotFound tells a missing one.
func (c *Client) SecurityLevel(ctx context.Context, id int64) (SecurityLevel, error) {
	return getAs[SecurityLevel](ctx, c, SecurityLevels, id)
}

// SecurityLevelsNamed finds the levels with this name. Names are unique, compared
// case-insensitively and trimmed, so the answer has at most one level on a well-behaved zone.
func (c *Client) SecurityLevelsNamed(ctx context.Context, name string) ([]SecurityLevel, error) {
	return lookupAs[SecurityLevel](ctx, c, SecurityLevels, "name", strings.TrimSpace(name))
}

// MaxCustomLevels is how many custom security levels a zone holds, active or not (the extended
// contract, docs/guides/extended-api.md): a create beyond it is refused.
const MaxCustomLevels = 50

// CustomSecurityLevelCount counts the zone's custom (non-system) security levels, active or not.
func (c *Client) CustomSecurityLevelCount(ctx context.Context) (int, error) {
	ids, err := QueryAs[struct {
		ID int64 `json:"id"`
	}](ctx, c, SecurityLevels, Query{Filter: []Filter{Eq("isSystem", false)}, IncludeFields: []string{"id"}})
	return len(ids), err
}
