package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/realtime"
)

// TestChannelEvents: going live, the viewer count and going offline reach
// the channel's event stream.
func TestChannelEvents(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	owner := srv.SignedIn(t, "streamer")
	own, err := owner.OwnChannel(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	feed := srv.Realtime(t, nil).Subscribe(realtime.ChannelEvents(own.ChannelID))
	feed.Subscribed()

	type event struct {
		Type      string `json:"type"`
		ChannelID string `json:"channelId"`
		IsLive    bool   `json:"isLive"`
		Viewers   *int   `json:"viewers"`
	}
	// next skips viewer counts unless one is wanted.
	next := func(typ string) event {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			p, ok := feed.TryNext(time.Until(deadline))
			if !ok {
				break
			}
			var e event
			if err := json.Unmarshal(p.Data, &e); err != nil {
				t.Fatal(err)
			}
			if e.ChannelID != own.ChannelID {
				t.Fatalf("event for another channel: %+v", e)
			}
			if e.Type == typ {
				return e
			}
		}
		t.Fatalf("no %s event", typ)
		return event{}
	}
	pub := srv.Publish(t, own.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	if e := next(realtime.EventLiveStatus); !e.IsLive {
		t.Fatalf("first live status: %+v", e)
	}
	// The first 5 s sample always goes out.
	if e := next(realtime.EventViewerCount); e.Viewers == nil || *e.Viewers != 0 {
		t.Errorf("viewer count: %+v", e)
	}
	pub.Stop()
	if e := next(realtime.EventLiveStatus); e.IsLive {
		t.Errorf("live status after the stream: %+v", e)
	}
}

// TestSignOutClosesItsConnections: a connection opened with a session that
// signs out loses the user's identity at once (its inbox subscription
// ends), while the same user's other device stays subscribed.
func TestSignOutClosesItsConnections(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := apptest.Start(t, apptest.Options{})
	laptop := srv.SignedIn(t, "viewer")
	phone := srv.Client()
	if _, err := phone.SignIn(ctx, "viewer", apptest.Password); err != nil {
		t.Fatal(err)
	}
	me, err := laptop.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inbox := realtime.Inbox(me.ID)
	onLaptop := srv.Realtime(t, laptop).Subscribe(inbox)
	onLaptop.Subscribed()
	onPhone := srv.Realtime(t, phone).Subscribe(inbox)
	onPhone.Subscribed()

	if err := laptop.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	// The laptop's client reconnects with its revoked cookie, as anonymous,
	// and may no longer hold the inbox.
	if e := onLaptop.Unsubscribed(); e.Code != 401 {
		t.Errorf("laptop's inbox after sign-out: unsubscribed with %d %s", e.Code, e.Reason)
	}
	// The phone reconnects with its own session and gets its inbox back.
	onPhone.Subscribed()
	if err := srv.App.Realtime.PublishUser(ctx, me.ID, map[string]string{"type": "ping"}); err != nil {
		t.Fatal(err)
	}
	var got struct{ Type string }
	if onPhone.Next(&got); got.Type != "ping" {
		t.Errorf("phone's inbox after the laptop signed out: %+v", got)
	}
}
