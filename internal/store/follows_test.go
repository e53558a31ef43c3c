package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/store"
)

// listsFixture is a viewer and n channels on one database, with services
// whose clock reads *now.
type listsFixture struct {
	db       *store.DB
	channels *channel.Service
	health   *health.Service
	now      *time.Time
}

func newListsFixture(t *testing.T, db *store.DB, n int) listsFixture {
	t.Helper()
	ctx := context.Background()
	now := t0
	clock := func() time.Time { return now }
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	f := listsFixture{db: db, now: &now,
		channels: channel.New(channel.Config{BaseURL: "http://onair.test"}, channel.Deps{Repo: db.Channels(), Log: discard, Now: clock}),
		health:   health.New(health.Config{}, health.Deps{Repo: db.Sessions(), Log: discard, Now: clock}),
	}
	if err := db.Accounts().CreateUser(ctx, newUser("viewer", "viewer", "viewer@example.com")); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("%02d", i)
		if err := db.Accounts().CreateUser(ctx, newUser("u"+id, "user"+id, id+"@example.com")); err != nil {
			t.Fatal(err)
		}
		c := channel.Channel{ID: channel.ID("c" + id), UserID: account.UserID("u" + id), PlaybackID: "p" + id, StreamKey: "sk_" + id, Type: "BASIC", CreatedAt: t0}
		if err := db.Channels().CreateChannel(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// follow makes the viewer follow the numbered channels, one second apart.
func (f listsFixture) follow(t *testing.T, nums ...int) {
	t.Helper()
	for _, n := range nums {
		*f.now = f.now.Add(time.Second)
		if _, err := f.channels.Follow(context.Background(), "viewer", fmt.Sprintf("user%02d", n)); err != nil {
			t.Fatal(err)
		}
	}
}

// goLive starts a stream on the numbered channels, one second apart.
func (f listsFixture) goLive(t *testing.T, nums ...int) map[int]health.SessionID {
	t.Helper()
	ids := map[int]health.SessionID{}
	for _, n := range nums {
		*f.now = f.now.Add(time.Second)
		s, err := f.health.Start(context.Background(), channel.ID(fmt.Sprintf("c%02d", n)), *f.now, health.IngestConfiguration{})
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = s.ID
	}
	return ids
}

func names(cards []channel.Card) []string {
	out := make([]string, len(cards))
	for i, c := range cards {
		out[i] = c.Username
		if c.IsLive() {
			out[i] += "*"
		}
	}
	return out
}

func users(nums ...int) []string {
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = fmt.Sprintf("user%02d", n)
	}
	return out
}

func live(names []string) []string {
	for i := range names {
		names[i] += "*"
	}
	return names
}

func seq(from, to int) []int { // inclusive, either direction
	var out []int
	for i := from; ; {
		out = append(out, i)
		if i == to {
			return out
		}
		if from < to {
			i++
		} else {
			i--
		}
	}
}

// TestFollowingListOrderAndCap covers spec 13.2 "following list ordering and
// 50 cap": live followed channels newest start first, then offline ones by
// follow recency, 50 in all.
func TestFollowingListOrderAndCap(t *testing.T) {
	tests := []struct {
		name   string
		follow []int // in follow order
		live   []int // in start order
		want   []string
	}{
		{"nothing followed", nil, nil, []string{}},
		{"offline only: most recently followed first", []int{3, 1, 2}, nil, users(2, 1, 3)},
		{"live first by start, then offline by follow", []int{1, 2, 3, 4}, []int{3, 1}, append(live(users(1, 3)), users(4, 2)...)},
		{"a live channel not followed is not listed", []int{1}, []int{2}, users(1)},
		{"0 live -> 50 offline", seq(0, 59), nil, users(seq(59, 10)...)},
		{"live < 50 and many offline -> filled to 50", seq(0, 59), seq(0, 9), append(live(users(seq(9, 0)...)), users(seq(59, 20)...)...)},
		{">= 50 live -> 0 offline", seq(0, 59), seq(0, 54), live(users(seq(54, 5)...))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, db *store.DB) {
				f := newListsFixture(t, db, 60)
				f.follow(t, tc.follow...)
				f.goLive(t, tc.live...)
				got, err := f.channels.Following(context.Background(), "viewer")
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, names(got)); diff != "" {
					t.Errorf("following list (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestDirectoryLiveList(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newListsFixture(t, db, 60)
		check := func(step string, want []string) {
			t.Helper()
			got, err := f.channels.Live(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, names(got)); diff != "" {
				t.Errorf("%s: live list (-want +got):\n%s", step, diff)
			}
		}
		check("nobody live", []string{})
		sessions := f.goLive(t, 4, 2, 7)
		check("newest start first", live(users(7, 2, 4)))

		*f.now = f.now.Add(time.Second)
		if err := f.health.End(ctx, sessions[2], *f.now); err != nil {
			t.Fatal(err)
		}
		check("an ended stream leaves", live(users(7, 4)))
		f.goLive(t, 2, 4) // a channel that restarts moves to the front, once
		check("restarted", live(users(4, 2, 7)))

		f.goLive(t, seq(10, 59)...)
		got, err := f.channels.Live(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(live(users(seq(59, 10)...)), names(got)); diff != "" {
			t.Errorf("capped at 50 (-want +got):\n%s", diff)
		}
	})
}

func TestFollowRules(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newListsFixture(t, db, 2)
		svc := f.channels
		if added, err := svc.Follow(ctx, "viewer", "USER00"); err != nil || !added {
			t.Fatalf("first follow = %v, %v", added, err)
		}
		if added, err := svc.Follow(ctx, "viewer", "user00"); err != nil || added {
			t.Fatalf("second follow = %v, %v (want not added, no error)", added, err)
		}
		if ok, _ := svc.IsFollowing(ctx, "viewer", "c00"); !ok {
			t.Error("not following after follow")
		}
		for name, tc := range map[string]struct {
			user     account.UserID
			username string
			code     string
		}{
			"self":    {"u01", "user01", "UnexpectedException"},
			"missing": {"viewer", "", "BadRequestException"},
			"unknown": {"viewer", "nobody", "UserNotFoundException"},
		} {
			if _, err := svc.Follow(ctx, tc.user, tc.username); !hasCode(err, tc.code) {
				t.Errorf("%s: follow error = %v, want %s", name, err, tc.code)
			}
		}
		if err := svc.Unfollow(ctx, "viewer", "user00"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Unfollow(ctx, "viewer", "user00"); err != nil {
			t.Fatalf("unfollow twice: %v", err)
		}
		if ok, _ := svc.IsFollowing(ctx, "viewer", "c00"); ok {
			t.Error("still following after unfollow")
		}
		// A deleted channel leaves following lists silently.
		f.follow(t, 0, 1)
		if err := db.Accounts().DeleteUser(ctx, "u00"); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Following(ctx, "viewer")
		if err != nil || !cmp.Equal(names(got), users(1)) {
			t.Errorf("after deleting user00: %v, %v", names(got), err)
		}
	})
}

func hasCode(err error, code string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Code == code
}
