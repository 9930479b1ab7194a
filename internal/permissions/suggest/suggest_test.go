package suggest

import (
	"slices"
	"testing"
)

var (
	slugs   = []string{"it-glue", "ninjaone-rmm", "ninjaone-saas-backup", "presh-zapier", "propel-your-msp", "proxuma", "zapier"}
	vendors = []string{"Hudu Technologies - Documentation", "ITG - Documentation Management", "Propel Your MSP", "Proxuma - Resource Planning & Project Management", "Zapier"}
	levels  = []string{"API User (system) (API-only)", "API User (system) Can't Read Costs (API-only)"}
	lobs    = []string{"Managed Services > North America", "Managed Services > EMEA", "Professional Services > North America"}
	offices = []string{"Headquarters", "West Coast Office", "London"}
)

func TestClosest(t *testing.T) {
	for name, tc := range map[string]struct {
		typed string
		names []string
		n     int
		want  []string
	}{
		"a letter too many":                 {"zappier", slugs, 3, []string{"zapier"}},
		"a letter too few":                  {"proxma", slugs, 3, []string{"proxuma"}},
		"two letters swapped":               {"porxuma", slugs, 3, []string{"proxuma"}},
		"case only":                         {"Zapier", slugs, 3, []string{"zapier", "presh-zapier"}},
		"a display name for a slug":         {"IT Glue", slugs, 3, []string{"it-glue"}},
		"underscores for hyphens":           {"propel_your_msp", slugs, 3, []string{"propel-your-msp"}},
		"the first word of a slug":          {"propel", slugs, 3, []string{"propel-your-msp"}},
		"a shared first word, both":         {"ninjaone", slugs, 3, []string{"ninjaone-rmm", "ninjaone-saas-backup"}},
		"the first word of a vendor name":   {"Propel", vendors, 5, []string{"Propel Your MSP"}},
		"a misspelt vendor name":            {"Zappier", vendors, 5, []string{"Zapier"}},
		"a vendor name with a typo inside":  {"Hudu Technologies - Documentaton", vendors, 5, []string{"Hudu Technologies - Documentation"}},
		"a vendor name with extra words":    {"Zapier Inc", vendors, 5, []string{"Zapier"}},
		"a level without its hyphen":        {"API User (system) (API only)", levels, 2, []string{"API User (system) (API-only)"}},
		"a level without its suffix":        {"API User (system) Can't Read Costs", levels, 2, []string{"API User (system) Can't Read Costs (API-only)"}},
		"a level of another kind":           {"Full Access", levels, 2, []string{}},
		"a misspelt office":                 {"Londn", offices, 3, []string{"London"}},
		"an office by one of its words":     {"west coast", offices, 3, []string{"West Coast Office"}},
		"a line of business by level 2":     {"North America", lobs, 3, []string{"Managed Services > North America", "Professional Services > North America"}},
		"a line of business by level 1":     {"managed services", lobs, 3, []string{"Managed Services > North America", "Managed Services > EMEA"}},
		"a line of business, misspelt":      {"Managed Services > North Amerca", lobs, 3, []string{"Managed Services > North America"}},
		"nothing near":                      {"Nowhere > Nobody", lobs, 3, []string{}},
		"part of a word is not near":        {"lue", slugs, 3, []string{}},
		"two letters are too short to hold": {"it", slugs, 3, []string{}},
		"a short word near no other":        {"abc", []string{"xyz", "hudu"}, 3, []string{}},
		"nothing typed":                     {"  ", slugs, 3, []string{}},
		"bounded by n":                      {"ninjaone", slugs, 1, []string{"ninjaone-rmm"}},
		"the nearest first":                 {"presh-zapir", slugs, 3, []string{"presh-zapier"}},
		"nearer before farther":             {"zapie", []string{"zapper", "zapier"}, 3, []string{"zapier", "zapper"}},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Closest(tc.typed, tc.names, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("Closest(%q) = %q, want %q", tc.typed, got, tc.want)
			}
		})
	}
}

func TestRank(t *testing.T) {
	templates := []Candidate{
		{Name: "it-glue", Also: []string{"IT Glue", "ITG - Documentation Management"}},
		{Name: "presh-zapier", Also: []string{"zapier", "Zapier (Presh Marketing Solutions)", "Zapier"}},
		{Name: "zencontract", Also: []string{"ZenContract"}},
	}
	keys := []Candidate{
		{Name: "crm.companies.view", Also: []string{"companies.view", "crm.accounts.view"}},
		{Name: "service_desk.tickets.view", Also: []string{"tickets.view"}},
		{Name: "web_services_api.tickets.view", Also: []string{"tickets.view"}},
	}
	for name, tc := range map[string]struct {
		candidates []Candidate
		typed      []string
		n          int
		want       []string
	}{
		"a former name finds the new one":        {templates, []string{"zapier"}, 3, []string{"presh-zapier"}},
		"a misspelt former name":                 {templates, []string{"zappier"}, 3, []string{"presh-zapier"}},
		"a display name":                         {templates, []string{"zen contract"}, 3, []string{"zencontract"}},
		"another name of the vendor":             {templates, []string{"ITG - Documentaton Management"}, 3, []string{"it-glue"}},
		"each name once":                         {templates, []string{"Zapier"}, 3, []string{"presh-zapier"}},
		"a key under the wrong section":          {keys, []string{"crm.tickets.view", "tickets.view"}, 3, []string{"service_desk.tickets.view", "web_services_api.tickets.view"}},
		"a misspelt key under the wrong section": {keys, []string{"crm.ticket.view", "ticket.view"}, 3, []string{"service_desk.tickets.view", "web_services_api.tickets.view"}},
		"a misspelt alias":                       {keys, []string{"crm.accounts.viw", "accounts.viw"}, 3, []string{"crm.companies.view"}},
		"a part is not compared as words":        {keys, []string{"other.view", "view"}, 3, []string{}},
		"the name wins a tie with another form":  {[]Candidate{{Name: "b", Also: []string{"abcd"}}, {Name: "abcd"}}, []string{"abcd"}, 2, []string{"abcd", "b"}},
		"no candidates":                          {nil, []string{"x"}, 3, []string{}},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Rank(tc.candidates, tc.n, tc.typed...); !slices.Equal(got, tc.want) {
				t.Errorf("Rank(%q) = %q, want %q", tc.typed, got, tc.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		typed, name string
		score       int
		near        bool
	}{
		{"Zapier", "zapier", 0, true},
		{"it glue", "it-glue", 0, true},
		{"  IT   Glue ", "it_glue", 0, true},
		{"zappier", "zapier", 1, true},
		{"propel", "propel-your-msp", 1, true}, // whole words count as one edit
		{"propel-your-msp-inc", "propel-your-msp", 1, true},
		{"zapier", "presh-zapier", 1, true},
		{"apier", "presh-zapier", 0, false}, // inside a word
		{"hudu", "idsync", 0, false},
		{"", "x", 0, false},
		{"x", "", 0, false},
	} {
		score, near := Score(tc.typed, tc.name)
		if near != tc.near || (near && score != tc.score) {
			t.Errorf("Score(%q, %q) = %d, %v; want %d, %v", tc.typed, tc.name, score, near, tc.score, tc.near)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"zapier", "zappier", 1},
		{"café", "cafe", 1}, // characters, not bytes
		{"flaw", "lawn", 2},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := Distance(tc.b, tc.a); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Quote(nil, "or"), ""},
		{Quote([]string{"a"}, "or"), `"a"`},
		{Quote([]string{"a", "b"}, "or"), `"a" or "b"`},
		{Quote([]string{"a", "b", "c"}, "and"), `"a", "b" and "c"`},
		{List([]string{"x (X)", "y (Y)"}, "or"), `x (X) or y (Y)`},
		{DidYouMean(nil), ""},
		{DidYouMean([]string{"zapier"}), `Did you mean "zapier"?`},
		{DidYouMean([]string{"a", "b"}), `Did you mean "a" or "b"?`},
		{Phrase(""), ""},
		{Phrase(`"presh-zapier" (Zapier (Presh Marketing Solutions))`), `Did you mean "presh-zapier" (Zapier (Presh Marketing Solutions))?`},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
