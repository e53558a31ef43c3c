package httpapi

import (
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestEveryMountedRouteIsDocumented holds the patterns the API mux serves
// against the OpenAPI document's operations.
func TestEveryMountedRouteIsDocumented(t *testing.T) {
	s := New(Config{API: true}, Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry()})
	paths := s.openapi["paths"].(map[string]map[string]any)
	var documented []string
	for path, ops := range paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	if len(s.mounted) == 0 {
		t.Fatal("nothing mounted")
	}
	for _, p := range s.mounted {
		if !slices.Contains(documented, p) {
			t.Errorf("%s is served but not in the OpenAPI document", p)
		}
	}
	if len(documented) != len(s.mounted) {
		t.Errorf("document has %d operations, server mounts %d", len(documented), len(s.mounted))
	}
	for _, rt := range s.routes() {
		if rt.Summary == "" {
			t.Errorf("%s %s has no summary", rt.Method, rt.Path)
		}
		if !strings.HasPrefix(rt.Path, v1+"/") {
			t.Errorf("%s is outside %s", rt.Path, v1)
		}
	}
}
