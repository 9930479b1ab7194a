package autotasksim

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// widgetTable holds five records covering nulls, case and every type.
func widgetTable() *table {
	t := newTable(1)
	for _, r := range []record{
		{"name": "Alpha", "count": int64(10), "serial": int64(1) << 40, "price": 1.5, "isActive": true, "createDate": day(2024, 1, 1)},
		{"name": "beta", "count": int64(20), "price": 2.5, "isActive": false, "createDate": day(2024, 2, 1)},
		{"name": "Gamma Ray", "price": 3.0, "isActive": true},
		{"name": "alphabet", "count": int64(5), "isActive": true, "createDate": time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"count": int64(0), "isActive": false},
	} {
		t.insert(r)
	}
	return t
}

func runQuery(t *testing.T, q string) []int64 {
	t.Helper()
	parsed, err := parseQuery(widgets(), []byte(q))
	if err != nil {
		t.Fatalf("parseQuery(%s): %v", q, err)
	}
	var ids []int64
	for _, r := range parsed.run(widgetTable()) {
		ids = append(ids, r.id())
	}
	return ids
}

func filterJSON(conds ...string) string {
	return `{"filter":[` + strings.Join(conds, ",") + `]}`
}

func TestQueryOperators(t *testing.T) {
	cases := []struct {
		name string
		cond string
		want []int64
	}{
		{"eq string, case-insensitive", `{"op":"eq","field":"name","value":"ALPHA"}`, []int64{1}},
		{"eq int", `{"op":"eq","field":"count","value":20}`, []int64{2}},
		{"eq int as string", `{"op":"eq","field":"count","value":"20"}`, []int64{2}},
		{"eq long", `{"op":"eq","field":"serial","value":1099511627776}`, []int64{1}},
		{"eq bool", `{"op":"eq","field":"isActive","value":false}`, []int64{2, 5}},
		{"eq bool as string", `{"op":"eq","field":"isActive","value":"True"}`, []int64{1, 3, 4}},
		{"eq double", `{"op":"eq","field":"price","value":2.5}`, []int64{2}},
		{"eq datetime", `{"op":"eq","field":"createDate","value":"2024-01-01T00:00:00Z"}`, []int64{1}},
		{"eq datetime date only", `{"op":"eq","field":"createDate","value":"2024-02-01"}`, []int64{2}},
		{"noteq excludes nulls", `{"op":"noteq","field":"count","value":10}`, []int64{2, 4, 5}},
		{"gt", `{"op":"gt","field":"count","value":5}`, []int64{1, 2}},
		{"gte", `{"op":"gte","field":"count","value":5}`, []int64{1, 2, 4}},
		{"lt", `{"op":"lt","field":"count","value":10}`, []int64{4, 5}},
		{"lte", `{"op":"lte","field":"count","value":10}`, []int64{1, 4, 5}},
		{"gt double", `{"op":"gt","field":"price","value":"2"}`, []int64{2, 3}},
		{"gt string", `{"op":"gt","field":"name","value":"b"}`, []int64{2, 3}},
		{"lt datetime", `{"op":"lt","field":"createDate","value":"2024-01-01"}`, []int64{4}},
		{"gte datetime honours the offset", `{"op":"gte","field":"createDate","value":"2024-01-01T01:00:00+02:00"}`, []int64{1, 2, 4}},
		{"beginsWith", `{"op":"beginsWith","field":"name","value":"al"}`, []int64{1, 4}},
		{"endsWith", `{"op":"endsWith","field":"name","value":"RAY"}`, []int64{3}},
		{"contains", `{"op":"contains","field":"name","value":"pha"}`, []int64{1, 4}},
		{"exist", `{"op":"exist","field":"createDate"}`, []int64{1, 2, 4}},
		{"notExist", `{"op":"notExist","field":"createDate"}`, []int64{3, 5}},
		{"in", `{"op":"in","field":"count","value":[5,20,99]}`, []int64{2, 4}},
		{"in strings", `{"op":"in","field":"name","value":["beta","GAMMA RAY"]}`, []int64{2, 3}},
		{"in single value", `{"op":"in","field":"count","value":5}`, []int64{4}},
		{"notIn excludes nulls", `{"op":"notIn","field":"count","value":[5,20]}`, []int64{1, 5}},
		{"in empty", `{"op":"in","field":"count","value":[]}`, nil},
		{"id gte 0", `{"op":"gte","field":"Id","value":0}`, []int64{1, 2, 3, 4, 5}},
		{"operator case", `{"OP":"BEGINSWITH","Field":"NAME","Value":"Gam"}`, []int64{3}},
		{"notexist lower case", `{"op":"notexist","field":"name"}`, []int64{5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := runQuery(t, filterJSON(tc.cond)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.cond, got, tc.want)
			}
		})
	}
}

func TestQueryGroups(t *testing.T) {
	cases := []struct {
		name string
		q    string
		want []int64
	}{
		{"top level is and", filterJSON(`{"op":"eq","field":"isActive","value":true}`, `{"op":"gt","field":"count","value":5}`), []int64{1}},
		{"or", filterJSON(`{"op":"or","items":[{"op":"eq","field":"count","value":20},{"op":"notExist","field":"count"}]}`), []int64{2, 3}},
		{"and in or", filterJSON(`{"op":"or","items":[
			{"op":"eq","field":"name","value":"beta"},
			{"op":"and","items":[{"op":"beginsWith","field":"name","value":"alpha"},{"op":"lt","field":"count","value":10}]}]}`), []int64{2, 4}},
		{"or in and in or", filterJSON(`{"op":"or","items":[
			{"op":"and","items":[{"op":"eq","field":"isActive","value":false},
				{"op":"or","items":[{"op":"eq","field":"count","value":0},{"op":"eq","field":"count","value":20}]}]},
			{"op":"eq","field":"id","value":3}]}`), []int64{2, 3, 5}},
		{"and group at top", filterJSON(`{"op":"and","items":[{"op":"exist","field":"name"},{"op":"noteq","field":"name","value":"beta"}]}`), []int64{1, 3, 4}},
		{"Filter key case and extra keys ignored", `{"Filter":[{"op":"eq","field":"id","value":2}],"unknown":1}`, []int64{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := runQuery(t, tc.q); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestQueryIncludeFieldsAndMaxRecords(t *testing.T) {
	e := widgets()
	q, err := parseQuery(e, []byte(`{"filter":[{"op":"exist","field":"id"}],"includeFields":["NAME","isactive"],"maxRecords":"25"}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.maxRecords != 25 {
		t.Errorf("maxRecords = %d, want 25", q.maxRecords)
	}
	out, err := e.encode(widgetTable().rows[1], q.include)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), `{"id":1,"isActive":true,"name":"Alpha"}`; got != want {
		t.Errorf("projection = %s, want %s (id always included, wire names, id first)", got, want)
	}
	for in, want := range map[string]int{`0`: 500, `1`: 1, `500`: 500, `501`: 500, `-3`: 500, `null`: 500, `"7"`: 7} {
		t.Run("MaxRecords "+in, func(t *testing.T) {
			q, err := parseQuery(e, []byte(`{"filter":[{"op":"exist","field":"id"}],"MaxRecords":`+in+`}`))
			if err != nil {
				t.Fatal(err)
			}
			if q.maxRecords != want {
				t.Errorf("page size %d, want %d", q.maxRecords, want)
			}
		})
	}
	q, err = parseQuery(e, []byte(`{"filter":[{"op":"exist","field":"id"}],"IncludeFields":[]}`))
	if err != nil || q.include != nil {
		t.Errorf("empty IncludeFields should mean all fields: %v %v", q.include, err)
	}
}

func TestQueryErrors(t *testing.T) {
	deep := `{"op":"eq","field":"id","value":1}`
	for range maxFilterDepth + 1 {
		deep = `{"op":"and","items":[` + deep + `]}`
	}
	ors := make([]string, maxOrConditions+1)
	for i := range ors {
		ors[i] = fmt.Sprintf(`{"op":"eq","field":"id","value":%d}`, i)
	}
	cases := map[string]struct{ q, want string }{
		"empty":                 {``, "missing"},
		"not json":              {`{"filter":`, "not valid JSON"},
		"not an object":         {`[1]`, "JSON object"},
		"trailing data":         {`{"filter":[]} {}`, "not valid JSON"},
		"no filter":             {`{"MaxRecords":1}`, "filter"},
		"empty filter":          {`{"filter":[]}`, "filter"},
		"filter not array":      {`{"filter":{"op":"exist","field":"id"}}`, "filter"},
		"duplicate key by case": {`{"filter":[],"Filter":[]}`, "more than once"},
		"item not object":       {filterJSON(`"id"`), "object"},
		"unknown op":            {filterJSON(`{"op":"like","field":"name","value":"a"}`), "unknown filter operator"},
		"missing op":            {filterJSON(`{"field":"name","value":"a"}`), "unknown filter operator"},
		"unknown field":         {filterJSON(`{"op":"eq","field":"colour","value":"red"}`), "unable to find field"},
		"missing field":         {filterJSON(`{"op":"eq","value":"red"}`), "unable to find field"},
		"not queryable":         {filterJSON(`{"op":"eq","field":"hidden","value":"x"}`), "cannot be queried"},
		"udf":                   {filterJSON(`{"op":"eq","field":"Ranking","udf":true,"value":"Gold"}`), "no user-defined fields"},
		"eq without value":      {filterJSON(`{"op":"eq","field":"name"}`), "needs a value"},
		"eq null":               {filterJSON(`{"op":"eq","field":"name","value":null}`), "needs a value"},
		"eq bool null":          {filterJSON(`{"op":"eq","field":"isActive","value":null}`), "boolean field isActive needs the value true or false, not null"},
		"noteq bool null":       {filterJSON(`{"op":"noteq","field":"isActive","value":null}`), "boolean field isActive needs the value true or false, not null"},
		"eq bool without value": {filterJSON(`{"op":"eq","field":"isActive"}`), "boolean field isActive needs the value true or false, not null"},
		"in bool null":          {filterJSON(`{"op":"in","field":"isActive","value":[true,null]}`), "boolean field isActive needs the value true or false, not null"},
		"notIn bool null":       {filterJSON(`{"op":"notIn","field":"isActive","value":[null]}`), "boolean field isActive needs the value true or false, not null"},
		"bool null in a group":  {filterJSON(`{"op":"or","items":[{"op":"eq","field":"isActive","value":true},{"op":"eq","field":"isActive","value":null}]}`), "not null"},
		"eq array":              {filterJSON(`{"op":"eq","field":"count","value":[1,2]}`), "single value"},
		"in without value":      {filterJSON(`{"op":"in","field":"count"}`), "array value"},
		"in bad element":        {filterJSON(`{"op":"in","field":"count","value":[1,"x"]}`), "not valid"},
		"bad int":               {filterJSON(`{"op":"eq","field":"count","value":"ten"}`), "not valid for field count"},
		"fractional int":        {filterJSON(`{"op":"eq","field":"count","value":1.5}`), "not valid"},
		"int32 overflow":        {filterJSON(`{"op":"eq","field":"count","value":3000000000}`), "not valid"},
		"bad bool":              {filterJSON(`{"op":"eq","field":"isActive","value":"maybe"}`), "not valid"},
		"bad date":              {filterJSON(`{"op":"gt","field":"createDate","value":"yesterday"}`), "not valid"},
		"contains on int":       {filterJSON(`{"op":"contains","field":"count","value":"1"}`), "only applies to string"},
		"gt on bool":            {filterJSON(`{"op":"gt","field":"isActive","value":true}`), "does not apply"},
		"empty group":           {filterJSON(`{"op":"or","items":[]}`), "non-empty items"},
		"group without items":   {filterJSON(`{"op":"and"}`), "non-empty items"},
		"too deep":              {filterJSON(deep), "nested"},
		"too many ors":          {filterJSON(`{"op":"or","items":[` + strings.Join(ors, ",") + `]}`), "500 or fewer 'OR'"},
		"include unknown":       {`{"filter":[{"op":"exist","field":"id"}],"IncludeFields":["nope"]}`, "unable to find field"},
		"include not array":     {`{"filter":[{"op":"exist","field":"id"}],"IncludeFields":"name"}`, "array"},
		"maxrecords not int":    {`{"filter":[{"op":"exist","field":"id"}],"MaxRecords":"lots"}`, "MaxRecords"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := parseQuery(widgets(), []byte(tc.q))
			var ae *apiError
			if err == nil {
				t.Fatalf("accepted %s", tc.q)
			}
			if !errors.As(err, &ae) || ae.status != 500 || len(ae.errors) != 1 {
				t.Fatalf("want a 500 business error, got %#v", err)
			}
			if !strings.Contains(ae.errors[0], tc.want) {
				t.Errorf("error %q does not contain %q", ae.errors[0], tc.want)
			}
		})
	}
	// Exactly the limit is fine.
	if _, err := parseQuery(widgets(), []byte(filterJSON(`{"op":"or","items":[`+strings.Join(ors[:maxOrConditions], ",")+`]}`))); err != nil {
		t.Errorf("%d OR conditions rejected: %v", maxOrConditions, err)
	}
}

func TestPage(t *testing.T) {
	rows := widgetTable()
	all := make([]record, 0, 5)
	for _, id := range rows.sortedIDs() {
		all = append(all, rows.rows[id])
	}
	ids := func(rs []record) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.id())
		}
		return out
	}
	cases := []struct {
		after    int64
		size     int
		want     []int64
		wantMore bool
	}{
		{-1, 2, []int64{1, 2}, true},
		{2, 2, []int64{3, 4}, true},
		{4, 2, []int64{5}, false},
		{-1, 5, []int64{1, 2, 3, 4, 5}, false},
		{5, 2, nil, false},
		{2, 500, []int64{3, 4, 5}, false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("after %d size %d", tc.after, tc.size), func(t *testing.T) {
			got, more := page(all, tc.after, tc.size)
			if !reflect.DeepEqual(ids(got), tc.want) || more != tc.wantMore {
				t.Errorf("got %v, %v; want %v, %v", ids(got), more, tc.want, tc.wantMore)
			}
		})
	}
}
