package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim/simtest"
)

// TestAccNoChangePlanCostsAtMostOneCallPerResource plans applied setups with the CLI at its
// default parallelism. The plan writes nothing, reads each object at most once, and adds at
// most three calls per run (the profile, the budget, the capabilities). With one setup nothing
// can share a query, so any query there would be a check that only changed values need; with
// ten, batched reads must cost at most half a call per resource (about 2 calls here). make
// bench measures 50 setups.
func TestAccNoChangePlanCostsAtMostOneCallPerResource(t *testing.T) {
	clearAutotaskEnv(t)
	for _, setups := range []int{1, 10} {
		t.Run(fmt.Sprintf("%d setups", setups), func(t *testing.T) {
			zone := simtest.Start(t, autotasksim.Options{Profile: autotasksim.ProfileExtended})
			var config strings.Builder
			config.WriteString(providerBlock(zone))
			for i := range setups {
				config.WriteString(apiUserConfig(fmt.Sprintf("cost%02d", i), ""))
			}
			cli := newCLIDir(t, config.String())
			cli.run("apply", "-input=false", "-auto-approve")
			zone.Sim.ResetStats()
			if out, err := cli.try("plan", "-input=false", "-detailed-exitcode"); err != nil {
				t.Fatalf("the plan after the apply is not empty (%v):\n%s", err, out)
			}
			st := zone.Sim.Stats()
			var reads, queries, perRun int64
			for entity, ops := range st.Requests {
				for op, n := range ops {
					switch op {
					case "get", "query":
						reads += n
					case "info", "threshold":
						perRun += n
					default:
						t.Errorf("%s %s %d: a plan makes no writes", entity, op, n)
					}
				}
				queries += ops["query"]
			}
			most := int64(2 * setups) // one read per resource
			if setups > 1 {
				most = int64(setups) // batched
			}
			if reads > most || perRun > 3 || st.Rejected.ThreadLimit != 0 || (setups == 1 && queries > 0) {
				t.Fatalf("a plan over %d resources: %d reads (%d queries), %d calls per run, %d thread-limit rejections; "+
					"want at most %d reads (no query for one setup), at most 3 per run, no rejection",
					2*setups, reads, queries, perRun, st.Rejected.ThreadLimit, most)
			}
			t.Logf("a plan over %d resources: %d reads, %d calls per run", 2*setups, reads, perRun)
		})
	}
}
