// Package archtest checks the import rules of STYLE.md: data flows one way
// and only the composition root wires infrastructure to the HTTP layer.
package archtest

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/onair/onair/"

type pkg struct {
	ImportPath string
	Imports    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-e", "-json", mod+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkg
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func TestImportRules(t *testing.T) {
	// importer -> packages it must not import.
	forbidden := map[string][]string{
		"internal/account":   {"internal/channel", "internal/httpapi", "internal/store", "internal/config", "internal/app"},
		"internal/channel":   {"internal/httpapi", "internal/store", "internal/config", "internal/app"},
		"internal/health":    {"internal/httpapi", "internal/store", "internal/config", "internal/app"},
		"internal/mail":      {"internal/account", "internal/channel", "internal/httpapi", "internal/store", "internal/config"},
		"internal/store":     {"internal/httpapi", "internal/app", "internal/config"},
		"internal/httpapi":   {"internal/store", "internal/config", "internal/app"},
		"internal/errs":      {"internal/"},
		"internal/api":       {"internal/"},
		"internal/config":    {"internal/"},
		"internal/apiclient": {"internal/account", "internal/channel", "internal/store", "internal/httpapi", "internal/app"},
	}
	// Only these may import httpapi and store (tests aside).
	onlyApp := map[string][]string{
		"internal/httpapi": {"internal/app"},
		"internal/store":   {"internal/app"},
	}
	for _, p := range listPackages(t) {
		self := strings.TrimPrefix(p.ImportPath, mod)
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			dep := strings.TrimPrefix(imp, mod)
			for _, bad := range forbidden[self] {
				if dep == bad || (strings.HasSuffix(bad, "/") && strings.HasPrefix(dep, bad)) {
					t.Errorf("%s imports %s", self, dep)
				}
			}
			if allowed, ok := onlyApp[dep]; ok && !slices.Contains(allowed, self) {
				t.Errorf("%s imports %s; only %v may", self, dep, allowed)
			}
		}
	}
}
