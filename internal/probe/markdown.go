package probe

import (
	"fmt"
	"sort"
	"strings"

	"github.com/autotask-tf/terraform-provider-autotask/internal/autotasksim"
)

// NoDifferences is what the report says under its differences heading when there are none.
const NoDifferences = "None: no differences from the public profile in what the probe reads."

// Markdown renders the report for an issue: a header, the differences, then the facts. As a
// last guard it masks every credential, username and email address the probe handled, should
// one have slipped into a message from the zone.
func (r Report) Markdown() string {
	var b strings.Builder
	b.WriteString("# Autotask zone fidelity probe\n\n")
	fmt.Fprintf(&b, "- Date: %s\n", r.Date.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- Zone: %s\n", orUnknown(r.ZoneHost))
	if r.Version != "" {
		fmt.Fprintf(&b, "- Probe version: %s\n", r.Version)
	}
	fmt.Fprintf(&b, "- Reference: the simulator's %s profile, Resources fields reading %q\n", autotasksim.ProfilePublic, autotasksim.ReadingREST)
	fmt.Fprintf(&b, "- Requests to the zone: %s; writes: none (the probe only sends GET and POST to query routes", r.requestText())
	if r.Refused > 0 {
		fmt.Fprintf(&b, "; %d other requests were refused before they left", r.Refused)
	}
	b.WriteString(")\n\n")

	b.WriteString("## Differences from the public profile\n\n")
	if len(r.Differences) == 0 {
		b.WriteString(NoDifferences + "\n")
	} else {
		fmt.Fprintf(&b, "%d differences.\n\n", len(r.Differences))
		b.WriteString("| what | aspect | the zone | the public profile |\n|---|---|---|---|\n")
		for _, d := range r.Differences {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(d.Subject), cell(d.Aspect), cell(d.Zone), cell(d.Profile))
		}
	}

	b.WriteString("\n## Facts\n\nWhat the zone answered that is data, not a difference in the API.\n")
	for _, s := range r.Facts {
		fmt.Fprintf(&b, "\n### %s\n\n", s.Title)
		for _, l := range s.Lines {
			b.WriteString(l + "\n")
		}
	}
	return maskAll(b.String(), r.sensitive)
}

func (r Report) requestText() string {
	total := 0
	methods := make([]string, 0, len(r.Requests))
	for m, n := range r.Requests {
		total += n
		methods = append(methods, m)
	}
	sort.Strings(methods)
	parts := make([]string, len(methods))
	for i, m := range methods {
		parts[i] = fmt.Sprintf("%s %d", m, r.Requests[m])
	}
	if len(parts) == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%s)", total, strings.Join(parts, ", "))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// minMasked is the shortest value maskAll replaces: a shorter one could match ordinary words.
const minMasked = 4

// maskAll replaces every occurrence of each sensitive value, compared case-insensitively, with
// its mask.
func maskAll(text string, sensitive []string) string {
	// Longest first, so a value containing another is masked whole.
	values := append([]string(nil), sensitive...)
	sort.Slice(values, func(i, j int) bool { return len(values[i]) > len(values[j]) })
	for _, v := range values {
		if len([]rune(v)) < minMasked {
			continue
		}
		text = replaceFold(text, v, mask)
	}
	return text
}

// replaceFold replaces each occurrence of old in s, ignoring case, with repl of the text found.
// Case is folded only where lower case keeps the byte length (otherwise only exact
// occurrences are replaced).
func replaceFold(s, old string, repl func(string) string) string {
	lower, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) || len(lowerOld) != len(old) {
		return strings.ReplaceAll(s, old, repl(old))
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl(s[i : i+len(old)]))
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}
