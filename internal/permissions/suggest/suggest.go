// Package suggest finds the names a user most likely meant when a name they typed is unknown. It
// is the one "did you mean" of the provider: permission keys, template slugs, Integration Vendor
// names, copy_from levels, internal locations and lines of business all rank their suggestions
// here, so the same slip gets the same answer everywhere.
//
// A name is near what was typed when, compared without case and with runs of white space,
// hyphens and underscores read as one space:
//   - it is equal (a slip of case or separator: "Zapier", "it glue");
//   - it is within a few edits (Levenshtein distance): up to a quarter of the typed length, at
//     least 2 and at most half of it ("zappier" for "zapier");
//   - or one holds the other as whole words of at least 3 characters ("propel" for "Propel Your
//     MSP", "North America" for "Managed Services > North America"), which counts as one edit.
//
// Suggestions come best first; equally near names keep the order they were given in.
package suggest

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Candidate is a name to suggest, with other spellings that lead to it: a former name, a
// display name, a key without its section. A match through one of them costs one edit more
// than the same match on Name, so the name itself wins a tie.
type Candidate struct {
	Name string
	Also []string
}

// Closest returns up to n of names nearest to typed, best first.
func Closest(typed string, names []string, n int) []string {
	candidates := make([]Candidate, len(names))
	for i, name := range names {
		candidates[i] = Candidate{Name: name}
	}
	return Rank(candidates, n, typed)
}

// Rank returns the names of up to n candidates nearest to typed[0], best first, each name once.
// Further typed values are parts of what was typed worth comparing on their own (a permission
// key without its section), by edits only; like a candidate's other spellings, a match through
// one costs one edit more.
func Rank(candidates []Candidate, n int, typed ...string) []string {
	type scored struct {
		name  string
		score int
	}
	var found []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if seen[c.Name] {
			continue
		}
		best, ok := 0, false
		for i, t := range typed {
			for j, form := range append([]string{c.Name}, c.Also...) {
				d, near := score(t, form, i == 0)
				if i > 0 || j > 0 {
					d++
				}
				if near && (!ok || d < best) {
					best, ok = d, true
				}
			}
		}
		if ok {
			seen[c.Name] = true
			found = append(found, scored{c.Name, best})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return a.score - b.score })
	out := []string{}
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.name)
	}
	return out
}

// Score says how far name is from typed (0: the same but for case and separators) and whether
// it is near enough to suggest.
func Score(typed, name string) (int, bool) { return score(typed, name, true) }

// score is Score; words lets one hold the other as whole words. A part of what was typed (a
// key's last words, such as "view") is compared by edits only: as words it would be in too many.
func score(typed, name string, words bool) (int, bool) {
	a, b := normalize(typed), normalize(name)
	if a == "" || b == "" {
		return 0, false
	}
	if a == b {
		return 0, true
	}
	if words && (containsWords(a, b) || containsWords(b, a)) {
		return 1, true
	}
	if d := Distance(a, b); d <= limit(a) {
		return d, true
	}
	return 0, false
}

// limit is the most edits a near name may be from typed: a quarter of its length, at least 2,
// and at most half of it, so a short word does not match every other short word.
func limit(typed string) int {
	n := utf8.RuneCountInString(typed)
	return min(max(2, n/4), max(1, n/2))
}

// normalize lowercases s, trims it and reads each run of white space, hyphens and underscores as
// one space.
func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_'
	}), " ")
}

// containsWords reports whether long holds short, of at least 3 characters, as whole words: not
// inside a longer word of letters or digits.
func containsWords(long, short string) bool {
	if utf8.RuneCountInString(short) < 3 || len(short) >= len(long) {
		return false
	}
	for from := 0; ; {
		i := strings.Index(long[from:], short)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(short)
		before, _ := utf8.DecodeLastRuneInString(long[:start])
		after, _ := utf8.DecodeRuneInString(long[end:])
		if (start == 0 || !isWord(before)) && (end == len(long) || !isWord(after)) {
			return true
		}
		from = start + 1
	}
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Distance is the Levenshtein distance between two strings, counted in characters.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Quote renders ["a","b","c"] as `"a", "b" or "c"` (with conj "or").
func Quote(items []string, conj string) string {
	quoted := make([]string, len(items))
	for i, it := range items {
		quoted[i] = strconv.Quote(it)
	}
	return List(quoted, conj)
}

// List joins items as `a, b or c` (with conj "or"), as they are.
func List(items []string, conj string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// DidYouMean is the sentence every suggestion uses, `Did you mean "a" or "b"?`, or "" when
// there is nothing near.
func DidYouMean(near []string) string {
	return Phrase(Quote(near, "or"))
}

// Phrase is DidYouMean for names already rendered (quoted, perhaps with a note each, joined
// with List), or "" for an empty list.
func Phrase(list string) string {
	if list == "" {
		return ""
	}
	return "Did you mean " + list + "?"
}
