package probe

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
)

// probedEntities are the entities whose capabilities the probe compares: the published ones the
// provider uses, then SecurityLevels, which only the extended profile serves.
var probedEntities = []string{
	autotask.Resources,
	autotask.InternalLocations,
	"OrganizationalLevel1s",
	"OrganizationalLevel2s",
	autotask.OrganizationalLevelAssociations,
	autotask.SecurityLevels,
}

// probedPicklists are the Resources picklists that matter to the provider: the API user's
// license type, the user type (security levels) and the three formats.
var probedPicklists = []string{
	autotask.LicenseTypeField,
	"userType",
	autotask.DateFormatField,
	autotask.TimeFormatField,
	autotask.NumberFormatField,
}

// counted are the tables whose size the report gives as facts, with the flag it counts too.
var counted = []struct{ entity, flag string }{
	{autotask.InternalLocations, "isDefault"},
	{"OrganizationalLevel1s", "isActive"},
	{"OrganizationalLevel2s", "isActive"},
	{autotask.OrganizationalLevelAssociations, "isActive"},
}

// target is one side of the comparison: the zone, or the in-process public simulator.
type target struct {
	client    *autotask.Client
	raw       *rawReader
	transport *readOnlyTransport
	// username is the one the probe signs in with, to find its own record among the API users.
	username string
}

// object is the answer of a raw GET, every key kept.
type object struct {
	keys map[string]json.RawMessage
	err  error
}

type entityObservation struct {
	name   string
	exists bool
	info   autotask.EntityInfo
	err    error
}

type usersObservation struct {
	// license is the licenseType value labelled "API User"; empty when the picklist has none.
	license string
	records []map[string]json.RawMessage
	err     error
}

type countObservation struct {
	entity, flag   string
	total, flagged int
	err            error
}

// snapshot is everything the probe read from one target.
type snapshot struct {
	root        string
	zone        object // zoneInformation
	apiVersions []string
	versionsErr error
	version     object // V1.0/Version
	threshold   object // V1.0/ThresholdInformation
	entities    []entityObservation
	fields      []autotask.Field
	fieldsErr   error
	users       usersObservation
	counts      []countObservation
}

// observe makes the probe's reads against one target, in order. Only signing in (the client's
// first call, which reads ThresholdInformation) is fatal; any other failure is recorded, since
// an error where the simulator answers is itself a finding.
func observe(ctx context.Context, t *target) (*snapshot, error) {
	if err := t.client.CheckAccess(ctx); err != nil {
		return nil, err
	}
	s := &snapshot{}
	root, err := t.client.RESTRoot(ctx)
	if err != nil {
		return nil, err
	}
	s.root = root

	zk, zerr := t.raw.getObject(ctx, root, "V1.0/zoneInformation?user="+url.QueryEscape(t.username), false)
	s.zone = object{zk, zerr}
	s.apiVersions, s.versionsErr = t.client.APIVersions(ctx)
	vk, verr := t.raw.getObject(ctx, root, "V1.0/Version", true)
	s.version = object{vk, verr}
	tk, terr := t.raw.getObject(ctx, root, "V1.0/ThresholdInformation", true)
	s.threshold = object{tk, terr}

	for _, name := range probedEntities {
		info, exists, err := t.client.EntityInformation(ctx, name)
		s.entities = append(s.entities, entityObservation{name: name, exists: exists, info: info, err: err})
	}

	s.fields, s.fieldsErr = t.client.Fields(ctx, autotask.Resources)
	if s.fieldsErr == nil {
		s.users = observeUsers(ctx, t.client, s.fields)
	}

	for _, c := range counted {
		rows, err := autotask.QueryAs[map[string]any](ctx, t.client, c.entity, autotask.Query{IncludeFields: []string{"id", c.flag}})
		o := countObservation{entity: c.entity, flag: c.flag, total: len(rows), err: err}
		for _, r := range rows {
			if b, _ := r[c.flag].(bool); b {
				o.flagged++
			}
		}
		s.counts = append(s.counts, o)
	}
	return s, nil
}

// observeUsers reads every API user (licenseType = the "API User" choice), whole records, so
// the report can say which fields are set. Usernames stay in memory; the report masks them.
func observeUsers(ctx context.Context, c *autotask.Client, fields []autotask.Field) usersObservation {
	var u usersObservation
	for _, v := range picklistOf(fields, autotask.LicenseTypeField) {
		if sameLabel(v.Label, autotask.APIUserLicense) {
			u.license = v.Value
			break
		}
	}
	if u.license == "" {
		return u
	}
	var value any = u.license
	var n json.Number
	if json.Unmarshal([]byte(u.license), &n) == nil {
		value = n // the zone's integer picklist: filter with a number
	}
	u.records, u.err = autotask.QueryAs[map[string]json.RawMessage](ctx, c, autotask.Resources, autotask.Query{
		Filter: []autotask.Filter{autotask.Eq(autotask.LicenseTypeField, value)},
	})
	return u
}
