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
		"internal/health":    {"internal/httpapi", "internal/store", "internal/config", "internal/app", "internal/webhook"},
		"internal/webhook":   {"internal/httpapi", "internal/store", "internal/config", "internal/app"},
		"internal/chat":      {"internal/httpapi", "internal/store", "internal/config", "internal/app", "internal/media"},
		"internal/overlay":   {"internal/httpapi", "internal/store", "internal/config", "internal/app", "internal/media", "internal/health", "internal/chat", "internal/realtime", "internal/api"},
		"internal/realtime":  {"internal/account", "internal/channel", "internal/chat", "internal/health", "internal/media", "internal/httpapi", "internal/store", "internal/config", "internal/app"},
		"internal/mail":      {"internal/account", "internal/channel", "internal/httpapi", "internal/store", "internal/config"},
		"internal/stage":     {"internal/httpapi", "internal/store", "internal/config", "internal/app", "internal/media", "internal/health", "internal/chat", "internal/realtime", "internal/api"},
		"internal/sfu":       {"internal/"},
		"internal/store":     {"internal/httpapi", "internal/app", "internal/config"},
		"internal/httpapi":   {"internal/store", "internal/config", "internal/app"},
		"internal/errs":      {"internal/"},
		"internal/api":       {"internal/"},
		"internal/config":    {"internal/"},
		"internal/apiclient": {"internal/account", "internal/channel", "internal/store", "internal/httpapi", "internal/app"},
	}
	// Only these may import httpapi and store (tests aside). The directory
	// benchmark's seeder writes rows no API makes fast (1,000 live sessions).
	onlyApp := map[string][]string{
		"internal/httpapi": {"internal/app"},
		"internal/store":   {"internal/app", "bench/directoryseed"},
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
			if why := mediaViolation(self, dep); why != "" {
				t.Errorf("%s imports %s: %s", self, dep, why)
			}
		}
	}
}

// mediaViolation holds the media engine to its shape: media flows one way,
// ingest -> stream -> outputs; ingests (media/ingest/...) and outputs (every
// other media/... package: hls, stats, whep) never import each other; the
// registry (media) imports neither; stream imports nothing of Onair's; and
// media knows channels and the rest of the app only through its own
// interfaces.
func mediaViolation(self, dep string) string {
	const m = "internal/media"
	if self != m && !strings.HasPrefix(self, m+"/") {
		return ""
	}
	for _, app := range []string{"internal/account", "internal/channel", "internal/httpapi", "internal/store", "internal/config", "internal/app"} {
		if dep == app {
			return "the media engine knows the app only through its interfaces"
		}
	}
	sub := strings.HasPrefix(dep, m+"/") && dep != m+"/stream"
	switch {
	case self == m+"/stream" && strings.HasPrefix(dep, "internal/"):
		return "stream carries media and imports nothing of Onair's"
	case self == m && sub:
		return "the registry knows ingests and outputs only as interfaces"
	case strings.HasPrefix(self, m+"/ingest/") && sub:
		return "an ingest feeds streams and knows no output or other ingest"
	case self != m && !strings.HasPrefix(self, m+"/ingest/") && strings.HasPrefix(dep, m+"/ingest/"):
		return "an output never reaches back into ingest"
	}
	return ""
}

func TestMediaRulesCatchViolations(t *testing.T) {
	tests := []struct {
		self, dep string
		bad       bool
	}{
		{"internal/media/ingest/rtmp", "internal/media/hls", true},
		{"internal/media/ingest/rtmp", "internal/media/ingest/whip", true},
		{"internal/media/ingest/rtmp", "internal/media/stream", false},
		{"internal/media/ingest/rtmp", "internal/media", false},
		{"internal/media/hls", "internal/media/ingest/rtmp", true},
		{"internal/media/stats", "internal/media/ingest/rtmp", true},
		{"internal/media/hls", "internal/api", false},
		{"internal/media", "internal/media/hls", true},
		{"internal/media", "internal/channel", true},
		{"internal/media/stream", "internal/media", true},
		{"internal/media/hls", "internal/config", true},
		{"internal/app", "internal/media/ingest/rtmp", false},
	}
	for _, tc := range tests {
		if got := mediaViolation(tc.self, tc.dep) != ""; got != tc.bad {
			t.Errorf("mediaViolation(%s, %s) = %v, want %v", tc.self, tc.dep, got, tc.bad)
		}
	}
}
