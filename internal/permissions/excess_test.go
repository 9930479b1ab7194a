package permissions

import (
	"maps"
	"testing"
)

func TestExcessFollowsEachKindsOrder(t *testing.T) {
	c := Default()
	for name, tc := range map[string]struct {
		granted, allowed, want map[string]string
	}{
		"access level": {
			granted: map[string]string{"crm.customer_and_cancelation": "all"},
			allowed: map[string]string{"crm.customer_and_cancelation": "mine"},
			want:    map[string]string{"crm.customer_and_cancelation": "all"},
		},
		"access level within": {
			granted: map[string]string{"crm.customer_and_cancelation": "mine"},
			allowed: map[string]string{"crm.customer_and_cancelation": "all"},
			want:    map[string]string{},
		},
		"object right scope": {
			granted: map[string]string{"service_desk.tickets.view": "mine"},
			allowed: map[string]string{},
			want:    map[string]string{"service_desk.tickets.view": "mine"},
		},
		"yes over no": {
			granted: map[string]string{"service_desk.tickets.add": "yes"},
			allowed: map[string]string{"service_desk.tickets.add": "no"},
			want:    map[string]string{"service_desk.tickets.add": "yes"},
		},
		"dropdown full over limited": {
			granted: map[string]string{"contracts.contract_visibility": "full"},
			allowed: map[string]string{"contracts.contract_visibility": "limited"},
			want:    map[string]string{"contracts.contract_visibility": "full"},
		},
		"dropdown limited within full": {
			granted: map[string]string{"contracts.contract_visibility": "limited"},
			allowed: map[string]string{"contracts.contract_visibility": "full"},
			want:    map[string]string{},
		},
		"check box true over false": {
			granted: map[string]string{"admin.resources_users_hr": "true"},
			allowed: map[string]string{},
			want:    map[string]string{"admin.resources_users_hr": "true"},
		},
		"larger integer": {
			granted: map[string]string{"other.maximum_number_of_webhooks": "10"},
			allowed: map[string]string{"other.maximum_number_of_webhooks": "5"},
			want:    map[string]string{"other.maximum_number_of_webhooks": "10"},
		},
		"smaller integer": {
			granted: map[string]string{"other.maximum_number_of_webhooks": "3"},
			allowed: map[string]string{"other.maximum_number_of_webhooks": "5"},
			want:    map[string]string{},
		},
		"defaults on both sides": {
			granted: map[string]string{}, allowed: map[string]string{}, want: map[string]string{},
		},
		"a default granted but not allowed": {
			// web_services_api.can_login defaults to true: leaving it out grants it.
			granted: map[string]string{},
			allowed: map[string]string{"web_services_api.can_login": "false"},
			want:    map[string]string{"web_services_api.can_login": "true"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			if got := c.Excess(tc.granted, tc.allowed); !maps.Equal(got, tc.want) {
				t.Fatalf("Excess = %v, want %v", got, tc.want)
			}
		})
	}
}
