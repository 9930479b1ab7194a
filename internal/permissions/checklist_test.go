package permissions

import (
	"strings"
	"testing"
)

func TestChecklistTable(t *testing.T) {
	perms := map[string]string{
		"contracts.contracts.view":                       "all",
		"contracts.contract_visibility":                  "full",
		"crm.customer_and_cancelation":                   "all",
		"crm.configuration_items_and_subscriptions.view": "all",
		"crm.configuration_items_and_subscriptions.edit": "all",
		"service_desk.tickets.view":                      "mine_and_organizations",
		"service_desk.tickets.add":                       "yes",
		"service_desk.tickets.delete":                    "none", // the default: not listed
		"other.can_create_webhooks":                      "true",
		"other.not_required_to_change_password":          "true",
		"web_services_api.tickets.view":                  "true",
		"not.a.key":                                      "ignored",
		"admin.resources_users_hr":                       "yes", // invalid: left out
	}
	want := "| Section | Block | Setting | Value |\n|---|---|---|---|\n" +
		"| Contracts | Object Permissions | Contracts | View: All |\n" +
		"| Contracts | Dropdowns | Contract Visibility (for contracts you have access to) | Full |\n" +
		"| CRM | Company & Contact Access | Customer & Cancelation | All |\n" +
		"| CRM | Object Permissions (for companies you have access to) | Configuration Items & Subscriptions | View: All; Edit: All |\n" +
		"| Service Desk | Object Permissions | Tickets | View: Mine + Organizations; Add: Yes |\n" +
		"| Other | Miscellaneous | Not required to change password (password does not expire) | checked |\n" +
		"| Other | Webhooks | Can create Webhooks | checked |\n" +
		"| Other | Webhooks | Maximum number of Webhooks | 10 |\n" +
		"| Web Services API | Feature Access | Can login to Web Services API | checked |\n" +
		"| Web Services API | Resource Impersonation | Tickets | View (Query): checked |\n"
	if got := Default().ChecklistTable(perms); got != want {
		t.Fatalf("checklist:\n%s\nwant:\n%s", got, want)
	}
}

func TestChecklistTableListsDisabledLoginAndNoWebhookMaximum(t *testing.T) {
	want := "| Section | Block | Setting | Value |\n|---|---|---|---|\n" +
		"| Web Services API | Feature Access | Can login to Web Services API | cleared |\n"
	if got := Default().ChecklistTable(map[string]string{"web_services_api.can_login": "false"}); got != want {
		t.Fatalf("checklist:\n%s\nwant:\n%s", got, want)
	}
}

func TestChecklistTableListsChangedWebhookMaximumAlone(t *testing.T) {
	want := "| Section | Block | Setting | Value |\n|---|---|---|---|\n" +
		"| Other | Webhooks | Maximum number of Webhooks | 5 |\n" +
		"| Web Services API | Feature Access | Can login to Web Services API | checked |\n"
	if got := Default().ChecklistTable(map[string]string{"other.maximum_number_of_webhooks": "5"}); got != want {
		t.Fatalf("checklist:\n%s\nwant:\n%s", got, want)
	}
}

func TestManualStepsPicksTheShorterProcedure(t *testing.T) {
	c := Default()
	few := c.ManualSteps(map[string]string{"service_desk.tickets.view": "all"})
	if !strings.HasPrefix(few, "In every section except Web Services API, click **No Permission**") ||
		!strings.Contains(few, "| Service Desk | Object Permissions | Tickets | View: All |") {
		t.Fatalf("a narrow map starts from No Permission:\n%s", few)
	}
	perms := c.WithoutDefaults(c.FullAccess())
	perms["service_desk.tickets.delete"] = "none"
	perms["other.maximum_number_of_webhooks"] = "50"
	most := c.ManualSteps(perms)
	want := "Keep every permission the copy carries, then set these:\n\n" +
		"| Section | Block | Setting | Value |\n|---|---|---|---|\n" +
		"| Service Desk | Object Permissions | Tickets | Delete: None |\n" +
		"| Other | Webhooks | Maximum number of Webhooks | 50 |\n" +
		"| Web Services API | Feature Access | Can login to Web Services API | checked |\n"
	if most != want {
		t.Fatalf("a broad map keeps the copy:\n%s\nwant:\n%s", most, want)
	}
}
