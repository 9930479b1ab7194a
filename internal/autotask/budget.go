package autotask

import (
	"context"
	"fmt"
	"net/http"
)

// Threshold is the zone's hourly request budget, shared by every integration of the database.
type Threshold struct {
	ExternalRequestThreshold     int `json:"externalRequestThreshold"`
	RequestThresholdTimeframe    int `json:"requestThresholdTimeframe"`
	CurrentTimeframeRequestCount int `json:"currentTimeframeRequestCount"`
}

// UsedPercent is the share of the budget already used.
func (t Threshold) UsedPercent() float64 {
	if t.ExternalRequestThreshold <= 0 {
		return 0
	}
	return 100 * float64(t.CurrentTimeframeRequestCount) / float64(t.ExternalRequestThreshold)
}

// ThresholdInformation reads the hourly budget and how much of it is used.
func (c *Client) ThresholdInformation(ctx context.Context) (Threshold, error) {
	var t Threshold
	err := c.send(ctx, call{method: http.MethodGet, path: "V1.0/ThresholdInformation", entity: "ThresholdInformation", operation: "threshold"}, &t)
	return t, err
}

// CheckAccess signs in, as every call does first, and says why that fails, if it does:
// IsUnauthorized or IsIntegrationCodeRefused for refused credentials, IsZoneLookupRefused for a
// username the zone lookup does not know, IsUnreachable or IsTimeout for a zone the client
// cannot reach, or the budget guard.
func (c *Client) CheckAccess(ctx context.Context) error { return c.checkBudget(ctx) }

// checkBudget reads ThresholdInformation once per client and refuses to go on above the
// guard: the budget is shared with the MSP's other integrations, and exhausting it stops
// Autotask's API for all of them. An answer is remembered, and so are refused credentials and
// a zone that could not be reached or did not answer on first contact, which the run would only
// meet again; any other failed read (a cancelled call, a 5xx) is tried again by the next call.
func (c *Client) checkBudget(ctx context.Context) error {
	return c.readBudget(ctx, false)
}

// readBudget reads the budget when it has not been read yet, or always when again is set (a
// long query re-checks it while paging, since other integrations spend it meanwhile).
func (c *Client) readBudget(ctx context.Context, again bool) error {
	if err := c.budgetMu.lock(ctx); err != nil {
		return fmt.Errorf("checking the zone's hourly request budget: %w", err)
	}
	defer c.budgetMu.unlock()
	if c.budgetChecked && (!again || c.budgetErr != nil) {
		return c.budgetErr
	}
	t, err := c.ThresholdInformation(ctx)
	if IsUnauthorized(err) && c.opts.BaseURL == "" {
		if moved, _ := c.rediscover(ctx); moved {
			t, err = c.ThresholdInformation(ctx)
		}
	}
	switch {
	case IsUnauthorized(err) || IsIntegrationCodeRefused(err):
		// Remembered: sending refused credentials again would only count more failed logins.
		c.budgetChecked, c.budgetErr = true, fmt.Errorf("signing in: %w", err)
		return c.budgetErr
	case IsUnreachable(err) || IsTimeout(err):
		err = fmt.Errorf("connecting to the zone: %w", err)
		if !c.budgetChecked {
			// Remembered when the zone never answered this run: every call would wait for the
			// same silence or refusal. A zone that answered before may answer again.
			c.budgetChecked, c.budgetErr = true, err
		}
		return err
	case err != nil:
		return fmt.Errorf("checking the zone's hourly request budget: %w", err)
	}
	c.budgetChecked = true
	if used := t.UsedPercent(); used >= float64(c.opts.BudgetGuardPercent) {
		c.budgetErr = fmt.Errorf("the zone has used %d of its %d API requests this hour (%.0f%%), above the provider's budget guard of %d%%. "+
			"Every integration of this Autotask database shares that budget, and when it runs out Autotask stops answering all of them. "+
			"Wait for usage to drop, or raise budget_guard_percent (AUTOTASK_BUDGET_GUARD_PERCENT) up to 100 to proceed anyway",
			t.CurrentTimeframeRequestCount, t.ExternalRequestThreshold, used, c.opts.BudgetGuardPercent)
	}
	return c.budgetErr
}
