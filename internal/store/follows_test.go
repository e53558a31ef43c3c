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
	"github.com/onair/onair/internal/stage"
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
		f.channels.LiveChanged() // as the media events do once the session is stored
	}
	return ids
}

// stageUp opens a stage on each numbered channel, one second apart, as the
// stage service does (store, then tell the directory).
func (f listsFixture) stageUp(t *testing.T, nums ...int) {
	t.Helper()
	for _, n := range nums {
		*f.now = f.now.Add(time.Second)
		st := stage.Stage{ID: stage.ID(fmt.Sprintf("st-%02d", n)), ChannelID: channel.ID(fmt.Sprintf("c%02d", n)),
			HostUserID: account.UserID(fmt.Sprintf("u%02d", n)), CreatedAt: *f.now, HostSeenAt: *f.now}
		if _, _, err := f.db.Stages().CreateStage(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		f.channels.LiveChanged()
	}
}

// names lists the cards' usernames, "*" marking a stream and "+" a stage.
func names(cards []channel.Card) []string {
	out := make([]string, len(cards))
	for i, c := range cards {
		out[i] = c.Username
		if c.IsLive() {
			out[i] += "*"
		}
		if c.StageID != "" {
			out[i] += "+"
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
		f.channels.LiveChanged()
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

// TestDirectoryOpenSessions: a channel can hold several open sessions (a
// node that died before closing one, a restart racing the close); the
// directory lists it once, at its newest start, and still stops at 50.
func TestDirectoryOpenSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newListsFixture(t, db, 60)
		open := func(n int, id string, at time.Time) {
			t.Helper()
			s := health.Session{ID: health.SessionID(id), ChannelID: channel.ID(fmt.Sprintf("c%02d", n)), Node: "other",
				StartTime: at, StreamStarted: true, IsHealthy: true}
			if err := db.Sessions().CreateSession(ctx, s, nil); err != nil {
				t.Fatal(err)
			}
		}
		for n := range 60 {
			// Channel n's newest session starts at t0+n minutes; each has
			// an older open one, and channel 0 two sessions at the same
			// newest start.
			open(n, fmt.Sprintf("old-%02d", n), t0.Add(time.Duration(n)*time.Minute-time.Hour))
			open(n, fmt.Sprintf("new-%02d", n), t0.Add(time.Duration(n)*time.Minute))
		}
		open(0, "new-00b", t0)
		// A channel that is not streaming yet (no media) is not live.
		if err := db.Sessions().CreateSession(ctx, health.Session{ID: "unstarted", ChannelID: "c05", Node: "other",
			StartTime: t0.Add(2 * time.Hour)}, nil); err != nil {
			t.Fatal(err)
		}
		f.channels.LiveChanged()
		got, err := f.channels.Live(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(live(users(seq(59, 10)...)), names(got)); diff != "" {
			t.Errorf("live list (-want +got):\n%s", diff)
		}
		for _, c := range got {
			if n := c.ChannelID[1:]; c.LiveSince.IsZero() || !c.LiveSince.Equal(t0.Add(time.Duration(atoi(t, string(n)))*time.Minute)) {
				t.Errorf("%s live since %v, want its newest start", c.Username, c.LiveSince)
			}
		}

		// Below the cap, the oldest start is there once too.
		for n := 1; n < 60; n++ {
			for _, id := range []string{"old-%02d", "new-%02d"} {
				if err := db.Sessions().EndSession(ctx, health.SessionID(fmt.Sprintf(id, n)), t0.Add(3*time.Hour), nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		f.channels.LiveChanged()
		if got, err = f.channels.Live(ctx); err != nil || !cmp.Equal(names(got), live(users(0))) {
			t.Errorf("one channel with three open sessions: %v, %v", names(got), err)
		}
	})
}

// TestListsWithStages: a channel on a stage counts as live. The following
// list puts it among the live ones by stage start (a streaming channel by
// stream start), the directory after every streaming channel, newest stage
// first; a channel both streaming and on a stage is listed once, as
// streaming, with its stage.
func TestListsWithStages(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newListsFixture(t, db, 8)
		f.follow(t, 0, 1, 2, 3, 4, 5)
		f.goLive(t, 1)
		f.stageUp(t, 2, 6)
		f.goLive(t, 3, 7)
		f.stageUp(t, 3, 4)

		following, err := f.channels.Following(ctx, "viewer")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"user04+", "user03*+", "user02+", "user01*", "user05", "user00"}
		if diff := cmp.Diff(want, names(following)); diff != "" {
			t.Errorf("following list (-want +got):\n%s", diff)
		}
		dir, err := f.channels.Live(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want = []string{"user07*", "user03*+", "user01*", "user04+", "user06+", "user02+"}
		if diff := cmp.Diff(want, names(dir)); diff != "" {
			t.Errorf("directory (-want +got):\n%s", diff)
		}
		for _, c := range dir {
			if c.StageID != "" && c.StageID != "st-"+string(c.ChannelID[1:]) {
				t.Errorf("%s stage %q", c.Username, c.StageID)
			}
		}
	})
}

// TestDirectoryCache: the directory's answer is reused for ListCacheTTL
// unless LiveChanged drops it.
func TestDirectoryCache(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newListsFixture(t, db, 3)
		list := func() []string {
			t.Helper()
			got, err := f.channels.Live(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return names(got)
		}
		f.goLive(t, 0)
		if got := list(); !cmp.Equal(got, live(users(0))) {
			t.Fatalf("first read = %v", got)
		}
		// Stored without telling the directory, as another node would.
		if _, err := f.health.Start(ctx, "c01", f.now.Add(time.Millisecond), health.IngestConfiguration{}); err != nil {
			t.Fatal(err)
		}
		*f.now = f.now.Add(channel.ListCacheTTL - time.Millisecond)
		if got := list(); !cmp.Equal(got, live(users(0))) {
			t.Errorf("within the TTL = %v, want the cached answer", got)
		}
		*f.now = f.now.Add(time.Millisecond)
		if got := list(); !cmp.Equal(got, live(users(1, 0))) {
			t.Errorf("after the TTL = %v", got)
		}
		f.goLive(t, 2) // tells the directory
		if got := list(); !cmp.Equal(got, live(users(2, 1, 0))) {
			t.Errorf("after LiveChanged = %v", got)
		}

		// The following list: the user's own follows show at once.
		following := func() []string {
			t.Helper()
			got, err := f.channels.Following(ctx, "viewer")
			if err != nil {
				t.Fatal(err)
			}
			return names(got)
		}
		if got := following(); len(got) != 0 {
			t.Fatalf("following nothing = %v", got)
		}
		if _, err := f.channels.Follow(ctx, "viewer", "user00"); err != nil {
			t.Fatal(err)
		}
		if got := following(); !cmp.Equal(got, live(users(0))) {
			t.Errorf("after a follow = %v", got)
		}
		if _, err := db.Channels().Follow(ctx, "viewer", "c01", *f.now); err != nil { // as another node would
			t.Fatal(err)
		}
		if got := following(); !cmp.Equal(got, live(users(0))) {
			t.Errorf("within the TTL = %v, want the cached answer", got)
		}
		if err := f.channels.Unfollow(ctx, "viewer", "user00"); err != nil {
			t.Fatal(err)
		}
		if got := following(); !cmp.Equal(got, live(users(1))) {
			t.Errorf("after an unfollow = %v", got)
		}
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
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
