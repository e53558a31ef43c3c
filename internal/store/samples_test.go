package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/store"
)

type sampleRow struct {
	Period  time.Duration
	Time    time.Time
	Bitrate float64
}

func TestDownsample(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
		svc := sessionsFixture(t, db, "", &now)
		sess, err := svc.Start(ctx, "c1", now.Add(-70*24*time.Hour), health.IngestConfiguration{})
		if err != nil {
			t.Fatal(err)
		}
		// count 5 s samples from `from`, bitrate 0, 1, 2, ...
		add := func(from time.Time, count int) {
			for i := range count {
				s := health.Sample{Time: from.Add(time.Duration(i) * 5 * time.Second), VideoBitrate: float64(i), Framerate: 30, KeyframeInterval: 2, ConcurrentViews: 1}
				if err := svc.AddSample(ctx, sess.ID, s); err != nil {
					t.Fatal(err)
				}
			}
		}
		day := 24 * time.Hour
		add(now.Add(-70*day), 240)                               // 20 min, 70 days old: one 3600 s average
		add(now.Add(-20*day), 120)                               // 10 min, 20 days old: two 300 s averages
		add(now.Add(-5*time.Hour), 24)                           // 2 min, 5 h old: two 60 s averages
		add(now.Add(-time.Hour), 12)                             // 1 min, 1 h old: kept at 5 s
		add(now.Add(-3*time.Hour-time.Minute+5*time.Second), 24) // straddles the 3 h limit: the older whole minute is averaged

		rows := func() []sampleRow {
			t.Helper()
			got, err := svc.Samples(ctx, sess.ID, now.Add(-80*day), now)
			if err != nil {
				t.Fatal(err)
			}
			out := make([]sampleRow, 0, len(got))
			for _, s := range got {
				if s.Framerate != 30 || s.KeyframeInterval != 2 || s.ConcurrentViews != 1 {
					t.Errorf("sample %+v: constant metrics changed", s)
				}
				out = append(out, sampleRow{s.Period, s.Time, s.VideoBitrate})
			}
			return out
		}

		if err := svc.Downsample(ctx, now); err != nil {
			t.Fatal(err)
		}
		want := []sampleRow{
			{health.Period1h, now.Add(-70 * day), 119.5},
			{health.Period5m, now.Add(-20 * day), 29.5},
			{health.Period5m, now.Add(-20*day + 5*time.Minute), 89.5},
			{health.Period1m, now.Add(-5 * time.Hour), 5.5},
			{health.Period1m, now.Add(-5*time.Hour + time.Minute), 17.5},
			{health.Period1m, now.Add(-3*time.Hour - time.Minute), 5}, // samples 0..10 (the minute's first 5 s had none)
		}
		for i := 11; i < 24; i++ { // from the 3 h limit on: still 5 s
			want = append(want, sampleRow{health.Period5s, now.Add(-3*time.Hour - time.Minute + 5*time.Second + time.Duration(i)*5*time.Second), float64(i)})
		}
		for i := range 12 {
			want = append(want, sampleRow{health.Period5s, now.Add(-time.Hour + time.Duration(i)*5*time.Second), float64(i)})
		}
		got := rows()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("after downsampling (-want +got):\n%s", diff)
		}
		// A second round at the same time changes nothing.
		if err := svc.Downsample(ctx, now); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, rows()); diff != "" {
			t.Fatalf("after a second round (-want +got):\n%s", diff)
		}

		// 16 days on, the two 60 s averages of one 5 min span become one
		// 300 s average, each weighing 60 s.
		later := now.Add(16 * day)
		if err := svc.Downsample(ctx, later); err != nil {
			t.Fatal(err)
		}
		got = rows()
		if got[3] != (sampleRow{health.Period5m, now.Add(-5 * time.Hour), (5.5 + 17.5) / 2}) {
			t.Errorf("60 s averages after 16 days = %+v", got[3])
		}
	})
}
