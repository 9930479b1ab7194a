package permissions

import (
	"slices"
	"strconv"
)

// Excess returns the rows of granted that give more than allowed does, keyed by catalogue key
// with the granted value. Keys either map leaves out take their default. "More" follows each
// setting's value list, which the catalogue orders from most to least permissive (all before
// mine before none, yes before no, true before false), and for an integer, a larger number.
// Validate both maps first: keys and values the catalogue does not know are left out.
func (c *Catalog) Excess(granted, allowed map[string]string) map[string]string {
	g, a := c.FillDefaults(granted), c.FillDefaults(allowed)
	out := map[string]string{}
	for _, s := range c.settings {
		if s.grantsMore(g[s.Key], a[s.Key]) {
			out[s.Key] = g[s.Key]
		}
	}
	return out
}

// grantsMore reports whether value x of the setting gives more than value y.
func (s Setting) grantsMore(x, y string) bool {
	if s.Kind == KindInteger {
		nx, errX := strconv.Atoi(x)
		ny, errY := strconv.Atoi(y)
		return errX == nil && errY == nil && nx > ny
	}
	values := s.AllowedValues()
	ix, iy := slices.Index(values, x), slices.Index(values, y)
	return ix >= 0 && iy >= 0 && ix < iy
}
