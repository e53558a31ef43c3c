package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/webhook"
)

// receiver is a webhook endpoint on 127.0.0.1 that checks each request's
// signature and fails the first failFirst requests with 500.
type receiver struct {
	t         *testing.T
	srv       *httptest.Server
	failFirst int

	mu       sync.Mutex
	secret   string
	requests int
	// got holds the accepted payloads in arrival order.
	got  []webhook.Payload
	seen chan struct{}
}

func newReceiver(t *testing.T, failFirst int) *receiver {
	r := &receiver{t: t, failFirst: failFirst, seen: make(chan struct{}, 100)}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = s
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		r.t.Errorf("read delivery: %v", err)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ts := req.Header.Get(webhook.HeaderTimestamp)
	if got, want := req.Header.Get(webhook.HeaderSignature), webhook.Sign(r.secret, ts, body); got != want {
		r.t.Errorf("signature %q, want %q", got, want)
	}
	if n, err := strconv.ParseInt(ts, 10, 64); err != nil || time.Since(time.Unix(n, 0)) > time.Minute {
		r.t.Errorf("timestamp %q is not recent Unix seconds", ts)
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/json" {
		r.t.Errorf("content type %q", ct)
	}
	var p webhook.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		r.t.Errorf("payload %s: %v", body, err)
	}
	if id := req.Header.Get(webhook.HeaderID); id != p.ID || id == "" {
		r.t.Errorf("delivery id header %q, body %q", id, p.ID)
	}
	r.requests++
	if r.requests <= r.failFirst {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	r.got = append(r.got, p)
	w.WriteHeader(http.StatusNoContent)
	r.seen <- struct{}{}
}

func (r *receiver) wait(n int) []webhook.Payload {
	r.t.Helper()
	timeout := time.After(20 * time.Second)
	for range n {
		select {
		case <-r.seen:
		case <-timeout:
			r.t.Fatalf("timed out waiting for %d deliveries", n)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]webhook.Payload(nil), r.got...)
}

func webhookDBs(t *testing.T) map[string]string {
	dbs := map[string]string{"sqlite": ""}
	if url := apptest.PostgresURL(t); url != "" {
		dbs["postgres"] = url
	}
	return dbs
}

// TestWebhookDelivery drives real health events through a real receiver:
// signatures, the order of events, retries and the delivery log.
func TestWebhookDelivery(t *testing.T) {
	t.Parallel()
	for name, dbURL := range webhookDBs(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, apptest.Options{DatabaseURL: dbURL, Configure: func(c *config.Config) {
				c.Webhooks.AllowPrivate = true
				c.Webhooks.RetryDelay = 10 * time.Millisecond
			}})
			owner := signUp(t, srv, "hooked")
			rcv := newReceiver(t, 2)
			created, err := owner.CreateWebhook(ctx, rcv.srv.URL+"/onair?token=abc")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(created.Secret, "whsec_") || created.ID == "" || created.URL != rcv.srv.URL+"/onair?token=abc" {
				t.Fatalf("created %+v", created)
			}
			rcv.setSecret(created.Secret)

			ch := channel.ID(owner.me.ChannelID)
			t0 := time.Now().UTC().Truncate(time.Millisecond)
			sess, err := srv.App.Health.Start(ctx, ch, t0, health.IngestConfiguration{})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.App.Health.Starved(ctx, sess.ID, t0.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			if err := srv.App.Health.Recovered(ctx, sess.ID, t0.Add(2*time.Second)); err != nil {
				t.Fatal(err)
			}
			if err := srv.App.Health.End(ctx, sess.ID, t0.Add(3*time.Second)); err != nil {
				t.Fatal(err)
			}

			got := rcv.wait(6)
			want := []health.Event{
				{Name: health.SessionCreated, Type: health.TypeStateChange, Time: t0},
				{Name: health.StreamStart, Type: health.TypeStateChange, Time: t0},
				{Name: health.StarvationStart, Type: health.TypeHealthChange, Time: t0.Add(time.Second)},
				{Name: health.StarvationEnd, Type: health.TypeHealthChange, Time: t0.Add(2 * time.Second)},
				{Name: health.StreamEnd, Type: health.TypeStateChange, Time: t0.Add(3 * time.Second)},
				{Name: health.SessionEnded, Type: health.TypeStateChange, Time: t0.Add(3 * time.Second)},
			}
			var events []health.Event
			for i, p := range got {
				events = append(events, p.Event)
				if p.Type != "stream.event" || p.ChannelID != string(ch) || p.StreamID != string(sess.ID) {
					t.Errorf("delivery %d = %+v", i, p)
				}
				wantAttempt := 1
				if i == 0 {
					wantAttempt = 3 // the receiver failed the first two
				}
				if p.Attempt != wantAttempt {
					t.Errorf("delivery %d (%s) arrived on attempt %d, want %d", i, p.Event.Name, p.Attempt, wantAttempt)
				}
			}
			if diff := cmp.Diff(want, events, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Fatalf("events in delivery order (-want +got):\n%s", diff)
			}

			// The log has every attempt, newest first; it is written after the
			// receiver answers, so wait for the last line.
			var log []api.WebhookDelivery
			deadline := time.Now().Add(10 * time.Second)
			for {
				if log, err = owner.WebhookDeliveries(ctx, created.ID); err != nil {
					t.Fatal(err)
				}
				if len(log) >= 8 || time.Now().After(deadline) {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			type line struct {
				Event   string
				Attempt int
				Status  int
			}
			var lines []line
			for _, d := range log {
				lines = append(lines, line{d.Event, d.Attempt, d.StatusCode})
				if d.DeliveryID == "" || d.Time.IsZero() || d.Error != "" {
					t.Errorf("log line %+v", d)
				}
			}
			wantLines := []line{
				{health.SessionEnded, 1, 204}, {health.StreamEnd, 1, 204}, {health.StarvationEnd, 1, 204},
				{health.StarvationStart, 1, 204}, {health.StreamStart, 1, 204},
				{health.SessionCreated, 3, 204}, {health.SessionCreated, 2, 500}, {health.SessionCreated, 1, 500},
			}
			if diff := cmp.Diff(wantLines, lines); diff != "" {
				t.Fatalf("delivery log (-want +got):\n%s", diff)
			}
			if log[5].DeliveryID != log[6].DeliveryID || log[6].DeliveryID != log[7].DeliveryID || log[5].DeliveryID != got[0].ID {
				t.Errorf("retries of one event keep its delivery id: %+v", log[5:])
			}

			// The secret is shown once: never listed, never logged.
			list, err := owner.Webhooks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(list)
			if len(list) != 1 || strings.Contains(string(raw), created.Secret) {
				t.Fatalf("list = %s", raw)
			}
			if strings.Contains(srv.Logs.String(), created.Secret) {
				t.Fatal("the webhook secret appears in the server log")
			}
			if strings.Contains(srv.Logs.String(), "token=abc") {
				t.Fatal("the endpoint's query appears in the server log")
			}
		})
	}
}

// TestWebhookRegistration covers the API's rules: validation, the
// private-address refusal, the per-user limit and owner-only access.
func TestWebhookRegistration(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	owner := signUp(t, srv, "hookowner")
	other := signUp(t, srv, "hookother")

	refused := []struct {
		name, url, code string
	}{
		{"loopback", "http://127.0.0.1:9000/in", "WebhookAddressException"},
		{"private", "http://10.0.0.1/in", "WebhookAddressException"},
		{"metadata", "http://169.254.169.254/latest/meta-data", "WebhookAddressException"},
		{"IPv6 loopback", "http://[::1]:9000/in", "WebhookAddressException"},
		{"localhost", "http://localhost/in", "WebhookAddressException"},
		{"ftp", "ftp://93.184.215.14/in", "InvalidParameterException"},
		{"userinfo", "https://u:p@93.184.215.14/in", "InvalidParameterException"},
		{"empty", "", "InvalidParameterException"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := owner.CreateWebhook(ctx, tc.url); !apptest.IsCode(err, 400, tc.code) {
				t.Fatalf("create %q: %v, want 400 %s", tc.url, err, tc.code)
			}
		})
	}

	var ids []string
	for i := range webhook.MaxPerUser {
		w, err := owner.CreateWebhook(ctx, fmt.Sprintf("https://93.184.215.14/hook/%d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w.ID)
	}
	if _, err := owner.CreateWebhook(ctx, "https://93.184.215.14/hook/extra"); !apptest.IsCode(err, 409, "WebhookLimitExceededException") {
		t.Fatalf("sixth webhook: %v", err)
	}

	access := []struct {
		name string
		do   func() error
	}{
		{"list", func() error {
			l, err := other.Webhooks(ctx)
			if err == nil && len(l) != 0 {
				return fmt.Errorf("another user lists %d webhooks", len(l))
			}
			return err
		}},
		{"deliveries", func() error { _, err := other.WebhookDeliveries(ctx, ids[0]); return err }},
		{"delete", func() error { return other.DeleteWebhook(ctx, ids[0]) }},
	}
	for _, tc := range access {
		t.Run("other user "+tc.name, func(t *testing.T) {
			err := tc.do()
			if tc.name == "list" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !apptest.IsCode(err, 404, "WebhookNotFoundException") {
				t.Fatalf("%s by another user: %v, want 404", tc.name, err)
			}
		})
	}
	anon := srv.Client()
	if _, err := anon.Webhooks(ctx); !apptest.IsCode(err, 401, "UnauthorizedException") {
		t.Fatalf("anonymous list: %v", err)
	}

	if err := owner.DeleteWebhook(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := owner.DeleteWebhook(ctx, ids[0]); !apptest.IsCode(err, 404, "WebhookNotFoundException") {
		t.Fatalf("second delete: %v", err)
	}
	list, err := owner.Webhooks(ctx)
	if err != nil || len(list) != webhook.MaxPerUser-1 {
		t.Fatalf("list after delete = %v, %v", list, err)
	}
}
