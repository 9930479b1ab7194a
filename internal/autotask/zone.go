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

// Zone discovers the zone of the username through the zone lookup URL (no credentials are
// sent). It does not use or change the client's cached zone.
func (c *Client) Zone(ctx context.Context) (ZoneInformation, error) {
	var z ZoneInformation
	err := c.send(ctx, call{
		method: http.MethodGet, path: "V1.0/zoneInformation?user=" + url.QueryEscape(c.opts.Username),
		root: c.opts.ZoneLookupURL, operation: "zone", noAuth: true,
	}, &z)
	return z, err
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
	z, err := c.Zone(ctx)
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
