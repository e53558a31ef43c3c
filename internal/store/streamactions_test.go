package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/overlay"
	"github.com/onair/onair/internal/store"
)

func TestStreamActions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, c, r := db.Accounts(), db.Channels(), db.StreamActions()
		for _, u := range []account.User{newUser("owner", "streamer", "s@example.com"), newUser("v1", "alice", "a@example.com")} {
			if err := a.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.CreateChannel(ctx, channel.Channel{ID: "c1", UserID: "owner", PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}

		if _, err := r.Active(ctx, "c1"); !errors.Is(err, overlay.ErrNoAction) {
			t.Fatalf("Active with none = %v", err)
		}
		notice := overlay.Record{ChannelID: "c1", ID: "a1", Name: "notice", Data: json.RawMessage(`{"title":"t"}`), SessionID: "st-1",
			StartTime: t0, Expiry: t0.Add(15 * time.Second)}
		if err := r.PutActive(ctx, notice, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := r.Active(ctx, "c1"); err != nil || !cmp.Equal(got, notice) {
			t.Fatalf("Active = %+v, %v; want %+v", got, err, notice)
		}

		// A poll replaces it; the poll row comes with it.
		poll := overlay.PollRecord{ID: "a2", ChannelID: "c1", Question: "Q?", Options: []string{"yes", "no"}, Duration: 10,
			StartTime: t0, EndTime: t0.Add(10 * time.Second)}
		active := overlay.Record{ChannelID: "c1", ID: "a2", Name: "poll", Data: json.RawMessage(`{}`), SessionID: "st-1", StartTime: t0, Expiry: poll.EndTime}
		if err := r.PutActive(ctx, active, &poll); err != nil {
			t.Fatal(err)
		}
		if got, _ := r.Active(ctx, "c1"); got.ID != "a2" {
			t.Fatalf("after replace: %+v", got)
		}
		if got, err := r.Poll(ctx, "a2"); err != nil || !cmp.Equal(got, poll) {
			t.Fatalf("Poll = %+v, %v", got, err)
		}
		if _, err := r.Poll(ctx, "nope"); !errors.Is(err, overlay.ErrPollNotFound) {
			t.Fatalf("unknown poll = %v", err)
		}

		// One vote per user, whoever races.
		var wg sync.WaitGroup
		results := make(chan error, 8)
		for i := range 8 {
			wg.Go(func() { results <- r.Vote(ctx, "a2", "v1", i%2, t0.Add(time.Second)) })
		}
		wg.Wait()
		close(results)
		var ok, dup int
		for err := range results {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, overlay.ErrAlreadyVoted):
				dup++
			default:
				t.Errorf("concurrent vote: %v", err)
			}
		}
		if ok != 1 || dup != 7 {
			t.Errorf("concurrent votes: %d accepted, %d duplicates; want 1 and 7", ok, dup)
		}
		if err := r.Vote(ctx, "a2", "owner", 1, t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		counts, err := r.Counts(ctx, "a2")
		if err != nil || counts[0]+counts[1] != 2 {
			t.Fatalf("Counts = %v, %v", counts, err)
		}
		if option, voted, err := r.VoteOf(ctx, "a2", "owner"); err != nil || !voted || option != 1 {
			t.Fatalf("VoteOf(owner) = %d, %v, %v", option, voted, err)
		}
		if _, voted, err := r.VoteOf(ctx, "a2", "nobody"); err != nil || voted {
			t.Fatalf("VoteOf(nobody) = %v, %v", voted, err)
		}

		// Ending: once, and not after its planned end.
		if ended, err := r.EndPoll(ctx, "a2", t0.Add(11*time.Second)); err != nil || ended {
			t.Fatalf("EndPoll after the planned end = %v, %v", ended, err)
		}
		if ended, err := r.EndPoll(ctx, "a2", t0.Add(4*time.Second)); err != nil || !ended {
			t.Fatalf("EndPoll = %v, %v", ended, err)
		}
		if ended, err := r.EndPoll(ctx, "a2", t0.Add(5*time.Second)); err != nil || ended {
			t.Fatalf("EndPoll again = %v, %v", ended, err)
		}
		if p, _ := r.Poll(ctx, "a2"); !p.EndedAt.Equal(t0.Add(4*time.Second)) || !p.End().Equal(p.EndedAt) {
			t.Fatalf("ended poll = %+v", p)
		}
		a.CreateUser(ctx, newUser("v2", "bob_2", "b@example.com"))
		if err := r.Vote(ctx, "a2", "v2", 0, t0.Add(5*time.Second)); !errors.Is(err, overlay.ErrPollClosed) {
			t.Fatalf("vote after the end = %v", err)
		}

		// Deleting only the action named.
		if deleted, err := r.DeleteActive(ctx, "c1", "a1"); err != nil || deleted {
			t.Fatalf("DeleteActive(old id) = %v, %v", deleted, err)
		}
		if deleted, err := r.DeleteActive(ctx, "c1", "a2"); err != nil || !deleted {
			t.Fatalf("DeleteActive = %v, %v", deleted, err)
		}
		if _, err := r.Active(ctx, "c1"); !errors.Is(err, overlay.ErrNoAction) {
			t.Fatalf("Active after delete = %v", err)
		}

		// Forms: one per user and name, last save wins.
		for i, name := range []string{"quiz", "poll", "quiz"} {
			if err := r.SaveForm(ctx, "owner", name, json.RawMessage(fmt.Sprintf(`{"n":%d}`, i)), t0); err != nil {
				t.Fatal(err)
			}
		}
		forms, err := r.Forms(ctx, "owner")
		want := map[string]json.RawMessage{"quiz": json.RawMessage(`{"n":2}`), "poll": json.RawMessage(`{"n":1}`)}
		if err != nil || !cmp.Equal(forms, want) {
			t.Fatalf("Forms = %s, %v", forms, err)
		}
		if forms, err := r.Forms(ctx, "v1"); err != nil || len(forms) != 0 {
			t.Fatalf("Forms of another user = %v, %v", forms, err)
		}

		// Deleting the account takes its channel's actions, polls, votes and forms.
		if err := a.DeleteUser(ctx, "owner"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Poll(ctx, "a2"); !errors.Is(err, overlay.ErrPollNotFound) {
			t.Fatalf("poll after the owner's deletion = %v", err)
		}
		if forms, _ := r.Forms(ctx, "owner"); len(forms) != 0 {
			t.Fatalf("forms after deletion = %v", forms)
		}
	})
}

func TestRunningPolls(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r := db.StreamActions()
		tests := []struct {
			name   string
			action string // what the channel's action is
			ended  bool   // the poll ended (stopped, or its time handled)
			then   string // then "replaced" by a notice, or "cleared"
			want   bool
		}{
			{name: "running poll", action: overlay.PollAction, want: true},
			{name: "ended poll showing its results", action: overlay.PollAction, ended: true, want: true},
			{name: "poll replaced by a notice", action: overlay.PollAction, ended: true, then: "replaced"},
			{name: "poll cleared", action: overlay.PollAction, ended: true, then: "cleared"},
			{name: "running poll cleared with its stream", action: overlay.PollAction, then: "cleared"},
			{name: "notice", action: overlay.Notice},
		}
		var want []overlay.PollRecord
		for i, tc := range tests {
			owner := account.UserID(fmt.Sprintf("owner%d", i))
			ch := channel.ID(fmt.Sprintf("c%d", i))
			if err := db.Accounts().CreateUser(ctx, newUser(string(owner), fmt.Sprintf("streamer%d", i), fmt.Sprintf("s%d@example.com", i))); err != nil {
				t.Fatal(err)
			}
			if err := db.Channels().CreateChannel(ctx, channel.Channel{ID: ch, UserID: owner, PlaybackID: fmt.Sprintf("p%d", i),
				StreamKey: fmt.Sprintf("sk_%d", i), Type: "BASIC", CreatedAt: t0}); err != nil {
				t.Fatal(err)
			}
			id := fmt.Sprintf("a%d", i)
			rec := overlay.Record{ChannelID: ch, ID: id, Name: tc.action, Data: json.RawMessage(`{}`), SessionID: "st-1",
				StartTime: t0, Expiry: t0.Add(10 * time.Second)}
			var poll *overlay.PollRecord
			if tc.action == overlay.PollAction {
				poll = &overlay.PollRecord{ID: id, ChannelID: ch, Question: tc.name, Options: []string{"yes", "no"}, Duration: 10,
					StartTime: t0, EndTime: rec.Expiry}
			}
			if err := r.PutActive(ctx, rec, poll); err != nil {
				t.Fatal(err)
			}
			if tc.ended {
				if ended, err := r.EndPoll(ctx, id, t0.Add(4*time.Second)); err != nil || !ended {
					t.Fatalf("%s: EndPoll = %v, %v", tc.name, ended, err)
				}
				poll.EndedAt = t0.Add(4 * time.Second)
			}
			switch tc.then {
			case "replaced":
				notice := overlay.Record{ChannelID: ch, ID: id + "-next", Name: overlay.Notice, Data: json.RawMessage(`{}`), SessionID: "st-1", StartTime: t0}
				if err := r.PutActive(ctx, notice, nil); err != nil {
					t.Fatal(err)
				}
			case "cleared":
				if deleted, err := r.DeleteActive(ctx, ch, id); err != nil || !deleted {
					t.Fatalf("%s: DeleteActive = %v, %v", tc.name, deleted, err)
				}
			}
			if tc.want {
				want = append(want, *poll)
			}
		}
		got, err := r.RunningPolls(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("RunningPolls (-want +got):\n%s", diff)
		}
	})
}
