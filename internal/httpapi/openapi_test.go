package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/onair/onair/internal/apptest"
)

type openAPIDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]jsonSchema `json:"schemas"`
	} `json:"components"`
}

type jsonSchema struct {
	Ref        string                `json:"$ref"`
	Type       string                `json:"type"`
	Properties map[string]jsonSchema `json:"properties"`
	Required   []string              `json:"required"`
	Items      *jsonSchema           `json:"items"`
	OneOf      []jsonSchema          `json:"oneOf"`
}

type operation struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema jsonSchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

func fetchDoc(t *testing.T, base string) openAPIDoc {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc openAPIDoc
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIOperationsAreServed checks that every operation in the
// document is served by the running app (mounted_test.go checks the other
// direction).
func TestOpenAPIOperationsAreServed(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	doc := fetchDoc(t, srv.URL)
	if len(doc.Paths) < 15 {
		t.Fatalf("document lists only %d paths", len(doc.Paths))
	}
	param := regexp.MustCompile(`\{\w+\}`)
	for path, ops := range doc.Paths {
		for method := range ops {
			req, _ := http.NewRequest(strings.ToUpper(method), srv.URL+param.ReplaceAllString(path, "x"), nil)
			if noRoute(t, req) {
				t.Errorf("%s %s is documented but not served", method, path)
			}
		}
	}
}

// noRoute reports whether the server answered "no API operation here".
func noRoute(t *testing.T, req *http.Request) bool {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusMethodNotAllowed {
		return true
	}
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode == 404 && body.Error.Code == "NotFoundException"
}

// TestResponsesMatchDocument validates real responses against the schemas.
func TestResponsesMatchDocument(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	doc := fetchDoc(t, srv.URL)
	c := srv.SignedIn(t, "schema_user")
	own, err := c.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ method, path, docPath string }{
		{"POST", "/api/v1/realtime/token", "/api/v1/realtime/token"},
		{"GET", "/api/v1/chat/" + own.ChannelID + "/bans", "/api/v1/chat/{channelId}/bans"},
		{"GET", "/api/v1/config", "/api/v1/config"},
		{"GET", "/api/v1/auth/session", "/api/v1/auth/session"},
		{"GET", "/api/v1/channel", "/api/v1/channel"},
		{"GET", "/api/v1/channels/schema_user", "/api/v1/channels/{username}"},
		{"POST", "/api/v1/channel/streamKey/reset", "/api/v1/channel/streamKey/reset"},
	}
	for _, ck := range checks {
		var body any
		if err := c.Do(ctx, ck.method, ck.path, nil, &body); err != nil {
			t.Fatalf("%s %s: %v", ck.method, ck.path, err)
		}
		var op operation
		if err := json.Unmarshal(doc.Paths[ck.docPath][strings.ToLower(ck.method)], &op); err != nil {
			t.Fatalf("%s %s not documented: %v", ck.method, ck.docPath, err)
		}
		schema := op.Responses["200"].Content["application/json"].Schema
		if err := validate(doc, schema, body, ck.path); err != nil {
			t.Errorf("%s %s: %v", ck.method, ck.path, err)
		}
	}
}

func validate(doc openAPIDoc, s jsonSchema, v any, at string) error {
	if s.Ref != "" {
		return validate(doc, doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")], v, at)
	}
	if len(s.OneOf) > 0 {
		for _, alt := range s.OneOf {
			if validate(doc, alt, v, at) == nil {
				return nil
			}
		}
		return fmt.Errorf("%s: %v matches no alternative", at, v)
	}
	switch s.Type {
	case "null":
		if v != nil {
			return fmt.Errorf("%s: want null", at)
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want string, got %T", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want boolean, got %T", at, v)
		}
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want object, got %T", at, v)
		}
		for _, r := range s.Required {
			if _, ok := m[r]; !ok {
				return fmt.Errorf("%s: missing required %q", at, r)
			}
		}
		if s.Properties != nil {
			for k, val := range m {
				ps, ok := s.Properties[k]
				if !ok {
					return fmt.Errorf("%s: undocumented property %q", at, k)
				}
				if err := validate(doc, ps, val, at+"."+k); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
