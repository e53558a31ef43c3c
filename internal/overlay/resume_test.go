package overlay_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/overlay"
	"github.com/onair/onair/internal/store"
	"github.com/onair/onair/internal/testclock"
)

// wait bounds how long a test waits for the service to act.
const wait = 10 * time.Second

var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// feed is a node's realtime publications, in order. Publishing never
// blocks, so a service stopped mid-job still delivers what it sent.
type feed chan any

func newFeed() feed { return make(feed, 64) }

func (f feed) PublishChannelEvent(_ context.Context, _ string, event any) error {
	select {
	case f <- event:
		return nil
	default:
		return errors.New("test feed full")
	}
}

func (f feed) next(t *testing.T) any {
	t.Helper()
	select {
	case e := <-f:
		return e
	case <-time.After(wait):
		t.Fatal("nothing published")
		return nil
	}
}

// channels adapts the store's channel repository to what overlay asks.
type channels struct{ *store.Channels }

func (c channels) ForUser(ctx context.Context, u account.UserID) (channel.Channel, error) {
	return c.ChannelByUser(ctx, u)
}

func (c channels) ByID(ctx context.Context, id channel.ID) (channel.Channel, error) {
	return c.ChannelByID(ctx, id)
}

// live: the channel is live in the same session throughout (the media
// engine is out of this test).
type live struct{}

func (live) LiveSession(context.Context, channel.ID) (string, bool, error) { return "st-1", false, nil }

// env is one database with a streamer's channel and a viewer: what
// survives a node's restart.
type env struct {
	db     *store.DB
	clock  *testclock.Clock
	owner  account.UserID
	viewer account.UserID
	ch     channel.ID
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, clock: testclock.New(t0), owner: "owner", viewer: "viewer", ch: "c1"}
	for _, u := range []account.User{
		{ID: e.owner, Username: "streamer", Email: "s@example.com", Avatar: "bear", Color: "blue", PasswordHash: "h", CreatedAt: t0},
		{ID: e.viewer, Username: "alice", Email: "a@example.com", Avatar: "bear", Color: "blue", PasswordHash: "h", CreatedAt: t0},
	} {
		if err := db.Accounts().CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Channels().CreateChannel(ctx, channel.Channel{ID: e.ch, UserID: e.owner, PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	return e
}

// node is a service over the env's database, as one process runs it.
func (e *env) node(repo overlay.Repo, rt overlay.Realtime) *overlay.Service {
	return overlay.New(overlay.Config{}, overlay.Deps{Repo: repo, Channels: channels{e.db.Channels()}, Live: live{}, Bans: e.db.Bans(),
		Realtime: rt, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: e.clock.Now})
}

// run starts s.Run; the returned stop ends it and waits for it.
func run(t *testing.T, s *overlay.Service) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// startPoll has a node that then goes away send a 10 s poll at t0 that
// the viewer votes in, stopped by the streamer at stopAt when that is set.
func (e *env) startPoll(t *testing.T, stopAt time.Duration) overlay.Action {
	t.Helper()
	ctx := context.Background()
	gone := e.node(e.db.StreamActions(), newFeed())
	e.clock.Set(t0)
	a, err := gone.Send(ctx, e.owner, overlay.PollAction, json.RawMessage(`{"question":"Q?","answers":["yes","no"],"duration":10}`))
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(t0.Add(time.Second))
	if _, err := gone.Vote(ctx, e.viewer, e.ch, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	if stopAt > 0 {
		e.clock.Set(t0.Add(stopAt))
		if err := gone.Stop(ctx, e.owner); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func wantFinalTally(t *testing.T, event any, a overlay.Action) {
	t.Helper()
	e, ok := event.(overlay.PollVotesEvent)
	if !ok || e.Poll.ID != a.ID || !e.Poll.Ended || e.Poll.TotalVotes != 1 || e.Poll.Options[0].Count != 1 || !e.Poll.EndTime.Equal(t0.Add(10*time.Second)) {
		t.Fatalf("published %+v, want the poll's final tally", event)
	}
}

func wantCleared(t *testing.T, event any, at time.Time) {
	t.Helper()
	e, ok := event.(overlay.StreamActionEvent)
	if !ok || e.Action != nil || !e.Time.Equal(at) {
		t.Fatalf("published %+v, want the action cleared at %v", event, at)
	}
}

// TestRunResumesPolls: a node that starts takes up the polls in the
// database, so a restart (or a crash) while a poll runs or shows its
// results neither loses the final tally nor leaves the results up.
func TestRunResumesPolls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		stopAt    time.Duration // the streamer stopped the poll before the restart
		restartAt time.Duration
		endAt     time.Duration // the clock then moves past the poll's end
		wantFinal bool          // the restarted node publishes the final tally
		clearAt   time.Duration // the clock then moves to the results' end
	}{
		{name: "restart while running", restartAt: 5 * time.Second, endAt: 11 * time.Second, wantFinal: true, clearAt: 20 * time.Second},
		{name: "restart after the end, before it was handled", restartAt: 12 * time.Second, wantFinal: true, clearAt: 20 * time.Second},
		{name: "restart after the end and the results", restartAt: time.Minute, wantFinal: true, clearAt: time.Minute},
		{name: "restart while the results of a stopped poll show", stopAt: 3 * time.Second, restartAt: 5 * time.Second, clearAt: 13 * time.Second},
		{name: "restart after a stopped poll's results", stopAt: 3 * time.Second, restartAt: time.Minute, clearAt: time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := newEnv(t)
			a := e.startPoll(t, tc.stopAt)

			e.clock.Set(t0.Add(tc.restartAt))
			repo, pub := e.db.StreamActions(), newFeed()
			run(t, e.node(repo, pub))
			if tc.endAt > 0 {
				e.clock.Set(t0.Add(tc.endAt))
			}
			if tc.wantFinal {
				wantFinalTally(t, pub.next(t), a)
			}
			if tc.clearAt > tc.restartAt && tc.clearAt > tc.endAt {
				if r, err := repo.Active(ctx, e.ch); err != nil || r.ID != a.ID {
					t.Fatalf("results before their end: %+v, %v", r, err)
				}
				e.clock.Set(t0.Add(tc.clearAt))
			}
			wantCleared(t, pub.next(t), t0.Add(tc.clearAt))
			if _, err := repo.Active(ctx, e.ch); !errors.Is(err, overlay.ErrNoAction) {
				t.Fatalf("active after the results: %v", err)
			}
		})
	}
}

// countingRepo tells each call of the methods that matter here, once done.
type countingRepo struct {
	overlay.Repo
	calls chan string
}

func (r countingRepo) RunningPolls(ctx context.Context) ([]overlay.PollRecord, error) {
	defer func() { r.calls <- "RunningPolls" }()
	return r.Repo.RunningPolls(ctx)
}

func (r countingRepo) EndPoll(ctx context.Context, id string, at time.Time) (bool, error) {
	defer func() { r.calls <- "EndPoll" }()
	return r.Repo.EndPoll(ctx, id, at)
}

func (r countingRepo) DeleteActive(ctx context.Context, ch channel.ID, id string) (bool, error) {
	defer func() { r.calls <- "DeleteActive" }()
	return r.Repo.DeleteActive(ctx, ch, id)
}

// await counts calls until there are at least want of each.
func (r countingRepo) await(t *testing.T, got, want map[string]int) {
	t.Helper()
	for n := range want {
		for got[n] < want[n] {
			select {
			case c := <-r.calls:
				got[c]++
			case <-time.After(wait):
				t.Fatalf("repository calls %v, want %v", got, want)
			}
		}
	}
}

// TestRunResumesPollsOnEveryNode: nodes sharing a database all take up
// the same polls when they start; viewers still get one final tally and
// one clearing.
func TestRunResumesPollsOnEveryNode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		stopAt time.Duration
		calls  map[string]int // the nodes' calls once both loaded the poll
	}{
		// Both end it: one does, and only it clears it.
		{name: "running poll", calls: map[string]int{"EndPoll": 2, "DeleteActive": 1}},
		{name: "stopped poll", stopAt: 3 * time.Second, calls: map[string]int{"DeleteActive": 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			a := e.startPoll(t, tc.stopAt)

			// Both nodes load the poll before anything is due, so both have
			// its jobs; then the clock moves past the poll and its results.
			e.clock.Set(t0.Add(5 * time.Second))
			repo, pub := countingRepo{Repo: e.db.StreamActions(), calls: make(chan string, 16)}, newFeed()
			stops := []func(){run(t, e.node(repo, pub)), run(t, e.node(repo, pub))}
			got := map[string]int{}
			repo.await(t, got, map[string]int{"RunningPolls": 2})
			if len(got) != 1 {
				t.Fatalf("repository calls %v before anything was due", got)
			}
			delete(got, "RunningPolls")
			e.clock.Set(t0.Add(time.Minute))
			repo.await(t, got, tc.calls)
			for _, stop := range stops {
				stop() // every publication of the calls counted is out
			}
			close(repo.calls)
			for c := range repo.calls {
				got[c]++
			}
			if len(got) != len(tc.calls) || got["EndPoll"] != tc.calls["EndPoll"] || got["DeleteActive"] != tc.calls["DeleteActive"] {
				t.Fatalf("repository calls %v, want %v", got, tc.calls)
			}
			if tc.stopAt == 0 {
				wantFinalTally(t, pub.next(t), a)
			}
			wantCleared(t, pub.next(t), t0.Add(time.Minute))
			if len(pub) != 0 {
				t.Fatalf("%d more publications: %+v", len(pub), <-pub)
			}
		})
	}
}
