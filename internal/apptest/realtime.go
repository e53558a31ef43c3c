package apptest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/centrifugal/centrifuge-go"

	"github.com/onair/onair/internal/apiclient"
)

// Wait bounds every realtime wait in tests.
const Wait = 5 * time.Second

// RT is a realtime connection (the centrifuge Go client) to a server.
type RT struct {
	t testing.TB
	C *centrifuge.Client
}

// WebsocketURL is the server's realtime endpoint.
func (s *Server) WebsocketURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/connection/websocket"
}

// Realtime connects with c's session cookie, or anonymously when c is nil.
func (s *Server) Realtime(t testing.TB, c *apiclient.Client) *RT {
	t.Helper()
	cfg := centrifuge.Config{}
	if c != nil {
		cfg.Header = http.Header{"Cookie": {"onair_session=" + c.SessionToken()}}
	}
	return connect(t, s.WebsocketURL(), cfg)
}

// RealtimeAt connects to the realtime endpoint of the server at baseURL
// (one this process did not start) with c's session cookie, or
// anonymously when c is nil.
func RealtimeAt(t testing.TB, baseURL string, c *apiclient.Client) *RT {
	t.Helper()
	return (&Server{URL: baseURL}).Realtime(t, c)
}

// RealtimeWithToken connects with connection tokens c asks the API for.
func (s *Server) RealtimeWithToken(t testing.TB, c *apiclient.Client) *RT {
	t.Helper()
	cfg := centrifuge.Config{GetToken: func(centrifuge.ConnectionTokenEvent) (string, error) {
		tok, err := c.RealtimeToken(context.Background())
		return tok.Token, err
	}}
	return connect(t, s.WebsocketURL(), cfg)
}

// RealtimeWith connects with a client configuration of the test's own
// (headers, tokens).
func (s *Server) RealtimeWith(t testing.TB, cfg centrifuge.Config) *RT {
	t.Helper()
	return connect(t, s.WebsocketURL(), cfg)
}

func connect(t testing.TB, url string, cfg centrifuge.Config) *RT {
	t.Helper()
	cfg.MinReconnectDelay, cfg.MaxReconnectDelay = 50*time.Millisecond, 200*time.Millisecond
	c := centrifuge.NewJsonClient(url, cfg)
	connected := make(chan struct{}, 1)
	c.OnConnected(func(centrifuge.ConnectedEvent) {
		select {
		case connected <- struct{}{}:
		default:
		}
	})
	t.Cleanup(c.Close)
	if err := c.Connect(); err != nil {
		t.Fatalf("realtime connect: %v", err)
	}
	select {
	case <-connected:
	case <-time.After(Wait):
		t.Fatalf("realtime connection to %s not established", url)
	}
	return &RT{t: t, C: c}
}

// Feed is one subscription's events.
type Feed struct {
	t            testing.TB
	Sub          *centrifuge.Subscription
	pubs         chan centrifuge.Publication
	subscribed   chan centrifuge.SubscribedEvent
	unsubscribed chan centrifuge.UnsubscribedEvent
}

// Subscribe starts a subscription to channel (recoverable, as the web app's).
func (r *RT) Subscribe(channel string) *Feed {
	r.t.Helper()
	sub, err := r.C.NewSubscription(channel, centrifuge.SubscriptionConfig{Recoverable: true})
	if err != nil {
		r.t.Fatalf("new subscription %s: %v", channel, err)
	}
	f := &Feed{t: r.t, Sub: sub, pubs: make(chan centrifuge.Publication, 1024),
		subscribed: make(chan centrifuge.SubscribedEvent, 16), unsubscribed: make(chan centrifuge.UnsubscribedEvent, 16)}
	sub.OnPublication(func(e centrifuge.PublicationEvent) { f.pubs <- e.Publication })
	sub.OnSubscribed(func(e centrifuge.SubscribedEvent) { f.subscribed <- e })
	sub.OnUnsubscribed(func(e centrifuge.UnsubscribedEvent) { f.unsubscribed <- e })
	if err := sub.Subscribe(); err != nil {
		r.t.Fatalf("subscribe %s: %v", channel, err)
	}
	return f
}

// Subscribed waits for the subscription to succeed.
func (f *Feed) Subscribed() centrifuge.SubscribedEvent {
	f.t.Helper()
	select {
	case e := <-f.subscribed:
		return e
	case e := <-f.unsubscribed:
		f.t.Fatalf("subscribe to %s refused: %d %s", f.Sub.Channel, e.Code, e.Reason)
	case <-time.After(Wait):
		f.t.Fatalf("subscribe to %s: no answer", f.Sub.Channel)
	}
	return centrifuge.SubscribedEvent{}
}

// Unsubscribed waits for the subscription to end (or be refused).
func (f *Feed) Unsubscribed() centrifuge.UnsubscribedEvent {
	f.t.Helper()
	select {
	case e := <-f.unsubscribed:
		return e
	case <-time.After(Wait):
		f.t.Fatalf("%s: still subscribed", f.Sub.Channel)
	}
	return centrifuge.UnsubscribedEvent{}
}

// Next waits for the next publication and decodes it into v.
func (f *Feed) Next(v any) centrifuge.Publication {
	f.t.Helper()
	select {
	case p := <-f.pubs:
		if v != nil {
			if err := json.Unmarshal(p.Data, v); err != nil {
				f.t.Fatalf("%s: publication %s: %v", f.Sub.Channel, p.Data, err)
			}
		}
		return p
	case <-time.After(Wait):
		f.t.Fatalf("%s: no publication within %s", f.Sub.Channel, Wait)
	}
	return centrifuge.Publication{}
}

// Quiet checks that nothing is published for d.
func (f *Feed) Quiet(d time.Duration) {
	f.t.Helper()
	select {
	case p := <-f.pubs:
		f.t.Fatalf("%s: unexpected publication %s", f.Sub.Channel, p.Data)
	case <-time.After(d):
	}
}

// TryNext returns the next publication if one comes within d.
func (f *Feed) TryNext(d time.Duration) (centrifuge.Publication, bool) {
	select {
	case p := <-f.pubs:
		return p, true
	case <-time.After(d):
		return centrifuge.Publication{}, false
	}
}

// Answer waits for the subscribe's outcome: "" when subscribed, else the
// refusal's reason (the API's error code).
func (f *Feed) Answer() string {
	f.t.Helper()
	select {
	case <-f.subscribed:
		return ""
	case e := <-f.unsubscribed:
		return e.Reason
	case <-time.After(Wait):
		f.t.Fatalf("subscribe to %s: no answer", f.Sub.Channel)
	}
	return ""
}
