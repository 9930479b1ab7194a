package autotask

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// EntityInfo is what an entity allows, from entityInformation.
type EntityInfo struct {
	Name                 string `json:"name"`
	CanCreate            bool   `json:"canCreate"`
	CanDelete            bool   `json:"canDelete"`
	CanQuery             bool   `json:"canQuery"`
	CanUpdate            bool   `json:"canUpdate"`
	HasUserDefinedFields bool   `json:"hasUserDefinedFields"`
}

type entityInfoResult struct {
	info   EntityInfo
	exists bool
}

// EntityInformation returns what the zone allows on an entity; exists is false when the zone has
// no such entity (404, twice). The answer is cached for the client's life; an error never is.
func (c *Client) EntityInformation(ctx context.Context, entity string) (info EntityInfo, exists bool, err error) {
	// One lookup at a time, so callers that arrive together (Terraform refreshes in parallel)
	// wait for the first answer instead of each asking the zone.
	if err := c.infoMu.lock(ctx); err != nil {
		return EntityInfo{}, false, err
	}
	defer c.infoMu.unlock()
	key := strings.ToLower(entity)
	if r, ok := c.infos[key]; ok {
		return r.info, r.exists, nil
	}
	var env struct {
		Info EntityInfo `json:"info"`
	}
	var r entityInfoResult
	lookup := call{method: http.MethodGet, path: "V1.0/" + entity + "/entityInformation", entity: entity, operation: "info"}
	err = c.do(ctx, lookup, &env)
	if IsNotFound(err) {
		// A zone without the entity answers 404, but so may a proxy or a zone restarting: ask once
		// more before the absence becomes the run's answer, so that one stray 404 never makes an
		// extended zone look public.
		err = c.do(ctx, lookup, &env)
	}
	switch {
	case IsNotFound(err):
	case err != nil:
		return EntityInfo{}, false, err
	default:
		r = entityInfoResult{info: env.Info, exists: true}
	}
	c.infos[key] = r
	return r.info, r.exists, nil
}

// Profile names the API contract a zone speaks.
type Profile string

const (
	// ProfilePublic is the published Autotask REST API: it cannot create security levels or API users.
	ProfilePublic Profile = "public"
	// ProfileExtended adds the SecurityLevels entity and API-user creation on Resources.
	ProfileExtended Profile = "extended"
)

// Capabilities is what a zone's API can do for the provider. Everything follows from the
// profile; the methods name the questions the provider asks.
type Capabilities struct {
	Profile Profile
}

// ManagesSecurityLevels reports whether the zone serves the SecurityLevels entity.
func (c Capabilities) ManagesSecurityLevels() bool { return c.Profile == ProfileExtended }

// CreatesAPIUsers reports whether the zone creates API users (with a username and secret).
func (c Capabilities) CreatesAPIUsers() bool { return c.Profile == ProfileExtended }

// APIUserSettings reports whether the zone reads and writes an API user's security level,
// tracking identifier, lines of business, protected data permission, lock and secret. The
// published Resources entity has none of them (APIUserPatch.PublishedFieldsOnly).
func (c Capabilities) APIUserSettings() bool { return c.Profile == ProfileExtended }

// Capabilities tells what the zone's API can do, from the entityInformation of SecurityLevels
// and Resources; both answers are cached for the client's life, and an error is never cached.
// Extended when it serves SecurityLevels and can create Resources, public otherwise.
func (c *Client) Capabilities(ctx context.Context) (Capabilities, error) {
	_, levels, err := c.EntityInformation(ctx, SecurityLevels)
	if err != nil {
		return Capabilities{}, err
	}
	res, _, err := c.EntityInformation(ctx, Resources)
	if err != nil {
		return Capabilities{}, err
	}
	if levels && res.CanCreate {
		return Capabilities{Profile: ProfileExtended}, nil
	}
	return Capabilities{Profile: ProfilePublic}, nil
}

// Field describes one field of an entity, from entityInformation/fields.
type Field struct {
	Name           string          `json:"name"`
	DataType       string          `json:"dataType"`
	IsRequired     bool            `json:"isRequired"`
	IsReadOnly     bool            `json:"isReadOnly"`
	IsQueryable    bool            `json:"isQueryable"`
	IsPickList     bool            `json:"isPickList"`
	PicklistValues []PicklistValue `json:"picklistValues"`
}

// PicklistValue is one choice of a picklist field.
type PicklistValue struct {
	Value          string `json:"value"`
	Label          string `json:"label"`
	IsDefaultValue bool   `json:"isDefaultValue"`
	IsActive       bool   `json:"isActive"`
}

// Fields returns an entity's fields, cached for the client's life.
func (c *Client) Fields(ctx context.Context, entity string) ([]Field, error) {
	if err := c.infoMu.lock(ctx); err != nil { // one lookup at a time, as in EntityInformation
		return nil, err
	}
	defer c.infoMu.unlock()
	key := strings.ToLower(entity)
	if f, ok := c.fields[key]; ok {
		return f, nil
	}
	var env struct {
		Fields []Field `json:"fields"`
	}
	if err := c.do(ctx, call{method: http.MethodGet, path: "V1.0/" + entity + "/entityInformation/fields", entity: entity, operation: "info"}, &env); err != nil {
		return nil, err
	}
	c.fields[key] = env.Fields
	return env.Fields, nil
}

// Picklist returns the choices of a picklist field (names match case-insensitively).
func (c *Client) Picklist(ctx context.Context, entity, field string) ([]PicklistValue, error) {
	fields, err := c.Fields(ctx, entity)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		if strings.EqualFold(f.Name, field) {
			return f.PicklistValues, nil
		}
	}
	return nil, fmt.Errorf("%s has no field %q", entity, field)
}

// PicklistValueOf returns the value of the choice labelled label (case-insensitively).
func (c *Client) PicklistValueOf(ctx context.Context, entity, field, label string) (string, error) {
	values, err := c.Picklist(ctx, entity, field)
	if err != nil {
		return "", err
	}
	for _, v := range values {
		if strings.EqualFold(strings.TrimSpace(v.Label), strings.TrimSpace(label)) {
			return v.Value, nil
		}
	}
	return "", fmt.Errorf("%s.%s has no choice labelled %q", entity, field, label)
}

// PicklistLabelOf returns the label of the choice with value.
func (c *Client) PicklistLabelOf(ctx context.Context, entity, field, value string) (string, error) {
	values, err := c.Picklist(ctx, entity, field)
	if err != nil {
		return "", err
	}
	for _, v := range values {
		if v.Value == value {
			return v.Label, nil
		}
	}
	return "", fmt.Errorf("%s.%s has no choice with value %q", entity, field, value)
}
