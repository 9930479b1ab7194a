package autotask

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// BenchmarkQuery2000Resources reads 2,000 API users (plus the seeded resources) from an
// in-process extended simulator, with and without latency on each request. It reports the
// requests one query makes and the time per request.
func BenchmarkQuery2000Resources(b *testing.B) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%s", latency), func(b *testing.B) {
			c, zone := extendedClient(b, autotasksim.Options{ThreadLimit: -1}, func(o *Options) { o.MaxConcurrencyPerEntity = 3 })
			ctx := context.Background()
			license, err := c.PicklistValueOf(ctx, "Resources", "licenseType", "API User")
			if err != nil {
				b.Fatal(err)
			}
			for i := range 2000 {
				_, err := c.Create(ctx, "Resources", map[string]any{
					"firstName": "Bench", "lastName": fmt.Sprint(i), "email": fmt.Sprintf("bench%d@example.com", i),
					"userName": fmt.Sprintf("bench%04d", i), "secret": "Ab1*defghijkLMN", "licenseType": license,
					"securityLevelID": 10, "internalIntegrationName": "Bench",
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if latency > 0 {
				if err := zone.Sim.SetFaults([]autotasksim.Fault{{Kind: autotasksim.FaultLatency, LatencyMS: int(latency.Milliseconds())}}); err != nil {
					b.Fatal(err)
				}
			}
			zone.Sim.ResetStats()
			b.ResetTimer()
			var items int
			for b.Loop() {
				all, err := c.queryAll(ctx, "Resources", Query{})
				if err != nil {
					b.Fatal(err)
				}
				items = len(all)
			}
			b.StopTimer()
			calls := float64(zone.Sim.Stats().Requests["Resources"]["query"]) / float64(b.N)
			b.ReportMetric(calls, "calls/op")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/calls/1e6, "ms/call")
			b.ReportMetric(float64(items), "items")
		})
	}
}
