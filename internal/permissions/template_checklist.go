package permissions

import (
	"fmt"
	"strings"
)

// ChecklistMarkdown renders the whole manual procedure for the template in the words of the
// Autotask UI: the security level (for a custom level), the API user, then the notes, which hold
// the guide's advice outside its permission table.
func (t Template) ChecklistMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: Autotask API user, by hand\n\n", t.DisplayName)
	level := "the system level **" + t.SystemLevel + "** (no custom level is needed)"
	if t.SystemLevel == "" {
		b.WriteString("## Security level\n\n" + SecurityLevelSteps(t.CopyFrom, t.LevelName, t.Permissions()) + "\n")
		level = "**" + t.LevelName + "**"
	}
	b.WriteString("## API user\n\n")
	b.WriteString(APIUserSteps(ManualAPIUser{
		Vendor: t.DisplayName, FirstName: t.FirstName, LastName: t.LastName,
		Email: "an email address that should receive integration errors", Level: level,
		IntegrationVendor: t.IntegrationVendor, InternalIntegrationName: t.InternalIntegrationName,
	}))
	if t.Notes != "" {
		b.WriteString("\n## Notes\n\n" + t.Notes + "\n")
	}
	return b.String()
}

// SecurityLevelSteps renders the numbered UI steps that make a custom security level by hand:
// copy the system level, name the copy, set the permissions.
func SecurityLevelSteps(copyFrom, name string, perms map[string]string) string {
	var s steps
	s.add("%s.", goToResourcesUsersHR("Security Levels"))
	s.add("Open the menu of **%s** and choose **Copy Security Level**.", copyFrom)
	s.add("Name the copy **%s** and make sure **Active** is checked.", name)
	s.add("Set the permissions:\n\n%s", indent(Default().ManualSteps(perms)))
	s.add("Click **Save & Close**.")
	return s.String()
}

// ManualAPIUser is what the UI steps of an API user need. Email and Level are shown as given
// (markdown); LinesOfBusiness may be empty.
type ManualAPIUser struct {
	Vendor                                     string // who receives the credentials
	FirstName, LastName, Email, Level          string
	IntegrationVendor, InternalIntegrationName string
	LinesOfBusiness                            []string
}

// APIUserSteps renders the numbered UI steps that make an API user by hand.
func APIUserSteps(u ManualAPIUser) string {
	var s steps
	s.add("%s, open the menu next to **New** and choose **New API User**.", goToResourcesUsersHR("Resources/Users"))
	s.add("First name **%s**, last name **%s**, and %s.", u.FirstName, u.LastName, u.Email)
	s.add("Make sure **Active** is checked and **Locked** is cleared.")
	s.add("Security Level: %s.", u.Level)
	s.add("Primary Internal Location: your main office.")
	if len(u.LinesOfBusiness) > 0 {
		s.add("Line of Business: select **%s**.", strings.Join(u.LinesOfBusiness, "**, **"))
	}
	s.add("Click **Generate Key** and **Generate Secret** and copy both now: the secret is shown only once.")
	switch {
	case u.IntegrationVendor != "":
		s.add("API Tracking Identifier: choose **Integration Vendor**, then **%s**.", u.IntegrationVendor)
		s.add("Click **Save & Close** and give %s the username (key) and the secret.", u.Vendor)
	case u.InternalIntegrationName != "":
		s.add("API Tracking Identifier: choose **Custom (Internal Integration)** and enter the Internal Integration Name **%s**; copy the Tracking Identifier Autotask generates.", u.InternalIntegrationName)
		s.add("Click **Save & Close** and give %s the username (key), the secret and the tracking identifier.", u.Vendor)
	default:
		s.add("API Tracking Identifier: %s's guide does not say which to choose. Look for %s under **Integration Vendor**, or ask the vendor.", u.Vendor, u.Vendor)
		s.add("Click **Save & Close** and give %s the username (key) and the secret.", u.Vendor)
	}
	return s.String()
}

// ResourcesUsersPage is how to open the list of resources and API users in the Autotask UI.
func ResourcesUsersPage() string { return goToResourcesUsersHR("Resources/Users") }

// goToResourcesUsersHR opens a page under Resources/Users (HR), naming the settings menu as both
// older and newer UIs do.
func goToResourcesUsersHR(page string) string {
	return "Go to **Admin > Company Settings & Users > Resources/Users (HR) > " + page +
		"** (older UIs call Company Settings & Users **Features & Settings**)"
}

// steps numbers markdown list items.
type steps struct {
	b strings.Builder
	n int
}

func (s *steps) add(format string, args ...any) {
	s.n++
	fmt.Fprintf(&s.b, "%d. %s\n", s.n, fmt.Sprintf(format, args...))
}

func (s *steps) String() string { return s.b.String() }

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
