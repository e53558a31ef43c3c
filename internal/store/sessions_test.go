package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/store"
)

// sessionsFixture stores a user with a channel and returns a health service
// over the store whose clock reads *now.
func sessionsFixture(t *testing.T, db *store.DB, node string, now *time.Time) *health.Service {
	t.Helper()
	ctx := context.Background()
	if err := db.Accounts().CreateUser(ctx, newUser("u1", "streamer", "s@example.com")); err != nil {
		t.Fatal(err)
	}
	if err := db.Channels().CreateChannel(ctx, channel.Channel{ID: "c1", UserID: "u1", PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	return health.New(health.Config{Node: node}, health.Deps{
		Repo: db.Sessions(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return *now },
	})
}

func eventNames(t *testing.T, svc *health.Service, id health.SessionID) []string {
	t.Helper()
	events, err := svc.Events(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(events))
	for i, e := range events {
		names[i] = e.Name
	}
	return names
}

func TestStreamSessionLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := t0
		svc := sessionsFixture(t, db, "", &now)
		ingest := health.IngestConfiguration{
			Video: health.VideoConfig{Codec: "avc1.64001F", Width: 1280, Height: 720, TargetFramerate: 30, Encoder: "obs-output module (libobs version 30.0.0)"},
			Audio: health.AudioConfig{Codec: "mp4a.40.2", Channels: 2, SampleRate: 48000},
		}
		s, err := svc.Start(ctx, "c1", t0, ingest)
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Session(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.IsLive() || !got.IsHealthy || got.HasErrorEvent || !got.StartTime.Equal(t0) {
			t.Fatalf("new session = %+v", got)
		}
		if diff := cmp.Diff(ingest, got.Ingest); diff != "" {
			t.Errorf("ingest configuration (-want +got):\n%s", diff)
		}

		steps := []struct {
			name          string
			do            func(at time.Time) error
			healthy, errs bool
		}{
			{"starvation start", func(at time.Time) error { return svc.Starved(ctx, s.ID, at) }, false, false},
			{"starvation end", func(at time.Time) error { return svc.Recovered(ctx, s.ID, at) }, true, false},
			{"bitrate breach", func(at time.Time) error { return svc.LimitBreached(ctx, s.ID, health.IngestBitrate, at) }, true, true},
			{"starved again", func(at time.Time) error { return svc.Starved(ctx, s.ID, at) }, false, true},
		}
		for i, st := range steps {
			if err := st.do(t0.Add(time.Duration(i+1) * time.Second)); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			got, _ := svc.Session(ctx, s.ID)
			if got.IsHealthy != st.healthy || got.HasErrorEvent != st.errs {
				t.Errorf("after %s: healthy=%v error=%v, want %v %v", st.name, got.IsHealthy, got.HasErrorEvent, st.healthy, st.errs)
			}
		}
		if err := svc.LimitBreached(ctx, s.ID, "Made Up", t0); err == nil {
			t.Error("unknown limit accepted")
		}

		end := t0.Add(time.Minute)
		if err := svc.End(ctx, s.ID, end); err != nil {
			t.Fatal(err)
		}
		if err := svc.End(ctx, s.ID, end.Add(time.Minute)); err != nil {
			t.Fatalf("ending twice: %v", err)
		}
		got, _ = svc.Session(ctx, s.ID)
		if got.IsLive() || !got.EndTime.Equal(end) {
			t.Fatalf("ended session = %+v", got)
		}
		want := []string{health.SessionCreated, health.StreamStart, health.StarvationStart, health.StarvationEnd,
			health.IngestBitrate, health.StarvationStart, health.StreamEnd, health.SessionEnded}
		if diff := cmp.Diff(want, eventNames(t, svc, s.ID)); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if _, err := svc.Session(ctx, "st-missing"); !errors.Is(err, health.ErrSessionNotFound) {
			t.Errorf("unknown session = %v", err)
		}
	})
}

func TestStreamSessionRecovery(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := t0
		svc := sessionsFixture(t, db, "node-a", &now)

		// A new session closes one left open on the channel.
		first, err := svc.Start(ctx, "c1", t0, health.IngestConfiguration{})
		if err != nil {
			t.Fatal(err)
		}
		second, err := svc.Start(ctx, "c1", t0.Add(time.Minute), health.IngestConfiguration{})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Session(ctx, first.ID); got.EndTime.IsZero() {
			t.Fatal("first session still open after a second start")
		}
		if latest, err := svc.Latest(ctx, "c1"); err != nil || latest.ID != second.ID || !latest.IsLive() {
			t.Fatalf("Latest = %+v, %v; want the live second session", latest, err)
		}
		if _, err := svc.Latest(ctx, "c-none"); !errors.Is(err, health.ErrSessionNotFound) {
			t.Fatalf("Latest of a channel without sessions = %v", err)
		}

		// After a crash, the open session ends when media was last seen.
		for i := range 3 {
			at := t0.Add(time.Minute + time.Duration(i+1)*5*time.Second)
			if err := svc.AddSample(ctx, second.ID, health.Sample{Time: at, VideoBitrate: 3e6, Framerate: 30, KeyframeInterval: 2, ConcurrentViews: float64(i)}); err != nil {
				t.Fatal(err)
			}
		}
		samples, err := svc.Samples(ctx, second.ID, t0, t0.Add(time.Hour))
		if err != nil || len(samples) != 3 || samples[2].ConcurrentViews != 2 || samples[0].Framerate != 30 {
			t.Fatalf("samples = %+v, %v", samples, err)
		}

		other := health.New(health.Config{Node: "node-b"}, health.Deps{Repo: db.Sessions(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if n, err := other.CloseAbandoned(ctx); err != nil || n != 0 {
			t.Fatalf("another node closed %d sessions (%v)", n, err)
		}
		now = t0.Add(time.Hour)
		if n, err := svc.CloseAbandoned(ctx); err != nil || n != 1 {
			t.Fatalf("CloseAbandoned = %d, %v", n, err)
		}
		got, _ := svc.Session(ctx, second.ID)
		if want := samples[2].Time; !got.EndTime.Equal(want) {
			t.Errorf("recovered end = %v, want last sample %v", got.EndTime, want)
		}
		names := eventNames(t, svc, second.ID)
		if names[len(names)-1] != health.SessionEnded {
			t.Errorf("events after recovery = %v", names)
		}

		// Deleting the account deletes its sessions.
		if err := db.Accounts().DeleteUser(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, second.ID); !errors.Is(err, health.ErrSessionNotFound) {
			t.Errorf("session after account deletion = %v", err)
		}
	})
}
