package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotask"
	"github.com/autotask-tf/terraform-provider-autotask/internal/permissions"
)

// The public run (PROFILE=public): today's Autotask API cannot create the user, so a person
// makes it in the UI while the apply waits. The demo plays that person through the simulator's
// control route POST /_sim/ui/api-users, as the plan's steps say.

// madeByHand is what the UI shows once the person saves the user.
type madeByHand struct {
	ID                 int64  `json:"id"`
	UserName           string `json:"user_name"`
	Secret             string `json:"secret"`
	TrackingIdentifier string `json:"tracking_identifier"`
}

// planShowsTheSteps plans, and shows the warning with the UI steps for the user.
func (d *demo) planShowsTheSteps() error {
	say("%s plan: the zone's API cannot create the user, so the plan lists the UI steps", d.cli.Name)
	d.cli.Log.Reset()
	if err := d.cli.Run(d.ctx, d.dir, "plan", "-input=false"); err != nil {
		return err
	}
	_, warning, found := strings.Cut(d.cli.Log.String(), "Warning: Make this API user in the Autotask UI")
	if !found {
		return errors.New("the plan did not list the UI steps")
	}
	fmt.Println("\n  Warning: Make this API user in the Autotask UI" + strings.ReplaceAll(strings.TrimRight(warning, "\n"), "\n", "\n  ") + "\n")
	return nil
}

// applyWhileAPersonMakesTheUser applies; a few seconds in, the person makes the user.
func (d *demo) applyWhileAPersonMakesTheUser() error {
	say("%s apply: waiting for the user; a person makes it in the UI a few seconds in", d.cli.Name)
	done := make(chan error, 1)
	go func() { done <- d.cli.Run(d.ctx, d.dir, "apply", "-input=false", "-auto-approve") }()
	select {
	case err := <-done:
		return fmt.Errorf("the apply ended before the user was made: %w", err)
	case <-time.After(3 * time.Second):
	}
	if err := d.makeTheUserInTheUI(); err != nil {
		return errors.Join(err, <-done)
	}
	say("the person saved API user %s in the UI; the apply adopts it", d.madeByHand.UserName)
	if err := <-done; err != nil {
		return err
	}
	var err error
	d.out, err = d.cli.Outputs(d.ctx, d.dir)
	if err == nil && !strings.EqualFold(d.out["user_name"], d.madeByHand.UserName) {
		err = fmt.Errorf("the apply adopted %q, not the user made by hand, %q", d.out["user_name"], d.madeByHand.UserName)
	}
	return err
}

// makeTheUserInTheUI follows the plan's steps through the simulator's UI route, with what the
// Propel Your MSP template and the example give.
func (d *demo) makeTheUserInTheUI() error {
	tpl, ok := permissions.LookupTemplate("propel-your-msp")
	if !ok {
		return errors.New("no propel-your-msp template")
	}
	body, err := json.Marshal(map[string]string{
		"first_name": tpl.FirstName, "last_name": tpl.LastName, "email": "propel-your-msp@example.com",
		"security_level": permissions.SystemAPILevel, "integration_vendor": tpl.IntegrationVendor,
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, d.zone.ControlURL+"ui/api-users", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return fmt.Errorf("POST /_sim/ui/api-users: %s %s", resp.Status, b.String())
	}
	return json.NewDecoder(resp.Body).Decode(&d.madeByHand)
}

// signInAsTheAdoptedUser signs in with the key and secret the UI showed (Terraform never saw
// the secret) and the vendor's tracking identifier. A new API user can take a few minutes to
// work on a real zone, so the sign-in is tried again for up to a minute.
func (d *demo) signInAsTheAdoptedUser() error {
	say("signing in as %s with the secret the UI showed", d.madeByHand.UserName)
	c, err := autotask.New(autotask.Options{Username: d.madeByHand.UserName, Secret: d.madeByHand.Secret,
		IntegrationCode: d.madeByHand.TrackingIdentifier, BaseURL: d.zone.URL})
	if err != nil {
		return err
	}
	return d.signInWithin(c, time.Minute)
}

// signInWithin signs in, again every 5 seconds until bound has passed: a new API user can take
// minutes to start working on a real zone.
func (d *demo) signInWithin(c *autotask.Client, bound time.Duration) error {
	deadline := time.Now().Add(bound)
	for {
		_, err := c.ThresholdInformation(d.ctx)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-time.After(5 * time.Second):
		case <-d.ctx.Done():
			return d.ctx.Err()
		}
	}
}

func (d *demo) publicSummary() {
	fmt.Printf(`
Done, on the public profile (today's Autotask API):
  the plan listed the UI steps for the Propel Your MSP user (its checklist_markdown output has
  the whole guide, level and user); the apply waited while a person made the user, then
  adopted it: %s, tracking identifier %s, signed in
The secret stayed with the person and the vendor: Terraform never saw it. The second plan had
no changes; destroy deactivated the user, and the simulator is stopped.
`, d.madeByHand.UserName, masked(d.madeByHand.TrackingIdentifier))
}
