package autotask

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// ZoneInformation is the answer of zone discovery.
type ZoneInformation struct {
	ZoneName string `json:"zoneName"`
	URL      string `json:"url"`
	WebURL   string `json:"webUrl"`
	CI       int    `json:"ci"`
}

// Zone asks zoneInformation for the username's zone (no credentials are sent): at the base URL
// when one is set, since every zone answers it, otherwise at the zone lookup URL. It does not
// change the client's cached zone.
func (c *Client) Zone(ctx context.Context) (ZoneInformation, error) {
	root := c.opts.ZoneLookupURL
	if c.opts.BaseURL != "" {
		root = c.opts.BaseURL
	}
	var z ZoneInformation
	err := c.send(ctx, call{
		method: http.MethodGet, path: "V1.0/zoneInformation?user=" + url.QueryEscape(c.opts.Username),
		root: root, operation: "zone", noAuth: true,
	}, &z)
	return z, err
}

// APIVersions lists the REST API versions the zone serves, from VersionInformation.
func (c *Client) APIVersions(ctx context.Context) ([]string, error) {
	var v struct {
		APIVersions []string `json:"apiVersions"`
	}
	err := c.do(ctx, call{method: http.MethodGet, path: "VersionInformation", operation: "version"}, &v)
	return v.APIVersions, err
}

// RESTRoot returns the zone's REST root: BaseURL when set, otherwise the discovered one.
func (c *Client) RESTRoot(ctx context.Context) (string, error) { return c.zoneRoot(ctx) }

func (c *Client) zoneRoot(ctx context.Context) (string, error) {
	c.zoneMu.Lock()
	defer c.zoneMu.Unlock()
	if c.root != "" {
		return c.root, nil
	}
	return c.discoverLocked(ctx)
}

// rediscover forgets the cached zone and looks it up again.
func (c *Client) rediscover(ctx context.Context) error {
	c.zoneMu.Lock()
	defer c.zoneMu.Unlock()
	c.root = ""
	_, err := c.discoverLocked(ctx)
	return err
}

func (c *Client) discoverLocked(ctx context.Context) (string, error) {
	var z ZoneInformation
	err := c.send(ctx, call{
		method: http.MethodGet, path: "V1.0/zoneInformation?user=" + url.QueryEscape(c.opts.Username),
		root: c.opts.ZoneLookupURL, operation: "zone", noAuth: true,
	}, &z)
	if err != nil {
		return "", err
	}
	if z.URL == "" {
		return "", &Error{Operation: "zone", cause: errors.New("zoneInformation answered without a url")}
	}
	root, err := NormalizeRESTRoot(z.URL)
	if err != nil {
		return "", &Error{Operation: "zone", cause: err}
	}
	if err := CheckTransportSecurity(root, c.opts.AllowInsecureHTTP); err != nil {
		return "", &Error{Operation: "zone", cause: err}
	}
	c.root = root
	return root, nil
}
