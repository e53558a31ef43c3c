package chat_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/rueidis"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
)

// redisURL is the Redis the test uses: ONAIR_TEST_REDIS_URL, else the
// local default.
func redisURL() string {
	if u := os.Getenv("ONAIR_TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379"
}

// TestTwoNodes runs two Onair nodes sharing Redis and one database: a
// message sent through node A reaches a subscriber on node B, and a ban on
// node A disconnects the user connected to node B at once.
func TestTwoNodes(t *testing.T) {
	t.Parallel()
	opt, err := rueidis.ParseURL(redisURL())
	if err != nil {
		t.Fatalf("ONAIR_TEST_REDIS_URL: %v", err)
	}
	if c, err := net.DialTimeout("tcp", opt.InitAddress[0], time.Second); err != nil {
		t.Skipf("Redis is unreachable at %s (%v); the multi-node test needs it", opt.InitAddress[0], err)
	} else {
		c.Close()
	}
	prefix := redisPrefix(t, opt)
	db := apptest.PostgresURL(t) // the shared PostgreSQL schema, when configured
	if db == "" {
		db = "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	}
	node := func() *apptest.Server {
		return apptest.Start(t, apptest.Options{DatabaseURL: db, Configure: func(c *config.Config) {
			c.Redis.URL, c.Redis.Prefix = redisURL(), prefix
			c.Media.Node = "node-" + prefix[len(prefix)-4:]
		}})
	}
	a, b := node(), node()

	owner := signUp(t, a, "streamer")
	viewer := signUp(t, a, "viewer")
	ch := owner.own.ChannelID
	room := "chat:" + ch
	// The viewer signed in on A: node B finds the session in the shared database.
	viewerOnB := b.Realtime(t, viewer.Client)
	viewerFeed := viewerOnB.Subscribe(room)
	viewerFeed.Subscribed()
	anonOnB := b.Realtime(t, nil).Subscribe(room)
	anonOnB.Subscribed()

	sent := send(t, viewer, ch, "through node A")
	for _, f := range []*apptest.Feed{viewerFeed, anonOnB} {
		if e := nextMessage(t, f); e.ID != sent.ID || e.Content != "through node A" || e.Sender.UserID != viewer.me.ID {
			t.Errorf("node B subscriber got %+v", e)
		}
	}

	start := time.Now()
	if err := owner.Ban(ctx, ch, viewer.me.ID); err != nil {
		t.Fatal(err)
	}
	if e := viewerFeed.Unsubscribed(); e.Code != 2403 {
		t.Errorf("viewer on node B: unsubscribed with %d %s", e.Code, e.Reason)
	}
	t.Logf("ban on A reached the viewer on B in %s", time.Since(start).Round(time.Millisecond))
	var banned event
	anonOnB.Next(&banned)
	if banned.Type != "userBanned" || banned.UserID != viewer.me.ID {
		t.Errorf("node B room event: %+v", banned)
	}
	if e := b.Realtime(t, viewer.Client).Subscribe(room).Unsubscribed(); e.Code != 403 || e.Reason != "ChatBannedException" {
		t.Errorf("banned viewer resubscribes on B: %d %s", e.Code, e.Reason)
	}
	// A newcomer on node B reads the room's history from Redis.
	if got := backlog(t, b, room); len(got) != 0 {
		t.Errorf("newcomer on B got %v, want nothing (the only message's author is banned)", got)
	}
}

// redisPrefix returns a Redis prefix of this test alone and removes its
// keys when the test ends.
func redisPrefix(t *testing.T, opt rueidis.ClientOption) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix := "onair_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		opt.DisableCache = true
		c, err := rueidis.NewClient(opt)
		if err != nil {
			t.Logf("redis cleanup: %v", err)
			return
		}
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var cursor uint64
		for {
			e, err := c.Do(ctx, c.B().Scan().Cursor(cursor).Match(prefix+"*").Count(500).Build()).AsScanEntry()
			if err != nil {
				t.Logf("redis cleanup: %v", err)
				return
			}
			if len(e.Elements) > 0 {
				c.Do(ctx, c.B().Del().Key(e.Elements...).Build())
			}
			if cursor = e.Cursor; cursor == 0 {
				return
			}
		}
	})
	return prefix
}
