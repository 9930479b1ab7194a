package permissions

import (
	"fmt"
	"strings"
)

// ChecklistMarkdown renders the whole manual procedure for the template in the words of the
// Autotask UI: the security level (for a custom level) and the API user.
func (t Template) ChecklistMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: Autotask API user, by hand\n\n", t.DisplayName)
	step := 0
	next := func(format string, args ...any) {
		step++
		fmt.Fprintf(&b, "%d. %s\n", step, fmt.Sprintf(format, args...))
	}
	if t.SystemLevel == "" {
		b.WriteString("## Security level\n\n")
		next("Go to **Admin > Company Settings & Users > Resources/Users (HR) > Security Levels**.")
		next("Open the menu of **%s** and choose **Copy Security Level**.", t.CopyFrom)
		next("Name the copy **%s** and make sure **Active** is checked.", t.LevelName)
		next("Set the permissions:\n\n%s", indent(Default().ManualSteps(t.Permissions())))
		next("Click **Save & Close**.")
		b.WriteString("\n")
		step = 0
	}
	b.WriteString("## API user\n\n")
	next("Go to **Admin > Company Settings & Users > Resources/Users (HR) > Resources/Users**, open the menu next to **New** and choose **New API User**.")
	next("First name **%s**, last name **%s**, and an email address that should receive integration errors.", t.FirstName, t.LastName)
	next("Make sure **Active** is checked and **Locked** is cleared.")
	if t.SystemLevel != "" {
		next("Security Level: the system level **%s** (no custom level is needed).", t.SystemLevel)
	} else {
		next("Security Level: **%s**.", t.LevelName)
	}
	next("Primary Internal Location: your main office.")
	next("Click **Generate Key** and **Generate Secret** and copy both now: the secret is shown only once.")
	switch {
	case t.IntegrationVendor != "":
		next("API Tracking Identifier: choose **Integration Vendor**, then **%s**.", t.IntegrationVendor)
		next("Click **Save & Close** and give %s the username (key) and the secret.", t.DisplayName)
	case t.InternalIntegrationName != "":
		next("API Tracking Identifier: choose **Custom (Internal Integration)** and enter the Internal Integration Name **%s**; copy the Tracking Identifier Autotask generates.", t.InternalIntegrationName)
		next("Click **Save & Close** and give %s the username (key), the secret and the tracking identifier.", t.DisplayName)
	default:
		next("API Tracking Identifier: %s's guide does not say which to choose. Look for %s under **Integration Vendor**, or ask the vendor.", t.DisplayName, t.DisplayName)
		next("Click **Save & Close** and give %s the username (key) and the secret.", t.DisplayName)
	}
	return b.String()
}

// indent nests markdown under a numbered list item.
func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "   " + l
		}
	}
	return strings.Join(lines, "\n")
}
