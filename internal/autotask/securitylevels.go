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

// SecurityLevelsNamed finds the levels with this name. Names are unique, compared
// case-insensitively and trimmed, so the answer has at most one level on a well-behaved zone.
func (c *Client) SecurityLevelsNamed(ctx context.Context, name string) ([]SecurityLevel, error) {
	return lookupAs[SecurityLevel](ctx, c, SecurityLevels, "name", strings.TrimSpace(name))
}

// ResourceSummary is the part of a resource that names it in messages.
type ResourceSummary struct {
	ID        int64  `json:"id"`
	UserName  string `json:"userName"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	IsActive  bool   `json:"isActive"`
}

// SecurityLevelHolders lists the resources, active or not, that hold a security level.
func (c *Client) SecurityLevelHolders(ctx context.Context, levelID int64) ([]ResourceSummary, error) {
	return QueryAs[ResourceSummary](ctx, c, "Resources", Query{
		Filter:        []Filter{Eq("securityLevelID", levelID)},
		IncludeFields: []string{"id", "userName", "firstName", "lastName", "isActive"},
	})
}
