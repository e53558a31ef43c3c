package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/store"
	"github.com/onair/onair/internal/webhook"
)

func TestWebhooks(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, c, r := db.Accounts(), db.Channels(), db.Webhooks()
		for _, u := range []account.User{newUser("owner", "streamer", "s@example.com"), newUser("u2", "bob_2", "b@example.com")} {
			if err := a.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.CreateChannel(ctx, channel.Channel{ID: "c1", UserID: "owner", PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
		w1 := webhook.Webhook{ID: "wh-1", UserID: "owner", URL: "https://example.com/a", Secret: "s1", CreatedAt: t0}
		w2 := webhook.Webhook{ID: "wh-2", UserID: "owner", URL: "https://example.com/b", Secret: "s2", CreatedAt: t0.Add(time.Second)}
		w3 := webhook.Webhook{ID: "wh-3", UserID: "u2", URL: "https://example.com/c", Secret: "s3", CreatedAt: t0}
		for _, w := range []webhook.Webhook{w2, w1, w3} {
			if err := r.CreateWebhook(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		list, err := r.Webhooks(ctx, "owner")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]webhook.Webhook{w1, w2}, list); diff != "" {
			t.Fatalf("Webhooks (-want +got):\n%s", diff)
		}
		byChannel, err := r.ChannelWebhooks(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]webhook.Webhook{w1, w2}, byChannel); diff != "" {
			t.Fatalf("ChannelWebhooks (-want +got):\n%s", diff)
		}

		var want []webhook.Attempt
		for i := 1; i <= 3; i++ {
			at := webhook.Attempt{WebhookID: "wh-1", DeliveryID: "d1", Event: "Stream Start", Attempt: i, StatusCode: 500, Time: t0.Add(time.Duration(i) * time.Millisecond)}
			if i == 2 {
				at.StatusCode, at.Error = 0, "timeout"
			}
			if err := r.AddAttempt(ctx, at); err != nil {
				t.Fatal(err)
			}
			want = append([]webhook.Attempt{at}, want...)
		}
		got, err := r.Attempts(ctx, "owner", "wh-1", 100)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Attempts (-want +got):\n%s", diff)
		}
		if got, err := r.Attempts(ctx, "owner", "wh-1", 2); err != nil || len(got) != 2 || got[0].Attempt != 3 {
			t.Fatalf("Attempts limit 2 = %v, %v", got, err)
		}

		// Another user's endpoint is not found, for listing the log or deleting.
		if _, err := r.Attempts(ctx, "u2", "wh-1", 100); !errors.Is(err, webhook.ErrNotFound) {
			t.Fatalf("Attempts by another user: %v", err)
		}
		if err := r.DeleteWebhook(ctx, "u2", "wh-1"); !errors.Is(err, webhook.ErrNotFound) {
			t.Fatalf("DeleteWebhook by another user: %v", err)
		}
		if err := r.DeleteWebhook(ctx, "owner", "wh-1"); err != nil {
			t.Fatal(err)
		}
		if err := r.DeleteWebhook(ctx, "owner", "wh-1"); !errors.Is(err, webhook.ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
		// A late attempt of a deleted endpoint is dropped quietly.
		if err := r.AddAttempt(ctx, webhook.Attempt{WebhookID: "wh-1", DeliveryID: "d2", Event: "Stream End", Attempt: 1, Time: t0}); err != nil {
			t.Fatalf("attempt of a deleted webhook: %v", err)
		}
		// Deleting the user deletes their endpoints.
		if err := a.DeleteUser(ctx, "u2"); err != nil {
			t.Fatal(err)
		}
		if list, err := r.Webhooks(ctx, "u2"); err != nil || len(list) != 0 {
			t.Fatalf("webhooks of a deleted user = %v, %v", list, err)
		}
	})
}

func TestWebhookLogIsPruned(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Accounts().CreateUser(ctx, newUser("owner", "streamer", "s@example.com")); err != nil {
			t.Fatal(err)
		}
		r := db.Webhooks()
		if err := r.CreateWebhook(ctx, webhook.Webhook{ID: "wh-1", UserID: "owner", URL: "https://example.com", Secret: "s", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
		for i := range 510 {
			if err := r.AddAttempt(ctx, webhook.Attempt{WebhookID: "wh-1", DeliveryID: fmt.Sprint("d", i), Event: "Stream Start", Attempt: 1, StatusCode: 200, Time: t0}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := r.Attempts(ctx, "owner", "wh-1", 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 500 || got[0].DeliveryID != "d509" || got[499].DeliveryID != "d10" {
			t.Fatalf("log kept %d entries, newest %s, oldest %s", len(got), got[0].DeliveryID, got[len(got)-1].DeliveryID)
		}
	})
}
