package autotask

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Resources is the entity of employees and API users.
const Resources = "Resources"

// APIUser is the wire form of an API user: the published Resources fields the provider manages
// and the extended profile's API-user fields. The secret is write-only: never in a read.
type APIUser struct {
	ID                               int64   `json:"id"`
	FirstName                        string  `json:"firstName"`
	LastName                         string  `json:"lastName"`
	Email                            string  `json:"email"`
	UserName                         string  `json:"userName"`
	IsActive                         bool    `json:"isActive"`
	IsLocked                         bool    `json:"isLocked"`
	LicenseType                      *int64  `json:"licenseType"`
	SecurityLevelID                  *int64  `json:"securityLevelID"`
	LocationID                       *int64  `json:"locationID"`
	DateFormat                       string  `json:"dateFormat"`
	TimeFormat                       string  `json:"timeFormat"`
	NumberFormat                     string  `json:"numberFormat"`
	LineOfBusinessIDs                []int64 `json:"lineOfBusinessIDs"`
	CanViewItemsWithNoLineOfBusiness *bool   `json:"canViewItemsWithNoLineOfBusiness"`
	ProtectedDataPermission          string  `json:"protectedDataPermission"`
	APIVendorID                      *int64  `json:"apiVendorID"`
	InternalIntegrationName          *string `json:"internalIntegrationName"`
	APITrackingIdentifier            *string `json:"apiTrackingIdentifier"`
}

// APIUser reads one resource by id as an API user; IsNotFound tells a missing one.
func (c *Client) APIUser(ctx context.Context, id int64) (APIUser, error) {
	return getAs[APIUser](ctx, c, Resources, id)
}

// ResourcesNamed finds the resources, active or not, with this username (compared
// case-insensitively, as Autotask keeps usernames unique).
func (c *Client) ResourcesNamed(ctx context.Context, userName string) ([]APIUser, error) {
	return lookupAs[APIUser](ctx, c, Resources, "userName", userName)
}

// Picklist fields of Resources that the provider reads or checks values against.
const (
	// LicenseTypeField's choice labelled APIUserLicense marks API-only users.
	LicenseTypeField = "licenseType"
	// IntegrationVendorField is the Integration Vendor picklist that tracks an API user.
	IntegrationVendorField = "apiVendorID"
	DateFormatField        = "dateFormat"
	TimeFormatField        = "timeFormat"
	NumberFormatField      = "numberFormat"
)

// APIUserLicense is the label of the license type of API-only users.
const APIUserLicense = "API User"

// APIUserCreate is the body that creates an API user (extended profile). Optional settings left
// nil are left out, so the zone applies its defaults.
type APIUserCreate struct {
	FirstName                        string   `json:"firstName"`
	LastName                         string   `json:"lastName"`
	Email                            string   `json:"email"`
	UserName                         string   `json:"userName"`
	Secret                           string   `json:"secret"`
	LicenseType                      int64    `json:"licenseType"`
	IsActive                         bool     `json:"isActive"`
	SecurityLevelID                  int64    `json:"securityLevelID"`
	ProtectedDataPermission          string   `json:"protectedDataPermission"`
	APIVendorID                      *int64   `json:"apiVendorID,omitempty"`
	InternalIntegrationName          *string  `json:"internalIntegrationName,omitempty"`
	LocationID                       *int64   `json:"locationID,omitempty"`
	DateFormat                       *string  `json:"dateFormat,omitempty"`
	TimeFormat                       *string  `json:"timeFormat,omitempty"`
	NumberFormat                     *string  `json:"numberFormat,omitempty"`
	LineOfBusinessIDs                *[]int64 `json:"lineOfBusinessIDs,omitempty"` // a pointer, so an empty list is sent
	CanViewItemsWithNoLineOfBusiness *bool    `json:"canViewItemsWithNoLineOfBusiness,omitempty"`
}

// APIUserPatch is the body that updates an API user: only the fields that are not nil are sent.
type APIUserPatch struct {
	ID                               int64    `json:"id"`
	FirstName                        *string  `json:"firstName,omitempty"`
	LastName                         *string  `json:"lastName,omitempty"`
	Email                            *string  `json:"email,omitempty"`
	IsActive                         *bool    `json:"isActive,omitempty"`
	LocationID                       *int64   `json:"locationID,omitempty"`
	DateFormat                       *string  `json:"dateFormat,omitempty"`
	TimeFormat                       *string  `json:"timeFormat,omitempty"`
	NumberFormat                     *string  `json:"numberFormat,omitempty"`
	SecurityLevelID                  *int64   `json:"securityLevelID,omitempty"`
	IsLocked                         *bool    `json:"isLocked,omitempty"`
	LineOfBusinessIDs                *[]int64 `json:"lineOfBusinessIDs,omitempty"` // a pointer, so an empty list is sent
	CanViewItemsWithNoLineOfBusiness *bool    `json:"canViewItemsWithNoLineOfBusiness,omitempty"`
	ProtectedDataPermission          *string  `json:"protectedDataPermission,omitempty"`
	Secret                           *string  `json:"secret,omitempty"`
}

// PublishedFieldsOnly returns the patch without the API-user settings the published Resources
// entity does not have (Capabilities.APIUserSettings).
func (p APIUserPatch) PublishedFieldsOnly() APIUserPatch {
	p.SecurityLevelID, p.IsLocked, p.LineOfBusinessIDs, p.CanViewItemsWithNoLineOfBusiness = nil, nil, nil, nil
	p.ProtectedDataPermission, p.Secret = nil, nil
	return p
}

// IsEmpty reports whether the patch changes nothing.
func (p APIUserPatch) IsEmpty() bool { return p == APIUserPatch{ID: p.ID} }

// CreateAPIUser creates an API user (extended profile). See Create for an uncertain error.
func (c *Client) CreateAPIUser(ctx context.Context, u APIUserCreate) (int64, error) {
	return c.Create(ctx, Resources, u)
}

// UpdateAPIUser sends the patch.
func (c *Client) UpdateAPIUser(ctx context.Context, p APIUserPatch) error {
	_, err := c.Patch(ctx, Resources, p)
	return err
}

// DeactivateResource sets a resource inactive: Autotask never deletes resources.
func (c *Client) DeactivateResource(ctx context.Context, id int64) error {
	_, err := c.Patch(ctx, Resources, resourceActive{ID: id})
	return err
}

type resourceActive struct {
	ID       int64 `json:"id"`
	IsActive bool  `json:"isActive"`
}

// APIUserLicenseType is the zone's licenseType value of API-only users.
func (c *Client) APIUserLicenseType(ctx context.Context) (int64, error) {
	v, err := c.PicklistValueOf(ctx, Resources, LicenseTypeField, APIUserLicense)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// APIUsers lists the API-only users, all or only the active ones.
func (c *Client) APIUsers(ctx context.Context, onlyActive bool) ([]ResourceSummary, error) {
	license, err := c.APIUserLicenseType(ctx)
	if err != nil {
		return nil, fmt.Errorf("finding the %s license type: %w", APIUserLicense, err)
	}
	filter := []Filter{Eq(LicenseTypeField, license)}
	if onlyActive {
		filter = append(filter, Eq("isActive", true))
	}
	return QueryAs[ResourceSummary](ctx, c, Resources, Query{Filter: filter, IncludeFields: summaryFields})
}

// APIUsersLike finds the active API-only users with these names and email, compared
// case-insensitively as the zone compares text: the user a configuration describes when it
// fixes no username.
func (c *Client) APIUsersLike(ctx context.Context, firstName, lastName, email string) ([]ResourceSummary, error) {
	return c.activeAPIUsers(ctx, Eq("firstName", firstName), Eq("lastName", lastName), Eq("email", email))
}

// APIUsersWithKey finds the active API-only users whose username is key, or key at a domain:
// the Autotask UI makes a username of a generated key and the database's domain (key@domain).
func (c *Client) APIUsersWithKey(ctx context.Context, key string) ([]ResourceSummary, error) {
	return c.activeAPIUsers(ctx, keyFilter(key))
}

// ResourcesWithKey finds the resources, active or not, whose username is key at a domain.
func (c *Client) ResourcesWithKey(ctx context.Context, key string) ([]APIUser, error) {
	return QueryAs[APIUser](ctx, c, Resources, Query{Filter: []Filter{cond("beginsWith", "userName", key+"@")}})
}

// SameKey reports whether a username as configured (a bare key, or key@domain) names the
// username a zone holds, compared case-insensitively as Autotask compares usernames.
func SameKey(configured, held string) bool {
	configured, held = strings.TrimSpace(configured), strings.TrimSpace(held)
	if strings.EqualFold(configured, held) {
		return true
	}
	key, _, found := strings.Cut(held, "@")
	return found && !strings.Contains(configured, "@") && strings.EqualFold(configured, key)
}

func keyFilter(key string) Filter {
	return Filter{Op: "or", Items: []Filter{Eq("userName", key), cond("beginsWith", "userName", key+"@")}}
}

func (c *Client) activeAPIUsers(ctx context.Context, filters ...Filter) ([]ResourceSummary, error) {
	license, err := c.APIUserLicenseType(ctx)
	if err != nil {
		return nil, fmt.Errorf("finding the %s license type: %w", APIUserLicense, err)
	}
	return QueryAs[ResourceSummary](ctx, c, Resources, Query{
		Filter: append([]Filter{Eq(LicenseTypeField, license), Eq("isActive", true)}, filters...), IncludeFields: summaryFields,
	})
}

// ResourceSummary is what names a resource (an employee or an API user) and what every zone
// reads of it.
type ResourceSummary struct {
	ID           int64  `json:"id"`
	UserName     string `json:"userName"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Email        string `json:"email"`
	IsActive     bool   `json:"isActive"`
	LicenseType  *int64 `json:"licenseType"`
	ResourceType string `json:"resourceType"`
	LocationID   *int64 `json:"locationID"`
}

// summaryFields are ResourceSummary's fields: queries for summaries ask only for them.
var summaryFields = []string{"id", "userName", "firstName", "lastName", "email", "isActive", "licenseType", "resourceType", "locationID"}

// ResourceKey is what a resource is looked up by.
type ResourceKey int

const (
	ByID ResourceKey = iota
	ByUserName
	ByEmail
)

// ResourcesBy finds the resources, active or not, whose id, username or email is value.
func (c *Client) ResourcesBy(ctx context.Context, key ResourceKey, value any) ([]ResourceSummary, error) {
	field := map[ResourceKey]string{ByID: "id", ByUserName: "userName", ByEmail: "email"}[key]
	return QueryAs[ResourceSummary](ctx, c, Resources, Query{Filter: []Filter{Eq(field, value)}, IncludeFields: summaryFields})
}

// SecurityLevelHolders lists the resources, active or not, that hold a security level.
func (c *Client) SecurityLevelHolders(ctx context.Context, levelID int64) ([]ResourceSummary, error) {
	return QueryAs[ResourceSummary](ctx, c, Resources, Query{Filter: []Filter{Eq("securityLevelID", levelID)}, IncludeFields: summaryFields})
}

// IntegrationVendors is the Integration Vendor picklist: each vendor's value and label.
func (c *Client) IntegrationVendors(ctx context.Context) ([]PicklistValue, error) {
	return c.Picklist(ctx, Resources, IntegrationVendorField)
}
