package httpapi_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
)

func TestStreamSessionList(t *testing.T) {
	t.Parallel()
	dbs := map[string]string{"sqlite": ""}
	if url := apptest.PostgresURL(t); url != "" {
		dbs["postgres"] = url
	}
	for name, dbURL := range dbs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := &testClock{}
			srv := actionServer(t, dbURL, clock, nil)
			owner, other := signUp(t, srv, "owner"), signUp(t, srv, "other")

			// 55 sessions a minute apart; each start ends the one before, so
			// only the newest is live.
			base := clock.Now().Add(-2 * time.Hour)
			var ids []string
			for i := range 55 {
				s, err := srv.App.Health.Start(ctx, channel.ID(owner.me.ChannelID), base.Add(time.Duration(i)*time.Minute), health.IngestConfiguration{})
				if err != nil {
					t.Fatal(err)
				}
				ids = append([]string{string(s.ID)}, ids...) // newest first
			}
			goLive(t, srv, clock, other)

			first, err := owner.StreamSessions(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(first.StreamSessions) != 50 || first.NextToken == nil {
				t.Fatalf("first page: %d sessions, nextToken %v", len(first.StreamSessions), first.NextToken)
			}
			second, err := owner.StreamSessions(ctx, *first.NextToken)
			if err != nil {
				t.Fatal(err)
			}
			if len(second.StreamSessions) != 5 || second.NextToken != nil {
				t.Fatalf("second page: %d sessions, nextToken %v", len(second.StreamSessions), second.NextToken)
			}
			all := append(first.StreamSessions, second.StreamSessions...)
			for i, s := range all {
				if s.StreamID != ids[i] {
					t.Fatalf("session %d = %s, want %s (newest first)", i, s.StreamID, ids[i])
				}
				if live := i == 0; s.IsLive != live || (s.EndTime == nil) != live || !s.IsHealthy || s.HasErrorEvent {
					t.Errorf("session %d = %+v", i, s)
				}
			}
			if want := base.Add(54 * time.Minute).UnixMilli(); all[0].StartTime.UnixMilli() != want {
				t.Errorf("newest start = %v", all[0].StartTime)
			}

			// Only one's own sessions; tokens are bound to their channel and
			// edits are refused.
			theirs, err := other.StreamSessions(ctx, "")
			if err != nil || len(theirs.StreamSessions) != 1 || theirs.NextToken != nil {
				t.Fatalf("other user's list = %+v, %v", theirs, err)
			}
			tok := *first.NextToken
			for name, bad := range map[string]string{"edited": "x" + tok[1:], "truncated": tok[:len(tok)-3], "junk": "not-a-token"} {
				if _, err := owner.StreamSessions(ctx, bad); !apptest.IsCode(err, http.StatusBadRequest, "BadRequestException") {
					t.Errorf("%s token: %v", name, err)
				}
			}
			if _, err := other.StreamSessions(ctx, tok); !apptest.IsCode(err, http.StatusBadRequest, "BadRequestException") {
				t.Errorf("another user's token: %v", err)
			}
		})
	}
}

func TestStreamSessionDetail(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv := actionServer(t, "", clock, nil)
	owner, other := signUp(t, srv, "owner"), signUp(t, srv, "other")
	h := srv.App.Health
	addSamples := func(id health.SessionID, from time.Time, count int) {
		t.Helper()
		for i := range count {
			s := health.Sample{Time: from.Add(time.Duration(i) * 5 * time.Second), VideoBitrate: 3e6, Framerate: float64(30 - i%2), KeyframeInterval: 2, ConcurrentViews: float64(i % 3)}
			if err := h.AddSample(ctx, id, s); err != nil {
				t.Fatal(err)
			}
		}
	}

	// A 1-hour session 30 days ago, read at 300 s, before and after its
	// samples are downsampled.
	oldStart := clock.Now().Add(-30 * 24 * time.Hour)
	old, err := h.Start(ctx, channel.ID(owner.me.ChannelID), oldStart, health.IngestConfiguration{
		Video: health.VideoConfig{Codec: "avc1.64001F", Width: 1280, Height: 720, TargetFramerate: 30},
		Audio: health.AudioConfig{Codec: "mp4a.40.2", Channels: 2, SampleRate: 48000},
	})
	if err != nil {
		t.Fatal(err)
	}
	addSamples(old.ID, oldStart, 720)
	if err := h.End(ctx, old.ID, oldStart.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	checkOld := func(stage string) {
		t.Helper()
		got, err := owner.StreamSession(ctx, string(old.ID))
		if err != nil {
			t.Fatal(err)
		}
		if got.IsLive || got.EndTime == nil || got.IngestConfiguration.Video.VideoWidth != 1280 || got.IngestConfiguration.Audio.SampleRate != 48000 {
			t.Errorf("%s: old session = %+v", stage, got)
		}
		if len(got.TruncatedEvents) != 4 || got.TruncatedEvents[0].Name != health.SessionCreated || got.TruncatedEvents[3].Name != health.SessionEnded {
			t.Errorf("%s: events = %+v", stage, got.TruncatedEvents)
		}
		labels := []string{health.LabelVideoBitrate, health.LabelFramerate, health.LabelKeyframeInterval, health.LabelConcurrentViews}
		for i, m := range got.Metrics {
			n := int(m.AlignedEndTime.Sub(m.AlignedStartTime) / (300 * time.Second))
			if m.Label != labels[i] || m.Period != 300 || m.AlignedStartTime.Unix()%300 != 0 || len(m.Data) != n || n < 12 || n > 13 {
				t.Fatalf("%s: metric %d = %s period %d, %d points from %v to %v", stage, i, m.Label, m.Period, len(m.Data), m.AlignedStartTime, m.AlignedEndTime)
			}
		}
		if avg := got.Metrics[0].Average; avg == nil || *avg != 3e6 {
			t.Errorf("%s: bitrate average = %v", stage, avg)
		}
		// Raw 5 s samples average exactly; a downsampled edge period that
		// held fewer samples still weighs a whole period.
		tolerance := 1e-9
		if stage == "downsampled" {
			tolerance = 0.05
		}
		if avg := got.Metrics[1].Average; avg == nil || math.Abs(*avg-29.5) > tolerance {
			t.Errorf("%s: frame rate average = %v", stage, deref(avg))
		}
		for _, v := range got.Metrics[0].Data {
			if v != 3e6 {
				t.Errorf("%s: bitrate data = %v", stage, got.Metrics[0].Data)
				break
			}
		}
	}
	checkOld("5 s samples")
	if err := h.Downsample(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.Samples(ctx, old.ID, oldStart.Add(-time.Hour), oldStart.Add(2*time.Hour)); len(got) == 0 || got[0].Period != health.Period5m {
		t.Fatalf("old samples after downsampling: %d, first %+v", len(got), got)
	}
	checkOld("downsampled")

	// A live session of 10 minutes: 5 s points, the last 30 s left out.
	liveStart := clock.Now().Add(-10 * time.Minute)
	live, err := h.Start(ctx, channel.ID(owner.me.ChannelID), liveStart, health.IngestConfiguration{})
	if err != nil {
		t.Fatal(err)
	}
	addSamples(live.ID, liveStart, 121)
	before := clock.Now()
	got, err := owner.StreamSession(ctx, string(live.ID))
	if err != nil {
		t.Fatal(err)
	}
	after := clock.Now()
	if !got.IsLive || got.EndTime != nil || len(got.TruncatedEvents) != 2 || got.TruncatedEvents[1].Name != health.StreamStart {
		t.Errorf("live session = %+v", got)
	}
	for _, m := range got.Metrics {
		if m.Period != 5 || m.AlignedStartTime.After(liveStart) || liveStart.Sub(m.AlignedStartTime) >= 5*time.Second {
			t.Fatalf("%s: period %d from %v (start %v)", m.Label, m.Period, m.AlignedStartTime, liveStart)
		}
		if m.AlignedEndTime.Before(before.Add(-30*time.Second)) || !m.AlignedEndTime.Before(after.Add(-25*time.Second)) {
			t.Errorf("%s: aligned end %v, read between %v and %v: want about 30 s dropped", m.Label, m.AlignedEndTime, before, after)
		}
		if n := int(m.AlignedEndTime.Sub(m.AlignedStartTime) / (5 * time.Second)); len(m.Data) != n {
			t.Errorf("%s: %d points, want %d", m.Label, len(m.Data), n)
		}
	}

	// Another user's session, and one that does not exist, are not found.
	for name, id := range map[string]string{"another user's": string(goLive(t, srv, clock, other).ID), "unknown": "st-nope"} {
		if _, err := owner.StreamSession(ctx, id); !apptest.IsCode(err, http.StatusNotFound, "ResourceNotFoundException") {
			t.Errorf("%s session: %v", name, err)
		}
	}
	if _, err := other.StreamSession(ctx, string(live.ID)); !apptest.IsCode(err, http.StatusNotFound, "ResourceNotFoundException") {
		t.Errorf("owner's session read by another user: %v", err)
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
