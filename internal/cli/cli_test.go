package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/onair/onair/internal/cli"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Env{
		Lookup: func(k string) (string, bool) {
			if k == "ONAIR_PASSWORD_HASH_MEMORY_KIB" {
				return "64", true
			}
			return "", false
		},
		Stdout: &out, Stderr: &errOut,
	})
	return code, out.String(), errOut.String()
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := run(t, "user", "create", "--data-dir", dir, "--username", "cli_user", "--email", "cli@example.com", "--password", "Passw0rd!", "--verified", "--json")
	if code != 0 {
		t.Fatalf("create: %d %s", code, stderr)
	}
	var created struct {
		ID, Username, ChannelID, PlaybackID, IngestURL, StreamKey string
		Verified                                                  bool
	}
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatalf("create --json output %q: %v", out, err)
	}
	if created.Username != "cli_user" || !created.Verified || created.ChannelID == "" || created.PlaybackID == "" ||
		!strings.HasPrefix(created.StreamKey, "sk_") || !strings.HasPrefix(created.IngestURL, "rtmp://") {
		t.Errorf("created = %+v", created)
	}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"duplicate username", []string{"user", "create", "--data-dir", dir, "--username", "CLI_USER", "--email", "x@example.com", "--password", "Passw0rd!"}, 1, "This username has been taken."},
		{"weak password", []string{"user", "create", "--data-dir", dir, "--username", "other", "--email", "o@example.com", "--password", "weak"}, 1, "Use 8 or more characters"},
		{"unverified create", []string{"user", "create", "--data-dir", dir, "--username", "later", "--email", "later@example.com", "--password", "Passw0rd!"}, 0, "created user later"},
		{"verify", []string{"user", "verify", "--data-dir", dir, "later"}, 0, "user later verified"},
		{"delete", []string{"user", "delete", "--data-dir", dir, "LATER"}, 0, "user later deleted"},
		{"delete unknown", []string{"user", "delete", "--data-dir", dir, "later"}, 1, "User not found."},
		{"verify needs a name", []string{"user", "verify", "--data-dir", dir}, 1, "exactly one username"},
		{"bad config", []string{"migrate", "--data-dir", dir, "--channel-type", "HUGE"}, 1, "channelType"},
		{"migrate", []string{"migrate", "--data-dir", dir}, 0, "migrations applied"},
		{"version", []string{"version"}, 0, "onair "},
		{"unknown command", []string{"launch"}, 2, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, tc.args...)
			if code != tc.wantCode || !strings.Contains(out+stderr, tc.wantOut) {
				t.Errorf("exit %d, output %q %q; want %d containing %q", code, out, stderr, tc.wantCode, tc.wantOut)
			}
			if strings.Contains(stderr, "Passw0rd!") {
				t.Error("password echoed")
			}
		})
	}
}

func TestSeed(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "user", "create", "--data-dir", dir, "--username", "watcher", "--email", "w@example.com", "--password", "Passw0rd!", "--verified"); code != 0 {
		t.Fatalf("create watcher: %s", stderr)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"too many live", []string{"seed", "--data-dir", dir, "--channels", "2", "--live", "3"}, 1, "--live <= --channels"},
		{"unknown follower", []string{"seed", "--data-dir", dir, "--channels", "2", "--followed-by", "nobody"}, 1, "--followed-by nobody"},
		{"seed", []string{"seed", "--data-dir", dir, "--channels", "3", "--followed-by", "watcher", "--password", "Seed-pass1!"}, 0, "created 3 demo channels demo_01..demo_03"},
		{"seed again collides", []string{"seed", "--data-dir", dir, "--channels", "1"}, 1, "demo_01 already exists"},
		{"other prefix", []string{"seed", "--data-dir", dir, "--channels", "2", "--prefix", "more_"}, 0, "created 2 demo channels more_01..more_02"},
		{"delete", []string{"seed", "--data-dir", dir, "--delete"}, 0, "deleted 5 demo accounts"},
		{"delete again", []string{"seed", "--data-dir", dir, "--delete"}, 0, "deleted 0 demo accounts"},
		{"the real account stays", []string{"user", "verify", "--data-dir", dir, "watcher"}, 0, "user watcher verified"},
	}
	for _, tc := range tests {
		code, out, stderr := run(t, tc.args...)
		if code != tc.wantCode || !strings.Contains(out+stderr, tc.wantOut) {
			t.Errorf("%s: exit %d, output %q %q; want exit %d containing %q", tc.name, code, out, stderr, tc.wantCode, tc.wantOut)
		}
	}
}
