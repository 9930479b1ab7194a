package autotasksim

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A small Swagger 2.0 schema validator, enough for the published Autotask document: $ref,
// object/array/string/integer/number/boolean, required, nested objects, array items, the int32 /
// int64 / double / date-time formats and additionalProperties where a schema states it.
//
// Two rules come from how the document was generated (Swashbuckle over ASP.NET):
//   - Swagger 2.0 cannot say "nullable", yet the live API returns null for unset properties
//     (e.g. "suffix":null in a captured Resource). A property that is not listed in required
//     may therefore be null.
//   - .NET `object` and enums are rendered as {"type":"object","properties":{}} (the Object and
//     RestUserAccessLevel definitions; itemId is an integer, userAccessFor* are 0/1/2). Such an
//     empty schema accepts any value.
//
// The validator is strict in one way the document is not: in strict mode an object may not carry
// properties its schema does not list (unless additionalProperties allows them), so the public
// profile cannot leak fields the published models do not have.

type swaggerDoc struct {
	BasePath    string                                `json:"basePath"`
	Paths       map[string]map[string]json.RawMessage `json:"paths"`
	Definitions map[string]*schema                    `json:"definitions"`
}

type swaggerOp struct {
	OperationID string `json:"operationId"`
	Responses   map[string]struct {
		Schema *schema `json:"schema"`
	} `json:"responses"`
}

type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Format               string             `json:"format"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	Items                *schema            `json:"items"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
}

type validator struct {
	defs   map[string]*schema
	strict bool
	// extra lists, per definition name, properties strict mode also allows: the extended
	// profile's documented fields, which the published models do not have.
	extra map[string]map[string]bool
}

func loadSwagger(t *testing.T) *swaggerDoc {
	t.Helper()
	data, err := os.ReadFile("testdata/autotask-rest-v1.subset.swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc swaggerDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return &doc
}

// validateJSON checks a response body against s and returns every violation found.
func (v *validator) validateJSON(s *schema, body []byte) []string {
	val, err := decodeJSON(body)
	if err != nil {
		return []string{"body is not JSON: " + err.Error()}
	}
	if val == nil {
		return []string{"$: body is null"}
	}
	var errs []string
	v.validate(s, val, "$", &errs)
	return errs
}

func (v *validator) resolve(s *schema, path string, errs *[]string) *schema {
	for depth := 0; s != nil && s.Ref != ""; depth++ {
		name, ok := strings.CutPrefix(s.Ref, "#/definitions/")
		def := v.defs[name]
		if !ok || def == nil || depth > 32 {
			*errs = append(*errs, fmt.Sprintf("%s: unresolvable $ref %q", path, s.Ref))
			return nil
		}
		s = def
	}
	return s
}

// isAny reports whether a schema is the generator's rendering of .NET object or an enum.
func isAny(s *schema) bool {
	return s.Type == "object" && s.Properties != nil && len(s.Properties) == 0 &&
		len(s.Required) == 0 && s.Items == nil && len(s.AdditionalProperties) == 0
}

func (v *validator) validate(s *schema, val any, path string, errs *[]string) {
	defName := ""
	if s != nil {
		defName = strings.TrimPrefix(s.Ref, "#/definitions/")
	}
	s = v.resolve(s, path, errs)
	if s == nil || isAny(s) {
		return
	}
	fail := func(format string, args ...any) {
		*errs = append(*errs, path+": "+fmt.Sprintf(format, args...))
	}
	typ := s.Type
	if typ == "" && s.Properties != nil {
		typ = "object"
	}
	switch typ {
	case "object":
		obj, ok := val.(map[string]any)
		if !ok {
			fail("want object, got %s", describe(val))
			return
		}
		for _, req := range s.Required {
			if obj[req] == nil {
				fail("required property %q is missing or null", req)
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := path + "." + k
			if ps, ok := s.Properties[k]; ok {
				if obj[k] != nil {
					v.validate(ps, obj[k], sub, errs)
				}
				continue
			}
			switch ap := strings.TrimSpace(string(s.AdditionalProperties)); {
			case ap == "true":
			case ap == "false":
				fail("property %q is not allowed", k)
			case strings.HasPrefix(ap, "{"):
				var as schema
				if err := json.Unmarshal(s.AdditionalProperties, &as); err != nil {
					fail("bad additionalProperties: %v", err)
				} else if obj[k] != nil {
					v.validate(&as, obj[k], sub, errs)
				}
			default:
				if v.strict && !v.extra[defName][k] {
					fail("property %q is not in the schema", k)
				}
			}
		}
	case "array":
		arr, ok := val.([]any)
		if !ok {
			fail("want array, got %s", describe(val))
			return
		}
		for i, item := range arr {
			if s.Items == nil {
				continue
			}
			if item == nil {
				fail("[%d]: null array item", i)
				continue
			}
			v.validate(s.Items, item, fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case "string":
		str, ok := val.(string)
		if !ok {
			fail("want string, got %s", describe(val))
			return
		}
		if s.Format == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				fail("not an RFC 3339 date-time: %q", str)
			}
		}
	case "integer":
		n, ok := val.(json.Number)
		if !ok {
			fail("want integer, got %s", describe(val))
			return
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			fail("not an int64: %s", n)
			return
		}
		if s.Format == "int32" && (i < math.MinInt32 || i > math.MaxInt32) {
			fail("out of int32 range: %d", i)
		}
	case "number":
		n, ok := val.(json.Number)
		if !ok {
			fail("want number, got %s", describe(val))
			return
		}
		if _, err := n.Float64(); err != nil {
			fail("not a number: %s", n)
		}
	case "boolean":
		if _, ok := val.(bool); !ok {
			fail("want boolean, got %s", describe(val))
		}
	default:
		fail("unsupported schema type %q", s.Type)
	}
}

// TestValidatorCatchesViolations proves the validator can fail, one rule at a time.
func TestValidatorCatchesViolations(t *testing.T) {
	v := &validator{strict: true, defs: map[string]*schema{
		"Thing": {Type: "object", Required: []string{"id"}, Properties: map[string]*schema{
			"id":       {Type: "integer", Format: "int64"},
			"small":    {Type: "integer", Format: "int32"},
			"when":     {Type: "string", Format: "date-time"},
			"rate":     {Type: "number", Format: "double"},
			"ok":       {Type: "boolean"},
			"tags":     {Type: "array", Items: &schema{Type: "string"}},
			"child":    {Ref: "#/definitions/Child"},
			"anything": {Ref: "#/definitions/Object"},
			"broken":   {Ref: "#/definitions/Missing"},
		}},
		"Child":  {Type: "object", Properties: map[string]*schema{"name": {Type: "string"}}, AdditionalProperties: json.RawMessage(`false`)},
		"Open":   {Type: "object", Properties: map[string]*schema{}, Required: []string{"x"}, AdditionalProperties: json.RawMessage(`{"type":"integer"}`)},
		"Object": {Type: "object", Properties: map[string]*schema{}},
	}}
	ref := &schema{Ref: "#/definitions/Thing"}
	good := `{"id":1,"small":5,"when":"2024-01-02T03:04:05Z","rate":1.5,"ok":true,"tags":["a"],"child":{"name":"c"},"anything":[1,"x"],"small2":null}`
	v.strict = false
	if errs := v.validateJSON(ref, []byte(good)); len(errs) != 0 {
		t.Fatalf("valid document rejected: %v", errs)
	}
	v.strict = true
	cases := map[string]string{
		"missing required":        `{"small":1}`,
		"null required":           `{"id":null}`,
		"wrong type":              `{"id":"1"}`,
		"fractional integer":      `{"id":1.5}`,
		"int32 overflow":          `{"id":1,"small":2147483648}`,
		"bad date-time":           `{"id":1,"when":"02/01/2024"}`,
		"number as string":        `{"id":1,"rate":"1.5"}`,
		"boolean as string":       `{"id":1,"ok":"true"}`,
		"array item type":         `{"id":1,"tags":[1]}`,
		"null array item":         `{"id":1,"tags":[null]}`,
		"nested type":             `{"id":1,"child":{"name":3}}`,
		"additional false":        `{"id":1,"child":{"name":"c","extra":1}}`,
		"strict unknown property": `{"id":1,"surprise":true}`,
		"unresolvable ref":        `{"id":1,"broken":{}}`,
		"not an object":           `[1]`,
		"null body":               `null`,
		"not json":                `{`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			if errs := v.validateJSON(ref, []byte(doc)); len(errs) == 0 {
				t.Errorf("%s was accepted", doc)
			}
		})
	}
	open := &schema{Ref: "#/definitions/Open"}
	if errs := v.validateJSON(open, []byte(`{"x":1,"y":2}`)); len(errs) != 0 {
		t.Errorf("additionalProperties schema rejected a valid value: %v", errs)
	}
	if errs := v.validateJSON(open, []byte(`{"x":1,"y":"no"}`)); len(errs) == 0 {
		t.Error("additionalProperties schema accepted a wrong type")
	}
}
