package autotasksim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// swaggerCall is how the route test exercises one swagger operation.
type swaggerCall struct {
	target string // relative to the server root, i.e. basePath + path with parameters filled
	body   func(z *zone) any
}

// TestSwaggerEveryRoute calls every operation in the swagger subset against a public zone and
// validates the 200 response against the operation's schema. It fails if the subset lists an
// operation this table does not cover, so new swagger routes cannot go untested.
func TestSwaggerEveryRoute(t *testing.T) {
	doc := loadSwagger(t)
	swaggerEveryRoute(t, doc, &validator{defs: doc.Definitions, strict: true}, Options{})
}

// TestSwaggerEveryRouteExtended runs the same calls against an extended zone: the published
// routes answer the same shapes, strictly, except for the documented extended Resources fields.
func TestSwaggerEveryRouteExtended(t *testing.T) {
	doc := loadSwagger(t)
	extra := map[string]bool{}
	for _, name := range extendedResourceFieldNames {
		extra[name] = true
	}
	delete(extra, "secret") // write-only: never returned
	v := &validator{defs: doc.Definitions, strict: true, extra: map[string]map[string]bool{"ResourceModel": extra}}
	swaggerEveryRoute(t, doc, v, Options{Profile: ProfileExtended})
}

// TestValidatorExtraIsPerModel proves the extended allowance is confined to ResourceModel.
func TestValidatorExtraIsPerModel(t *testing.T) {
	doc := loadSwagger(t)
	v := &validator{defs: doc.Definitions, strict: true, extra: map[string]map[string]bool{"ResourceModel": {"securityLevelID": true}}}
	if errs := v.validateJSON(&schema{Ref: "#/definitions/InternalLocationModel"}, []byte(`{"id":1,"name":"x","securityLevelID":1}`)); len(errs) == 0 {
		t.Error("an extended Resources field was allowed on another model")
	}
	if errs := v.validateJSON(&schema{Ref: "#/definitions/ResourceModel"}, []byte(`{"id":1,"secret":"x"}`)); len(errs) == 0 {
		t.Error("an undocumented property was allowed on ResourceModel")
	}
}

func swaggerEveryRoute(t *testing.T, doc *swaggerDoc, v *validator, opts Options) {
	z := newZone(t, opts)

	first := func(entityName string) string { return strconv.FormatInt(z.seeded(entityName)[0], 10) }
	q := "?search=" + search(t, map[string]any{"filter": all})
	queryBody := func(*zone) any { return map[string]any{"filter": all} }
	patch := func(entityName string, fields map[string]any) func(*zone) any {
		return func(z *zone) any {
			fields["id"] = z.seeded(entityName)[0]
			return fields
		}
	}
	// PUT sends back a record as read (with one change), which is how clients replace.
	put := func(entityName, field string, value any) func(*zone) any {
		return func(z *zone) any {
			item := z.item(entityName, z.seeded(entityName)[0])
			item[field] = value
			return item
		}
	}

	calls := map[string]swaggerCall{
		"GET /V1.0/EntityInformation":       {target: "/V1.0/EntityInformation"},
		"GET /V1.0/Modules":                 {target: "/V1.0/Modules"},
		"GET /V1.0/ThresholdInformation":    {target: "/V1.0/ThresholdInformation"},
		"GET /V1.0/Version":                 {target: "/V1.0/Version"},
		"GET /V1.0/ZoneInformation":         {target: "/V1.0/ZoneInformation?user=" + url.QueryEscape(z.creds.Username)},
		"GET /VersionInformation":           {target: "/VersionInformation"},
		"PATCH /V1.0/Resources":             {target: "/V1.0/Resources", body: patch(entityResources, map[string]any{"title": "Lead Technician"})},
		"PUT /V1.0/Resources":               {target: "/V1.0/Resources", body: put(entityResources, "officeExtension", "214")},
		"POST /V1.0/OrganizationalLevel1s":  {target: "/V1.0/OrganizationalLevel1s", body: func(*zone) any { return map[string]any{"name": "Cloud Services"} }},
		"PATCH /V1.0/OrganizationalLevel1s": {target: "/V1.0/OrganizationalLevel1s", body: patch(entityOrganizationalLevel1s, map[string]any{"description": "patched"})},
		"PUT /V1.0/OrganizationalLevel1s":   {target: "/V1.0/OrganizationalLevel1s", body: put(entityOrganizationalLevel1s, "description", "replaced")},
		"POST /V1.0/OrganizationalLevel2s":  {target: "/V1.0/OrganizationalLevel2s", body: func(*zone) any { return map[string]any{"name": "APAC", "isActive": true} }},
		"PATCH /V1.0/OrganizationalLevel2s": {target: "/V1.0/OrganizationalLevel2s", body: patch(entityOrganizationalLevel2s, map[string]any{"isActive": true})},
		"PUT /V1.0/OrganizationalLevel2s":   {target: "/V1.0/OrganizationalLevel2s", body: put(entityOrganizationalLevel2s, "description", "replaced")},
		"POST /V1.0/OrganizationalLevelAssociations": {target: "/V1.0/OrganizationalLevelAssociations", body: func(z *zone) any {
			return map[string]any{"organizationalLevel1ID": z.seeded(entityOrganizationalLevel1s)[1], "organizationalLevel2ID": z.seeded(entityOrganizationalLevel2s)[1]}
		}},
		"PATCH /V1.0/OrganizationalLevelAssociations": {target: "/V1.0/OrganizationalLevelAssociations", body: patch(entityOrganizationalLevelAssociations, map[string]any{"isActive": true})},
		"PUT /V1.0/OrganizationalLevelAssociations":   {target: "/V1.0/OrganizationalLevelAssociations", body: put(entityOrganizationalLevelAssociations, "isActive", false)},
	}
	for _, name := range []string{entityResources, entityInternalLocations, entityOrganizationalLevel1s, entityOrganizationalLevel2s, entityOrganizationalLevelAssociations} {
		base := "/V1.0/" + name
		calls["GET "+base+"/entityInformation"] = swaggerCall{target: base + "/entityInformation"}
		calls["GET "+base+"/entityInformation/fields"] = swaggerCall{target: base + "/entityInformation/fields"}
		calls["GET "+base+"/entityInformation/userDefinedFields"] = swaggerCall{target: base + "/entityInformation/userDefinedFields"}
		calls["GET "+base+"/query"] = swaggerCall{target: base + "/query" + q}
		calls["POST "+base+"/query"] = swaggerCall{target: base + "/query", body: queryBody}
		calls["GET "+base+"/query/count"] = swaggerCall{target: base + "/query/count" + q}
		calls["POST "+base+"/query/count"] = swaggerCall{target: base + "/query/count", body: queryBody}
		calls["GET "+base+"/{id}"] = swaggerCall{target: base + "/" + first(name)}
	}

	var ops []string
	for path, methods := range doc.Paths {
		for method := range methods {
			if method == "parameters" {
				continue
			}
			ops = append(ops, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(ops)
	if len(ops) < 50 {
		t.Fatalf("the swagger subset lists only %d operations; wrong file?", len(ops))
	}
	for _, op := range ops {
		call, ok := calls[op]
		delete(calls, op)
		t.Run(op, func(t *testing.T) {
			if !ok {
				t.Fatal("the swagger lists it but the route test does not call it")
			}
			method, path, _ := strings.Cut(op, " ")
			var spec swaggerOp
			if err := json.Unmarshal(doc.Paths[path][strings.ToLower(method)], &spec); err != nil {
				t.Fatal(err)
			}
			ok200, has := spec.Responses["200"]
			if !has || ok200.Schema == nil {
				t.Fatal("no 200 schema")
			}
			z := z.on(t)
			var body any
			if call.body != nil {
				body = call.body(z)
			}
			r := z.do(method, doc.BasePath+call.target, body)
			if r.status != http.StatusOK {
				t.Fatalf("%s: status %d: %s", spec.OperationID, r.status, r.body)
			}
			if errs := v.validateJSON(ok200.Schema, r.body); len(errs) > 0 {
				t.Errorf("%s: response does not match %s:\n  %s\n  body: %.400s", spec.OperationID, ok200.Schema.Ref, strings.Join(errs, "\n  "), r.body)
			}
		})
	}
	for op := range calls {
		t.Errorf("%s: the route test calls it but the swagger subset does not list it", op)
	}
}

// TestSwaggerPagesAndModelFields validates follow-up pages (not in the swagger, same schema as the
// first page) and checks that each entity's field metadata lists exactly its swagger model's
// properties.
func TestSwaggerPagesAndModelFields(t *testing.T) {
	swaggerPagesAndModelFields(t, Options{}, nil)
}

// TestSwaggerModelFieldsExtended: on the extended profile Resources has exactly the swagger
// model's fields plus the documented extended ones; the other published entities are unchanged.
func TestSwaggerModelFieldsExtended(t *testing.T) {
	swaggerPagesAndModelFields(t, Options{Profile: ProfileExtended}, extendedResourceFieldNames)
}

func swaggerPagesAndModelFields(t *testing.T, opts Options, extendedFields []string) {
	doc := loadSwagger(t)
	v := &validator{defs: doc.Definitions, strict: true}
	z := newZone(t, opts)

	for i := range 7 {
		z.expect(http.StatusOK, http.MethodPost, "V1.0/OrganizationalLevel2s", map[string]any{"name": "Region " + strconv.Itoa(i)})
	}
	pageSchema := &schema{Ref: "#/definitions/QueryActionResult[OrganizationalLevel2Model,BusinessSubdivision]"}
	body := map[string]any{"filter": all, "MaxRecords": 3}
	r := z.do(http.MethodPost, "V1.0/OrganizationalLevel2s/query", body)
	for pages := 1; ; pages++ {
		if r.status != http.StatusOK {
			t.Fatalf("page %d: %d %s", pages, r.status, r.body)
		}
		if errs := v.validateJSON(pageSchema, r.body); len(errs) > 0 {
			t.Fatalf("page %d does not validate: %v", pages, errs)
		}
		_, pd := items(t, r.obj(t))
		next, _ := pd["nextPageUrl"].(string)
		if next == "" {
			if pages != 3 {
				t.Fatalf("got %d pages of 3 for 9 records, want 3", pages)
			}
			break
		}
		r = z.do(http.MethodPost, next, body)
	}

	models := map[string]string{
		entityResources:                       "ResourceModel",
		entityInternalLocations:               "InternalLocationModel",
		entityOrganizationalLevel1s:           "OrganizationalLevel1Model",
		entityOrganizationalLevel2s:           "OrganizationalLevel2Model",
		entityOrganizationalLevelAssociations: "OrganizationalLevelAssociationModel",
	}
	for name, model := range models {
		t.Run(name, func(t *testing.T) {
			want := map[string]bool{}
			for prop := range doc.Definitions[model].Properties {
				want[prop] = true
			}
			if name == entityResources {
				for _, f := range extendedFields {
					want[f] = true
				}
			}
			got := z.on(t).fieldsOf(name)
			for prop := range want {
				if got[prop] == nil {
					t.Errorf("swagger property %s missing from entityInformation/fields", prop)
				}
			}
			for prop := range got {
				if !want[prop] {
					t.Errorf("field %s is not in the swagger %s", prop, model)
				}
			}
		})
	}
}
