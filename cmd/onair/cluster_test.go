package main_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
)

// TestTwoProcessesShareChat runs two onair processes on one database
// (PostgreSQL when ONAIR_TEST_POSTGRES_URL is set, else one SQLite file)
// and the local Redis: a chat message sent through node A reaches a client
// of node B, and a ban issued on A ends the banned user's subscription on B
// at once.
func TestTwoProcessesShareChat(t *testing.T) {
	redisURL := os.Getenv("ONAIR_TEST_REDIS_URL")
	if redisURL == "" {
		redisURL = "redis://127.0.0.1:6379/0"
	}
	u, err := url.Parse(redisURL)
	if err != nil {
		t.Fatalf("ONAIR_TEST_REDIS_URL: %v", err)
	}
	if c, err := net.DialTimeout("tcp", u.Host, time.Second); err != nil {
		t.Skipf("Redis is unreachable at %s (%v); the two-process test needs it", u.Host, err)
	} else {
		c.Close()
	}
	t.Parallel()
	ctx := context.Background()
	bin := buildBinary(t)
	db := apptest.PostgresURL(t)
	if db == "" {
		db = "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	env := []string{"ONAIR_DATABASE_URL=" + db, "ONAIR_REDIS_URL=" + redisURL, "ONAIR_REDIS_PREFIX=onair_test_" + hex.EncodeToString(b)}

	create := func(name string) {
		t.Helper()
		cmd := exec.Command(bin, "user", "create", "--username", name, "--email", name+"@example.com",
			"--password", apptest.Password, "--verified", "--json", "--data-dir", t.TempDir())
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("user create %s: %v\n%s", name, err, out)
		}
	}
	create("streamer")
	create("viewer")
	nodeA := serve(t, bin, t.TempDir(), append(env, "ONAIR_NODE=node-a")...)
	nodeB := serve(t, bin, t.TempDir(), append(env, "ONAIR_NODE=node-b")...)

	signIn := func(name string) *apiclient.Client {
		t.Helper()
		c := apiclient.New(nodeA.url)
		if _, err := c.SignIn(ctx, name, apptest.Password); err != nil {
			t.Fatalf("sign in %s on node A: %v", name, err)
		}
		return c
	}
	owner, viewer := signIn("streamer"), signIn("viewer")
	own, err := owner.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	me, err := viewer.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	room := "chat:" + own.ChannelID

	// The viewer signed in on A; node B finds the session in the shared database.
	viewerFeed := apptest.RealtimeAt(t, nodeB.url, viewer).Subscribe(room)
	viewerFeed.Subscribed()
	anonFeed := apptest.RealtimeAt(t, nodeB.url, nil).Subscribe(room)
	anonFeed.Subscribed()

	sent, err := viewer.SendChat(ctx, own.ChannelID, "through node A")
	if err != nil {
		t.Fatal(err)
	}
	type event struct {
		Type, ID, Content, UserID string
	}
	for _, f := range []*apptest.Feed{viewerFeed, anonFeed} {
		var e event
		if f.Next(&e); e.Type != "message" || e.ID != sent.ID || e.Content != "through node A" {
			t.Errorf("subscriber on node B got %+v", e)
		}
	}

	start := time.Now()
	if err := owner.Ban(ctx, own.ChannelID, me.ID); err != nil {
		t.Fatal(err)
	}
	if e := viewerFeed.Unsubscribed(); e.Code != 2403 {
		t.Errorf("banned viewer on node B: unsubscribed with %d %s", e.Code, e.Reason)
	}
	t.Logf("a ban on node A ended the subscription on node B after %s", time.Since(start).Round(time.Millisecond))
	var banned event
	if anonFeed.Next(&banned); banned.Type != "userBanned" || banned.UserID != me.ID {
		t.Errorf("node B room event after the ban: %+v", banned)
	}
}
