package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// troubleshootingTests names, for each message the troubleshooting guide quotes, the test that
// triggers it and checks it.
var troubleshootingTests = map[string]string{
	"The zone refused the provider's credentials":                   "TestAccWrongSecretIsExplainedOnce",
	"The zone refused the provider's integration code":              "TestAccEndpointMistakesNameTheSettingFast",
	"The zone lookup does not know this username":                   "TestAccUnknownUsernameNamesTheZoneLookupAndBaseURL",
	"has no secret (or AUTOTASK_SECRET)":                            "TestAccMissingCredentialsAreNamedOnFirstUse",
	"Cannot reach the Autotask zone":                                "TestAccEndpointMistakesNameTheSettingFast",
	"The Autotask zone did not answer":                              "TestAccEndpointMistakesNameTheSettingFast",
	"The zone's thread limit allows 3 requests at once":             "TestAccThreadLimitIsExplained",
	"API requests this hour":                                        "TestAccBudgetGuardStopsThePlanBeforeAnyWrite",
	"Security level name taken":                                     "TestAccSecurityLevelReplacement",
	"Username taken":                                                "TestAccAPIUserReplacementAndSpelling",
	"Security level not usable by an API user":                      "TestAccAPIUserOnALevelThisPlanReactivates",
	"The security level cannot be deactivated":                      "TestAccSecurityLevelHeldCannotBeDeactivatedAtPlan",
	"Too many custom security levels":                               "TestAccSecurityLevelCustomLevelLimit",
	"An active API user already has these names and email":          "TestAccAGeneratedUserIsNeverMadeTwice",
	"Make this API user in the Autotask UI: the apply waits for it": "TestAccPublicZoneAPIUserIsMadeByHandAndAdopted",
	"The API user made by hand was not found":                       "TestAccPublicZoneAPIUserIsMadeByHandAndAdopted",
	"The zone's API cannot change":                                  "TestAccChangesTheZoneCannotWriteFailAtPlan",
	"The zone's API cannot manage security levels":                  "TestAccPublicZoneSecurityLevelsFailWithTheManualSteps",
}

// TestTroubleshootingGuideQuotesTestedMessages: every message the troubleshooting guide quotes
// is checked by a test that triggers it (its body quotes the message, literally or as a
// wrapped pattern), and the guide covers the errors users meet most.
func TestTroubleshootingGuideQuotesTestedMessages(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "troubleshooting.md"))
	if err != nil {
		t.Fatal(err)
	}
	var tests strings.Builder
	files, _ := filepath.Glob("*_test.go")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tests.Write(src)
	}
	quoted := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^Message: `([^`]+)`$").FindAllStringSubmatch(string(guide), -1) {
		msg := m[1]
		quoted[msg] = true
		name, ok := troubleshootingTests[msg]
		if !ok {
			t.Errorf("the guide quotes %q, but troubleshootingTests names no test that triggers it", msg)
			continue
		}
		body := testBody(tests.String(), name)
		if body == "" {
			t.Errorf("%s, named for %q, does not exist", name, msg)
			continue
		}
		if !strings.Contains(body, msg) && !strings.Contains(body, strings.ReplaceAll(regexp.QuoteMeta(msg), " ", `\s+`)) {
			t.Errorf("%s does not check the message %q", name, msg)
		}
	}
	for _, msg := range []string{
		"The zone refused the provider's credentials", "The zone refused the provider's integration code",
		"The zone's thread limit allows 3 requests at once", "API requests this hour", "Security level name taken",
		"Security level not usable by an API user", "Cannot reach the Autotask zone",
	} {
		if !quoted[msg] {
			t.Errorf("the guide does not cover %q", msg)
		}
	}
}

// testBody is the source of the test function name, or "".
func testBody(src, name string) string {
	start := strings.Index(src, "func "+name+"(t *testing.T) {")
	if start < 0 {
		return ""
	}
	end := strings.Index(src[start+1:], "\nfunc ")
	if end < 0 {
		return src[start:]
	}
	return src[start : start+1+end]
}

// TestAccThreadLimitIsExplained: when the zone's thread limit rejects a write on every attempt,
// the error says what the limit is and what to do, and the zone made nothing.
func TestAccThreadLimitIsExplained(t *testing.T) {
	zone, provider := simProvider(t, autotasksim.ProfileExtended)
	provider = strings.Replace(provider, "provider \"autotask\" {", "provider \"autotask\" {\n  max_retries = 1", 1)
	cli := newCLIDir(t, provider+levelConfig("busy", "Busy", "", nil))
	if err := zone.Sim.SetFaults([]autotasksim.Fault{{Entity: "SecurityLevels", Operation: "create", Kind: autotasksim.FaultThreadLimit500, Probability: 1}}); err != nil {
		t.Fatal(err)
	}
	out, err := cli.try("apply", "-input=false", "-auto-approve")
	flat := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, "Thread Threshold Exceeded") ||
		!strings.Contains(flat, "The zone's thread limit allows 3 requests at once per entity and tracking identifier") ||
		!strings.Contains(flat, "lower max_concurrency_per_entity or -parallelism") {
		t.Fatalf("want the thread limit explained (%v):\n%s", err, out)
	}
	if found := levelsNamed(t, zoneClient(t, zone), "Busy"); len(found) != 0 {
		t.Fatalf("the zone made the level: %+v", found)
	}
}
