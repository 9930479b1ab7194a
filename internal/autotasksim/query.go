package autotasksim

import (
	"fmt"
	"sort"
	"strings"
)

// The query grammar (POST /query body, or GET ?search=):
//
//	{"filter":[{"op":"eq","field":"isActive","value":true},
//	           {"op":"or","items":[{"op":"beginsWith","field":"lastName","value":"Sm"}, ...]}],
//	 "IncludeFields":["id","userName"], "MaxRecords":100}
//
// Top-level filter items are ANDed; "and"/"or" groups nest. Keys, operator names and field names
// are matched case-insensitively and values are loosely typed, as on a real zone.

// Comparison operators (13) and the two group operators.
const (
	opEq         = "eq"
	opNotEq      = "noteq"
	opGt         = "gt"
	opGte        = "gte"
	opLt         = "lt"
	opLte        = "lte"
	opBeginsWith = "beginsWith"
	opEndsWith   = "endsWith"
	opContains   = "contains"
	opExist      = "exist"
	opNotExist   = "notExist"
	opIn         = "in"
	opNotIn      = "notIn"
	opAnd        = "and"
	opOr         = "or"
)

var operators = func() map[string]string {
	m := map[string]string{}
	for _, op := range []string{opEq, opNotEq, opGt, opGte, opLt, opLte, opBeginsWith, opEndsWith,
		opContains, opExist, opNotExist, opIn, opNotIn, opAnd, opOr} {
		m[strings.ToLower(op)] = op
	}
	return m
}()

const (
	// maxPageSize is the API's page size and the upper bound of MaxRecords.
	maxPageSize = 500
	// maxOrConditions mirrors the documented SOAP limit ("Queries are limited to 500 or fewer
	// 'OR' conditions"); REST very likely shares it.
	maxOrConditions = 500
	// maxFilterDepth bounds group nesting so a hostile query cannot exhaust the stack.
	maxFilterDepth = 32
)

// query is a parsed, validated search.
type query struct {
	filter     []*condition
	include    map[*field]bool // nil means every field
	maxRecords int             // page size: 1..500
}

// condition is one filter item: a comparison on a field, or an and/or group of items.
type condition struct {
	op     string
	field  *field
	value  any   // comparison value, already in the field's storage type
	values []any // for in / notIn
	items  []*condition
}

// parseQuery parses and validates a search against an entity. Every failure is a business error
// (HTTP 500 {"errors":[...]}), which is how the API reports a bad query.
func parseQuery(e *entity, data []byte) (*query, error) {
	if strings.TrimSpace(string(data)) == "" {
		return nil, businessError("The query is missing. Send a search with at least one filter.")
	}
	raw, err := decodeJSON(data)
	if err != nil {
		return nil, businessError("The query is not valid JSON: %s.", err.Error())
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, businessError("The query must be a JSON object with a filter.")
	}
	obj, err = foldKeys(obj)
	if err != nil {
		return nil, businessError("Invalid query: %s.", err.Error())
	}
	q := &query{maxRecords: maxPageSize}

	items, ok := obj["filter"].([]any)
	if !ok || len(items) == 0 {
		return nil, businessError(`The query must contain a filter with at least one condition, for example [{"op":"exist","field":"id"}].`)
	}
	ors := 0
	for _, it := range items {
		c, err := parseCondition(e, it, 1, false, &ors)
		if err != nil {
			return nil, err
		}
		q.filter = append(q.filter, c)
	}
	if ors > maxOrConditions {
		return nil, businessError("Invalid query syntax. Queries are limited to %d or fewer 'OR' conditions.", maxOrConditions)
	}

	switch inc := obj["includefields"].(type) {
	case nil:
	case []any:
		if len(inc) > 0 {
			q.include = map[*field]bool{}
		}
		for _, v := range inc {
			name, isString := v.(string)
			f := e.field(name)
			if !isString || f == nil || f.WriteOnly {
				return nil, businessError("IncludeFields: unable to find field %s in the %s entity.", describe(v), e.InfoName)
			}
			q.include[f] = true
		}
	default:
		return nil, businessError("IncludeFields must be an array of field names.")
	}

	if mr, present := obj["maxrecords"]; present && mr != nil {
		n, err := toInt(mr)
		if err != nil {
			return nil, businessError("MaxRecords must be an integer between 1 and %d.", maxPageSize)
		}
		// Out-of-range values fall back to the API's maximum page size rather than failing:
		// clients that leave MaxRecords at 0 expect a full page.
		if n >= 1 && n <= maxPageSize {
			q.maxRecords = int(n)
		}
	}
	return q, nil
}

func parseCondition(e *entity, raw any, depth int, inOr bool, ors *int) (*condition, error) {
	if depth > maxFilterDepth {
		return nil, businessError("Invalid query: filter groups are nested more than %d deep.", maxFilterDepth)
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, businessError("Invalid query: each filter item must be an object with an op.")
	}
	m, err := foldKeys(m)
	if err != nil {
		return nil, businessError("Invalid query: %s.", err.Error())
	}
	opName, _ := m["op"].(string)
	op, known := operators[strings.ToLower(strings.TrimSpace(opName))]
	if !known {
		return nil, businessError("Invalid query: unknown filter operator %s. Valid operators are eq, noteq, gt, gte, lt, lte, beginsWith, endsWith, contains, exist, notExist, in, notIn, and, or.", describe(m["op"]))
	}
	c := &condition{op: op}

	if op == opAnd || op == opOr {
		items, isArray := m["items"].([]any)
		if !isArray || len(items) == 0 {
			return nil, businessError("Invalid query: the %s group must have a non-empty items array.", op)
		}
		for _, it := range items {
			child, err := parseCondition(e, it, depth+1, op == opOr, ors)
			if err != nil {
				return nil, err
			}
			c.items = append(c.items, child)
		}
		return c, nil
	}
	if inOr {
		*ors++
	}

	if udf, _ := toBool(m["udf"]); udf {
		return nil, businessError("Invalid query: the %s entity has no user-defined fields, so %s cannot be queried as a UDF.", e.InfoName, describe(m["field"]))
	}
	fieldName, _ := m["field"].(string)
	c.field = e.field(fieldName)
	if c.field != nil && c.field.WriteOnly {
		return nil, businessError("Invalid query: the field %s of the %s entity cannot be queried.", c.field.Name, e.InfoName)
	}
	if c.field == nil {
		return nil, businessError("Invalid query: unable to find field %s in the %s entity.", describe(m["field"]), e.InfoName)
	}
	if c.field.NotQueryable {
		return nil, businessError("Invalid query: the field %s of the %s entity cannot be queried.", c.field.Name, e.InfoName)
	}

	value, hasValue := m["value"]
	switch op {
	case opExist, opNotExist:
		return c, nil
	case opIn, opNotIn:
		list, isArray := value.([]any)
		if !isArray {
			if !hasValue || value == nil {
				return nil, businessError("Invalid query: the %s operator on %s needs an array value.", op, c.field.Name)
			}
			list = []any{value} // a single value is read as a one-element list
		}
		for _, v := range list {
			cv, err := filterValue(c, v)
			if err != nil {
				return nil, err
			}
			c.values = append(c.values, cv)
		}
		return c, nil
	}
	if _, isArray := value.([]any); isArray {
		return nil, businessError("Invalid query: the %s operator on %s takes a single value, not an array.", op, c.field.Name)
	}
	switch op {
	case opBeginsWith, opEndsWith, opContains:
		if c.field.Type != typeString {
			return nil, businessError("Invalid query: the %s operator only applies to string fields, and %s is %s.", op, c.field.Name, c.field.Type)
		}
	case opGt, opGte, opLt, opLte:
		if c.field.Type == typeBoolean {
			return nil, businessError("Invalid query: the %s operator does not apply to the boolean field %s.", op, c.field.Name)
		}
	}
	c.value, err = filterValue(c, value)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// filterValue converts one comparison value to the field's storage type. Null is never a value
// (only exist and notExist test for null); for a boolean field the API documents it: the value
// must be true or false, "any other value, null included, is an error".
func filterValue(c *condition, v any) (any, error) {
	if v == nil && c.field.Type == typeBoolean {
		return nil, businessError("Invalid query: the %s operator on the boolean field %s needs the value true or false, not null. Use exist or notExist to test for null.", c.op, c.field.Name)
	}
	if v == nil {
		return nil, businessError("Invalid query: the %s operator on %s needs a value.", c.op, c.field.Name)
	}
	cv, err := coerce(c.field, v)
	if err != nil {
		return nil, businessError("Invalid query: %s.", err.Error())
	}
	return cv, nil
}

// match reports whether a record satisfies every top-level condition.
func (q *query) match(r record) bool {
	for _, c := range q.filter {
		if !c.match(r) {
			return false
		}
	}
	return true
}

// match evaluates one condition. A null field only satisfies notExist, as with SQL comparisons
// against NULL.
func (c *condition) match(r record) bool {
	switch c.op {
	case opAnd:
		for _, it := range c.items {
			if !it.match(r) {
				return false
			}
		}
		return true
	case opOr:
		for _, it := range c.items {
			if it.match(r) {
				return true
			}
		}
		return false
	}
	v := r[c.field.Name]
	if c.op == opNotExist {
		return v == nil
	}
	if v == nil {
		return false
	}
	switch c.op {
	case opExist:
		return true
	case opIn, opNotIn:
		found := false
		for _, want := range c.values {
			if cmp, ok := compareValues(v, want); ok && cmp == 0 {
				found = true
				break
			}
		}
		return found == (c.op == opIn)
	case opBeginsWith, opEndsWith, opContains:
		s, _ := v.(string)
		want, _ := c.value.(string)
		s, want = strings.ToLower(s), strings.ToLower(want)
		switch c.op {
		case opBeginsWith:
			return strings.HasPrefix(s, want)
		case opEndsWith:
			return strings.HasSuffix(s, want)
		default:
			return strings.Contains(s, want)
		}
	}
	cmp, ok := compareValues(v, c.value)
	if !ok {
		return false
	}
	switch c.op {
	case opEq:
		return cmp == 0
	case opNotEq:
		return cmp != 0
	case opGt:
		return cmp > 0
	case opGte:
		return cmp >= 0
	case opLt:
		return cmp < 0
	case opLte:
		return cmp <= 0
	}
	return false
}

// run returns the records matching q in id order (the API orders query results by id).
func (q *query) run(t *table) []record {
	ids := t.sortedIDs()
	out := make([]record, 0, len(ids))
	for _, id := range ids {
		if r := t.rows[id]; q.match(r) {
			out = append(out, r)
		}
	}
	return out
}

// page selects up to size records with id > after from an id-ordered slice and reports whether
// more follow.
func page(rows []record, after int64, size int) (items []record, more bool) {
	start := sort.Search(len(rows), func(i int) bool { return rows[i].id() > after })
	end := min(start+size, len(rows))
	return rows[start:end], end < len(rows)
}

// String renders a condition for test failure messages.
func (c *condition) String() string {
	if c.field == nil {
		parts := make([]string, len(c.items))
		for i, it := range c.items {
			parts[i] = it.String()
		}
		return c.op + "(" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("%s %s %v%v", c.field.Name, c.op, c.value, c.values)
}
