package autotask

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
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
	if err := c.zoneMu.lock(ctx); err != nil {
		return "", &Error{Operation: "zone", cause: err}
	}
	defer c.zoneMu.unlock()
	if c.root != "" {
		return c.root, nil
	}
	return c.discoverLocked(ctx)
}

// rediscover looks the zone up again and reports whether it moved. A failed lookup forgets the
// cached zone, so the next call looks again.
func (c *Client) rediscover(ctx context.Context) (moved bool, err error) {
	if err := c.zoneMu.lock(ctx); err != nil {
		return false, &Error{Operation: "zone", cause: err}
	}
	defer c.zoneMu.unlock()
	old := c.root
	c.root = ""
	root, err := c.discoverLocked(ctx)
	return err == nil && root != old, err
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
	if c.opts.ZoneLookupURL == DefaultZoneLookupURL && !isAutotaskHost(root) {
		// Every request carries the credentials to this host: Autotask's own lookup only ever
		// names its own zones, so anything else is a tampered answer.
		return "", &Error{Operation: "zone", cause: fmt.Errorf("zoneInformation named %s, which is not an autotask.net host; "+
			"set base_url to the zone's REST root if this is intended", root)}
	}
	c.root = root
	return root, nil
}

// isAutotaskHost reports whether a REST root is on autotask.net or one of its subdomains.
func isAutotaskHost(root string) bool {
	u, err := url.Parse(root)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	return host == "autotask.net" || strings.HasSuffix(host, ".autotask.net")
}
