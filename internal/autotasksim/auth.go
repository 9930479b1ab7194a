package autotasksim

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
)

// Auth headers. Go's http.Header canonicalises names, so clients that send "username" or
// "ApiIntegrationcode" match too, as they do on a real zone.
const (
	headerUserName        = "UserName"
	headerSecret          = "Secret"
	headerIntegrationCode = "ApiIntegrationCode"
	headerImpersonation   = "ImpersonationResourceId"
)

// caller is the authenticated API user behind a request.
type caller struct {
	resourceID      int64
	userName        string
	integrationCode string
	impersonatedID  int64 // 0 without ImpersonationResourceId
}

// authenticate checks the three auth headers the way the real API answers them (apigrate
// issue #19, from live use): an unknown user name is 500 {"errors":[...]}, a known user with a
// wrong secret is 401, and valid credentials with a wrong integration code are 500. A deactivated
// or locked API user cannot log in either (401). Only API-only resources with credentials can log
// in; employees' user names are for the UI. A security level's "Can login to Web Services API"
// (web_services_api.can_login) plays no part: Autotask applies it only to the SOAP API, versions
// 1.5 and earlier; REST access depends only on the level being API-only.
func (s *Simulator) authenticate(r *http.Request) (*caller, error) {
	userName := strings.TrimSpace(r.Header.Get(headerUserName))
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()

	res := t.resourceByUserName(userName)
	var cred *credential
	if res != nil {
		cred = t.credentialFor(res.id())
	}
	if cred == nil {
		return nil, businessError("Unable to authenticate: the user name is not an API user of this zone.")
	}
	secret := r.Header.Get(headerSecret)
	if subtle.ConstantTimeCompare([]byte(secret), []byte(cred.Secret)) != 1 {
		return nil, unauthorized()
	}
	if active, _ := res["isActive"].(bool); !active {
		return nil, unauthorized()
	}
	if locked, _ := res["isLocked"].(bool); locked {
		return nil, unauthorized()
	}
	code := strings.TrimSpace(r.Header.Get(headerIntegrationCode))
	if subtle.ConstantTimeCompare([]byte(code), []byte(cred.IntegrationCode)) != 1 {
		return nil, businessError("IntegrationCode is invalid.")
	}
	c := &caller{resourceID: res.id(), integrationCode: cred.IntegrationCode}
	c.userName, _ = res["userName"].(string)

	if raw := strings.TrimSpace(r.Header.Get(headerImpersonation)); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		target := t.table(entityResources).rows[id]
		if err != nil || target == nil {
			return nil, businessError("ImpersonationResourceId %s does not reference an existing resource.", strconv.Quote(raw))
		}
		active, _ := target["isActive"].(bool)
		license, _ := target["licenseType"].(int64)
		if !active || license == licenseAPIUser {
			return nil, businessError("The resource %d cannot be impersonated: only active, non-API resources can be.", id)
		}
		c.impersonatedID = id
	}
	return c, nil
}
