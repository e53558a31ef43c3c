package httpapi_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/realtime"
)

// nextTally waits for a pollVotes publication for which ok holds; tallies
// in between (the pacing may repeat the latest state) are skipped.
func nextTally(t *testing.T, feed *apptest.Feed, ok func(*api.Poll) bool) *api.Poll {
	t.Helper()
	deadline := time.Now().Add(apptest.Wait)
	for time.Now().Before(deadline) {
		if e := nextEvent(t, feed, "pollVotes"); ok(e.Poll) {
			return e.Poll
		}
	}
	t.Fatal("no such tally published")
	return nil
}

// TestPolls: the server tallies polls. Nobody opens a realtime connection
// as the streamer: counting needs no streamer page. An anonymous viewer
// watches the channel's events.
func TestPolls(t *testing.T) {
	t.Parallel()
	for _, db := range testDatabases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			clock := &testClock{}
			srv := actionServer(t, db.url, clock, nil)
			owner := signUp(t, srv, "streamer")
			banned, late, later := signUp(t, srv, "banned"), signUp(t, srv, "late"), signUp(t, srv, "later")
			voters := make([]user, 50)
			for i := range voters {
				voters[i] = signUp(t, srv, fmt.Sprintf("voter%02d", i))
			}
			if err := owner.Ban(ctx, owner.me.ChannelID, banned.me.ID); err != nil {
				t.Fatal(err)
			}
			feed := srv.Realtime(t, nil).Subscribe(realtime.ChannelEvents(owner.me.ChannelID))
			feed.Subscribed()
			goLive(t, srv, clock, owner)
			ch := owner.me.ChannelID

			a, err := owner.SendStreamAction(ctx, "poll", pollData(func(d obj) {
				d["question"], d["answers"], d["duration"] = "Best snack?", []string{"Chips", "Fruit", "Nuts"}, 10
			}))
			if err != nil {
				t.Fatal(err)
			}
			p := a.Poll
			if p == nil || p.ID != a.ID || p.Question != "Best snack?" || len(p.Options) != 3 || p.TotalVotes != 0 || p.Ended || p.MyVote != nil ||
				p.Duration != 10 || !p.StartTime.Equal(a.StartTime) || !p.EndTime.Equal(a.StartTime.Add(10*time.Second)) || !a.Expiry.Equal(p.EndTime) {
				t.Fatalf("started poll: %+v, %+v", a, p)
			}
			if e := nextEvent(t, feed, "streamAction"); e.Action == nil || e.Action.Poll == nil || e.Action.ID != a.ID {
				t.Fatalf("published %+v", e.Action)
			}

			// 50 voters at once, each through the API.
			start := time.Now()
			var wg sync.WaitGroup
			for i, v := range voters {
				wg.Go(func() {
					got, err := v.Vote(ctx, ch, a.ID, i%3)
					if err != nil {
						t.Errorf("voter %d: %v", i, err)
						return
					}
					if got.MyVote == nil || *got.MyVote != i%3 || got.TotalVotes < 1 || got.Ended {
						t.Errorf("voter %d sees %+v", i, got)
					}
				})
			}
			wg.Wait()
			counts := func(p *api.Poll) [3]int {
				return [3]int{p.Options[0].Count, p.Options[1].Count, p.Options[2].Count}
			}
			own, err := owner.ActiveStreamAction(ctx)
			if err != nil || own == nil || own.Poll == nil || counts(own.Poll) != [3]int{17, 17, 16} || own.Poll.TotalVotes != 50 {
				t.Fatalf("tally after 50 votes: %+v, %v", own, err)
			}
			// The tally reaches viewers, paced: the last publication has every
			// vote, and there are not more than one per 200 ms (plus the first).
			var published int
			for {
				e := nextEvent(t, feed, "pollVotes")
				published++
				if e.Poll.ID != a.ID || e.Poll.MyVote != nil || e.Poll.Ended {
					t.Fatalf("published tally %+v", e.Poll)
				}
				if e.Poll.TotalVotes == 50 {
					if counts(e.Poll) != [3]int{17, 17, 16} {
						t.Fatalf("published counts %v", counts(e.Poll))
					}
					break
				}
			}
			if limit := int(time.Since(start)/(200*time.Millisecond)) + 2; published > limit {
				t.Errorf("%d tally publications in %v", published, time.Since(start))
			}
			t.Logf("50 concurrent votes: %d tally publications in %v", published, time.Since(start).Round(time.Millisecond))

			// Who may vote, and how.
			wantVote := func(name string, c *apiclient.Client, channelID, pollID string, option int, status int, code, msg string) {
				t.Helper()
				_, err := c.Vote(ctx, channelID, pollID, option)
				wantErr(t, name, err, status, code)
				if e := (*apiclient.Error)(nil); msg != "" && asErr(err, &e) && e.Message != msg {
					t.Errorf("%s: message %q, want %q", name, e.Message, msg)
				}
			}
			wantVote("second vote", voters[0].Client, ch, a.ID, 1, 409, "PollAlreadyVotedException", "You have already voted.")
			wantVote("owner", owner.Client, ch, a.ID, 0, 403, "ForbiddenException", "")
			wantVote("banned", banned.Client, ch, a.ID, 0, 403, "ChatBannedException", "")
			wantVote("signed out", srv.Client(), ch, a.ID, 0, 401, "UnauthorizedException", "")
			wantVote("option past the end", late.Client, ch, a.ID, 3, 400, "InvalidParameterException", "")
			wantVote("negative option", late.Client, ch, a.ID, -1, 400, "InvalidParameterException", "")
			wantVote("unknown poll", late.Client, ch, "nopoll", 0, 404, "PollNotFoundException", "")
			wantVote("the poll under another channel", late.Client, voters[0].me.ChannelID, a.ID, 0, 404, "PollNotFoundException", "")
			wantVote("unknown channel", late.Client, "nochannel", a.ID, 0, 404, "ResourceNotFoundException", "")
			var body map[string]any
			err = late.Do(ctx, "POST", "/api/v1/channels/"+ch+"/polls/"+a.ID+"/votes", json.RawMessage(`{}`), &body)
			wantErr(t, "no option", err, 400, "InvalidParameterException")

			// A reload shows the voter's own vote; others see counts only.
			pc, err := voters[4].PublicChannel(ctx, "streamer")
			if err != nil || pc.ActiveAction == nil || pc.ActiveAction.Poll == nil || pc.ActiveAction.Poll.MyVote == nil ||
				*pc.ActiveAction.Poll.MyVote != 1 || pc.ActiveAction.Poll.TotalVotes != 50 {
				t.Fatalf("voter's reload: %+v, %v", pc.ActiveAction, err)
			}
			for _, c := range []*apiclient.Client{late.Client, srv.Client()} {
				pc, err := c.PublicChannel(ctx, "streamer")
				if err != nil || pc.ActiveAction == nil || pc.ActiveAction.Poll.MyVote != nil {
					t.Fatalf("non-voter's view: %+v, %v", pc.ActiveAction, err)
				}
			}

			// at moves the clock to d after the poll's start.
			at := func(d time.Duration) {
				t.Helper()
				step := a.StartTime.Add(d).Sub(clock.Now())
				if step < 0 {
					t.Fatalf("the test ran past %v into the poll before getting there", d)
				}
				clock.Advance(step)
			}
			// Votes count until 2 s before the end.
			at(7 * time.Second)
			if got, err := late.Vote(ctx, ch, a.ID, 2); err != nil || got.TotalVotes != 51 {
				t.Fatalf("vote 3 s before the end: %+v, %v", got, err)
			}
			nextTally(t, feed, func(p *api.Poll) bool { return p.TotalVotes == 51 })
			at(8 * time.Second)
			wantVote("vote 2 s before the end", later.Client, ch, a.ID, 0, 409, "PollClosedException", "Voting has closed.")

			// At the end the final tally goes out; the results stay 10 s.
			at(10 * time.Second)
			final := nextTally(t, feed, func(p *api.Poll) bool { return p.Ended })
			if final.TotalVotes != 51 || counts(final) != [3]int{17, 17, 17} || !final.EndTime.Equal(a.Poll.EndTime) {
				t.Fatalf("final tally: %+v", final)
			}
			pc, err = srv.Client().PublicChannel(ctx, "streamer")
			if err != nil || pc.ActiveAction == nil || !pc.ActiveAction.Poll.Ended || pc.ActiveAction.Poll.TotalVotes != 51 {
				t.Fatalf("results for a late joiner: %+v, %v", pc.ActiveAction, err)
			}
			at(19 * time.Second)
			if got, _ := owner.ActiveStreamAction(ctx); got == nil || got.ID != a.ID {
				t.Fatalf("results 9 s after the end: %+v", got)
			}
			at(20 * time.Second)
			if e := nextEvent(t, feed, "streamAction"); e.Action != nil {
				t.Fatalf("after the results: %+v, want null", e.Action)
			}
			if got, err := owner.ActiveStreamAction(ctx); err != nil || got != nil {
				t.Fatalf("active after the results: %+v, %v", got, err)
			}
			wantVote("vote after the poll", later.Client, ch, a.ID, 0, 409, "PollClosedException", "Voting has closed.")

			t.Run("stopped", func(t *testing.T) {
				a, err := owner.SendStreamAction(ctx, "poll", pollData(nil))
				if err != nil {
					t.Fatal(err)
				}
				nextEvent(t, feed, "streamAction")
				if _, err := later.Vote(ctx, ch, a.ID, 0); err != nil {
					t.Fatal(err)
				}
				nextEvent(t, feed, "pollVotes")
				stopped := clock.Now().Truncate(time.Millisecond)
				if err := owner.StopStreamAction(ctx); err != nil {
					t.Fatal(err)
				}
				if p := nextTally(t, feed, func(p *api.Poll) bool { return p.Ended }); p.TotalVotes != 1 {
					t.Fatalf("final tally of the stopped poll: %+v", p)
				}
				got, err := owner.ActiveStreamAction(ctx)
				if err != nil || got == nil || !got.Poll.Ended || got.Poll.EndTime.Before(stopped) || !got.Poll.EndTime.Before(a.Poll.EndTime) || !got.Expiry.Equal(got.Poll.EndTime) {
					t.Fatalf("stopped poll: %+v, %v", got, err)
				}
				wantVote("vote in a stopped poll", late.Client, ch, a.ID, 0, 409, "PollClosedException", "")
				clock.Advance(10 * time.Second)
				if e := nextEvent(t, feed, "streamAction"); e.Action != nil {
					t.Fatalf("after the stopped poll's results: %+v", e.Action)
				}
			})

			t.Run("replaced", func(t *testing.T) {
				a, err := owner.SendStreamAction(ctx, "poll", pollData(nil))
				if err != nil {
					t.Fatal(err)
				}
				nextEvent(t, feed, "streamAction")
				if _, err := later.Vote(ctx, ch, a.ID, 1); err != nil {
					t.Fatal(err)
				}
				nextTally(t, feed, func(p *api.Poll) bool { return p.TotalVotes == 1 })
				notice, err := owner.SendStreamAction(ctx, "notice", noticeData(nil))
				if err != nil {
					t.Fatal(err)
				}
				// The notice takes its place at once: no results are shown.
				if e := nextEvent(t, feed, "streamAction"); e.Action == nil || e.Action.ID != notice.ID {
					t.Fatalf("after the replaced poll: %+v", e.Action)
				}
				wantVote("vote in a replaced poll", late.Client, ch, a.ID, 0, 409, "PollClosedException", "")
				// Its timer finds it over and publishes nothing more.
				clock.Advance(30 * time.Second)
				b, err := owner.SendStreamAction(ctx, "celebration", nil)
				if err != nil {
					t.Fatal(err)
				}
				if e := nextEvent(t, feed, "streamAction"); e.Action == nil || e.Action.ID != b.ID {
					t.Fatalf("next event: %+v", e.Action)
				}
			})
		})
	}
}

// TestActionResponsesMatchDocument holds the stream-action answers against
// the OpenAPI document.
func TestActionResponsesMatchDocument(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv := actionServer(t, "", clock, nil)
	doc := fetchDoc(t, srv.URL)
	owner, voter := signUp(t, srv, "streamer"), signUp(t, srv, "voter")
	goLive(t, srv, clock, owner)
	if err := owner.SaveStreamActionForm(ctx, "poll", pollData(nil)); err != nil {
		t.Fatal(err)
	}
	var sent, vote any
	if err := owner.Do(ctx, "POST", "/api/v1/channel/actions/send", api.StreamActionRequest{Name: "poll", Data: pollData(nil)}, &sent); err != nil {
		t.Fatal(err)
	}
	id := sent.(map[string]any)["id"].(string)
	voteDoc := "/api/v1/channels/{channelId}/polls/{pollId}/votes"
	if err := voter.Do(ctx, "POST", "/api/v1/channels/"+owner.me.ChannelID+"/polls/"+id+"/votes", api.PollVoteRequest{Option: 1}, &vote); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		c                     *apiclient.Client
		method, path, docPath string
		body                  any
	}{
		{owner.Client, "GET", "/api/v1/channel/actions/active", "/api/v1/channel/actions/active", nil},
		{owner.Client, "GET", "/api/v1/channel/actions/forms", "/api/v1/channel/actions/forms", nil},
		{voter.Client, "GET", "/api/v1/channels/streamer", "/api/v1/channels/{username}", nil},
		{owner.Client, "POST", "", "/api/v1/channel/actions/send", sent},
		{voter.Client, "POST", "", voteDoc, vote},
	}
	for _, ck := range checks {
		body := ck.body
		if ck.path != "" {
			if err := ck.c.Do(ctx, ck.method, ck.path, nil, &body); err != nil {
				t.Fatalf("%s %s: %v", ck.method, ck.path, err)
			}
		}
		var op operation
		if err := json.Unmarshal(doc.Paths[ck.docPath][map[string]string{"GET": "get", "POST": "post"}[ck.method]], &op); err != nil {
			t.Fatalf("%s %s not documented: %v", ck.method, ck.docPath, err)
		}
		if err := validate(doc, op.Responses["200"].Content["application/json"].Schema, body, ck.docPath); err != nil {
			t.Errorf("%s %s: %v", ck.method, ck.docPath, err)
		}
	}
}
