package autotask

import "context"

// The published entities an API user's settings refer to: internal locations and lines of
// business.
const (
	InternalLocations               = "InternalLocations"
	OrganizationalLevelAssociations = "OrganizationalLevelAssociations"
	organizationalLevel1s           = "OrganizationalLevel1s"
	organizationalLevel2s           = "OrganizationalLevel2s"
)

// InternalLocation is an office: an API user's Primary Internal Location.
type InternalLocation struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	IsDefault bool   `json:"isDefault"`
	City      string `json:"city"`
	TimeZone  string `json:"timeZone"`
}

// InternalLocation reads one location by id; IsNotFound tells a missing one.
func (c *Client) InternalLocation(ctx context.Context, id int64) (InternalLocation, error) {
	return getAs[InternalLocation](ctx, c, InternalLocations, id)
}

// InternalLocations lists the locations named name (case-insensitively), or every location
// when name is empty.
func (c *Client) InternalLocations(ctx context.Context, name string) ([]InternalLocation, error) {
	var q Query
	if name != "" {
		q.Filter = []Filter{Eq("name", name)}
	}
	return QueryAs[InternalLocation](ctx, c, InternalLocations, q)
}

// DefaultInternalLocations lists the locations marked default (one on a well-kept zone).
func (c *Client) DefaultInternalLocations(ctx context.Context) ([]InternalLocation, error) {
	return QueryAs[InternalLocation](ctx, c, InternalLocations, Query{Filter: []Filter{Eq("isDefault", true)}})
}

// OrganizationalLevelAssociation is a line of business: a pair of organizational levels.
type OrganizationalLevelAssociation struct {
	ID       int64 `json:"id"`
	IsActive bool  `json:"isActive"`
	Level1ID int64 `json:"organizationalLevel1ID"`
	Level2ID int64 `json:"organizationalLevel2ID"`
}

// LineOfBusiness is an association with the names of its two levels.
type LineOfBusiness struct {
	OrganizationalLevelAssociation
	Level1Name, Level2Name string
}

// Name is how the UI names a line of business: "<level 1> > <level 2>".
func (l LineOfBusiness) Name() string { return l.Level1Name + " > " + l.Level2Name }

type organizationalLevel struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// LineOfBusinessExists reads one association by id (batched with others when ctx says so).
func (c *Client) LineOfBusinessExists(ctx context.Context, id int64) (bool, error) {
	switch _, err := getAs[OrganizationalLevelAssociation](ctx, c, OrganizationalLevelAssociations, id); {
	case IsNotFound(err):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// LinesOfBusiness reads the associations and both level tables, which are small, and joins them.
func (c *Client) LinesOfBusiness(ctx context.Context) ([]LineOfBusiness, error) {
	assocs, err := QueryAs[OrganizationalLevelAssociation](ctx, c, OrganizationalLevelAssociations, Query{})
	if err != nil {
		return nil, err
	}
	names := map[string]map[int64]string{}
	for _, entity := range []string{organizationalLevel1s, organizationalLevel2s} {
		levels, err := QueryAs[organizationalLevel](ctx, c, entity, Query{})
		if err != nil {
			return nil, err
		}
		names[entity] = map[int64]string{}
		for _, l := range levels {
			names[entity][l.ID] = l.Name
		}
	}
	out := make([]LineOfBusiness, len(assocs))
	for i, a := range assocs {
		out[i] = LineOfBusiness{OrganizationalLevelAssociation: a, Level1Name: names[organizationalLevel1s][a.Level1ID], Level2Name: names[organizationalLevel2s][a.Level2ID]}
	}
	return out, nil
}
