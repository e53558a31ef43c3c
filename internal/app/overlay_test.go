package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/realtime"
)

// TestStreamEndClearsAction: a real RTMP stream goes live, the streamer
// puts up a product (it runs until stopped), and when the stream ends
// viewers are told the action is gone and late joiners get none.
func TestStreamEndClearsAction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := apptest.Start(t, apptest.Options{})
	owner := srv.SignedIn(t, "streamer")
	own, err := owner.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	feed := srv.Realtime(t, nil).Subscribe(realtime.ChannelEvents(own.ChannelID))
	feed.Subscribed()
	type event struct {
		Type   string            `json:"type"`
		IsLive bool              `json:"isLive"`
		Action *api.StreamAction `json:"action"`
	}
	// next returns the next event of type typ, skipping the others.
	next := func(typ string) event {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			p, ok := feed.TryNext(time.Until(deadline))
			if !ok {
				t.Fatalf("no %s event", typ)
			}
			var e event
			if err := json.Unmarshal(p.Data, &e); err != nil {
				t.Fatal(err)
			}
			if e.Type == typ {
				return e
			}
		}
	}

	pub := srv.Publish(t, own.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	if e := next(realtime.EventLiveStatus); !e.IsLive {
		t.Fatalf("live status: %+v", e)
	}
	product := json.RawMessage(`{"title":"Mug","price":"$5","imageUrl":"https://example.com/m.png","description":"A mug."}`)
	sent, err := owner.SendStreamAction(ctx, "product", product)
	if err != nil {
		t.Fatal(err)
	}
	if e := next("streamAction"); e.Action == nil || e.Action.ID != sent.ID {
		t.Fatalf("published %+v", e.Action)
	}

	pub.Stop()
	if e := next(realtime.EventLiveStatus); e.IsLive {
		t.Fatalf("live status after the stream: %+v", e)
	}
	if e := next("streamAction"); e.Action != nil {
		t.Fatalf("after the stream ended: %+v, want null", e.Action)
	}
	if a, err := owner.ActiveStreamAction(ctx); err != nil || a != nil {
		t.Fatalf("active after the stream ended: %+v, %v", a, err)
	}
	if p, err := srv.Client().PublicChannel(ctx, "streamer"); err != nil || p.ActiveAction != nil {
		t.Fatalf("late joiner after the stream ended: %+v, %v", p.ActiveAction, err)
	}
}
