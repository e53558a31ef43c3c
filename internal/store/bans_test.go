package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/chat"
	"github.com/onair/onair/internal/store"
)

func TestChatBans(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, c, b := db.Accounts(), db.Channels(), db.Bans()
		for _, u := range []account.User{newUser("owner", "streamer", "s@example.com"), newUser("u1", "alice", "a@example.com"), newUser("u2", "bob_2", "b@example.com")} {
			if err := a.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		for _, ch := range []channel.Channel{
			{ID: "c1", UserID: "owner", PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0},
			{ID: "c2", UserID: "u2", PlaybackID: "p2", StreamKey: "sk_2", Type: "BASIC", CreatedAt: t0},
		} {
			if err := c.CreateChannel(ctx, ch); err != nil {
				t.Fatal(err)
			}
		}
		banned := func(ch channel.ID, u account.UserID) bool {
			t.Helper()
			ok, err := b.IsBanned(ctx, ch, u)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if banned("c1", "u1") {
			t.Fatal("banned before any ban")
		}
		if err := b.Ban(ctx, "c1", "u1", t0); err != nil {
			t.Fatal(err)
		}
		if err := b.Ban(ctx, "c1", "u2", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		// Banning again changes nothing (not even the time).
		if err := b.Ban(ctx, "c1", "u1", t0.Add(time.Hour)); err != nil {
			t.Fatalf("second ban: %v", err)
		}
		if !banned("c1", "u1") || banned("c2", "u1") {
			t.Fatal("a ban holds for its channel only")
		}
		list, err := b.Bans(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		want := []chat.Ban{
			{UserID: "u2", Username: "bob_2", Avatar: "bear", Color: "blue", BannedAt: t0.Add(time.Minute)},
			{UserID: "u1", Username: "alice", Avatar: "bear", Color: "blue", BannedAt: t0},
		}
		if diff := cmp.Diff(want, list); diff != "" {
			t.Fatalf("Bans (-want +got):\n%s", diff)
		}
		if err := b.Unban(ctx, "c1", "u1"); err != nil {
			t.Fatal(err)
		}
		if err := b.Unban(ctx, "c1", "u1"); err != nil {
			t.Fatalf("unban twice: %v", err)
		}
		if banned("c1", "u1") {
			t.Fatal("still banned after unban")
		}
		// Deleting the banned user's account deletes the ban.
		if err := a.DeleteUser(ctx, "u2"); err != nil {
			t.Fatal(err)
		}
		if list, err := b.Bans(ctx, "c1"); err != nil || len(list) != 0 {
			t.Fatalf("bans after the user was deleted = %v, %v", list, err)
		}
	})
}
