package autotask

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultZoneLookupURL is the REST root where zoneInformation is asked when no base URL is set.
const DefaultZoneLookupURL = "https://webservices.autotask.net/ATServicesRest/"

// restRootPath is appended to a URL given with an empty path.
const restRootPath = "ATServicesRest/"

// NormalizeRESTRoot turns a zone URL into a REST root as zoneInformation returns it: an absolute
// http or https URL with a host, no query or fragment, ending in a slash, with "ATServicesRest/"
// appended when the path is empty.
func NormalizeRESTRoot(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		if strings.Contains(raw, "@") {
			return "", errors.New("the URL does not parse (it is not shown: it may carry credentials)")
		}
		return "", fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if u.User != nil {
		return "", fmt.Errorf("%q must not carry credentials; use the username and secret settings", u.Redacted())
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%q must start with https:// (or http:// for a local simulator)", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("%q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q must not have a query or fragment", raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/" + restRootPath
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u.String(), nil
}

// CheckTransportSecurity refuses a plain-http URL to a host other than loopback unless
// allowInsecure is set, because every request carries the API user's secret.
func CheckTransportSecurity(restRoot string, allowInsecure bool) error {
	u, err := url.Parse(restRoot)
	if err != nil {
		return err
	}
	if u.Scheme == "https" || allowInsecure || isLoopbackHost(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("%s uses plain http to a host that is not loopback, which would send the API secret unencrypted; use https, or set allow_insecure_http = true", restRoot)
}

// isLoopbackHost reports whether host is localhost or a loopback IP address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
