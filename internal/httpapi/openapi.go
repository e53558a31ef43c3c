package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/onair/onair/internal/api"
)

// The OpenAPI 3 document is generated from the route table and the Go body
// types, so it cannot drift from what the server does.

type schema map[string]any

type openAPIBuilder struct {
	components map[string]schema
}

func (b *openAPIBuilder) ref(t reflect.Type) schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(time.Time{}) {
		return schema{"type": "string", "format": "date-time"}
	}
	if t == reflect.TypeOf(json.RawMessage(nil)) {
		return schema{} // any JSON value (a stream action's data)
	}
	switch t.Kind() {
	case reflect.String:
		return schema{"type": "string"}
	case reflect.Bool:
		return schema{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return schema{"type": "number"}
	case reflect.Slice, reflect.Array:
		return schema{"type": "array", "items": b.ref(t.Elem())}
	case reflect.Map:
		return schema{"type": "object", "additionalProperties": b.ref(t.Elem())}
	case reflect.Struct:
		name := componentName(t)
		if _, ok := b.components[name]; !ok {
			b.components[name] = schema{} // placeholder stops recursion
			b.components[name] = b.object(t)
		}
		return schema{"$ref": "#/components/schemas/" + name}
	default:
		return schema{}
	}
}

func (b *openAPIBuilder) object(t reflect.Type) schema {
	props := schema{}
	var req []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := b.ref(f.Type)
		if f.Type.Kind() == reflect.Pointer {
			s = schema{"oneOf": []any{s, schema{"type": "null"}}}
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") {
			req = append(req, name)
		}
	}
	out := schema{"type": "object", "properties": props, "additionalProperties": false}
	if len(req) > 0 {
		sort.Strings(req)
		out["required"] = req
	}
	return out
}

func componentName(t reflect.Type) string {
	n := t.Name()
	if n == "" {
		return "Anonymous"
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// openAPI builds the document for routes.
func openAPI(routes []route, version string) map[string]any {
	b := &openAPIBuilder{components: map[string]schema{}}
	errRef := b.ref(reflect.TypeOf(api.ErrorBody{}))
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		op := map[string]any{"summary": rt.Summary, "operationId": operationID(rt)}
		var params []any
		for _, p := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": p[1], "in": "path", "required": true,
				"schema": schema{"type": "string", "minLength": 1, "maxLength": 100}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.Request != nil {
			op["requestBody"] = map[string]any{"required": true,
				"content": map[string]any{"application/json": map[string]any{"schema": b.ref(reflect.TypeOf(rt.Request))}}}
		}
		ok := map[string]any{"description": http.StatusText(rt.Status)}
		if rt.Response != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": b.ref(reflect.TypeOf(rt.Response))}}
		} else if rt.Status != http.StatusNoContent {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schema{"type": "object"}}}
		}
		responses := map[string]any{strconv.Itoa(rt.Status): ok}
		errorResponse := func(desc string) map[string]any {
			return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
		}
		if rt.Request != nil || len(rt.Errors) > 0 {
			responses["400"] = errorResponse("Invalid input. Codes: " + strings.Join(append([]string{"BadRequestException"}, rt.Errors...), ", "))
		}
		if rt.Access == signedIn {
			responses["401"] = errorResponse("Not signed in (UnauthorizedException)")
			op["security"] = []any{map[string]any{"session": []any{}}}
		}
		responses["default"] = errorResponse("Error")
		op["responses"] = responses
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Onair API", "version": version,
			"description": "Onair's JSON API. Errors are {\"error\":{\"code\",\"message\",\"fields\"}}; the session is the onair_session cookie."},
		"paths": paths,
		"components": map[string]any{
			"schemas":         b.components,
			"securitySchemes": map[string]any{"session": map[string]any{"type": "apiKey", "in": "cookie", "name": cookieName}},
		},
	}
}

// operationID is e.g. "put_channel_username_update".
func operationID(rt route) string {
	id := strings.NewReplacer("/", "_", "{", "", "}", "").Replace(strings.TrimPrefix(rt.Path, v1))
	return strings.ToLower(rt.Method) + id
}

func (s *Server) openAPIDocument(http.ResponseWriter, *http.Request, *call) (any, error) {
	return s.openapi, nil
}
