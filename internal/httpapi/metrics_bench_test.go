package httpapi_test

import (
	"slices"
	"testing"
	"time"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
)

// BenchmarkStreamSessionDetail times GET /api/v1/metrics/sessions/{id}
// through the client (HTTP, auth, query, averaging, JSON) for a 4-hour
// session of 2,880 samples at 5 s, read just after it ended (60 s points)
// and 30 days later (300 s points), before and after downsampling. It
// reports the p99 beside the mean.
func BenchmarkStreamSessionDetail(b *testing.B) {
	clock := &testClock{}
	srv := apptest.Start(b, apptest.Options{Now: clock.Now})
	c := srv.SignedIn(b, "bencher")
	own, err := c.OwnChannel(ctx)
	if err != nil {
		b.Fatal(err)
	}
	h := srv.App.Health
	session := func(start time.Time) health.SessionID {
		s, err := h.Start(ctx, channel.ID(own.ChannelID), start, health.IngestConfiguration{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range 2880 {
			smp := health.Sample{Time: start.Add(time.Duration(i) * 5 * time.Second), VideoBitrate: 3e6 + float64(i%7), Framerate: 30, KeyframeInterval: 2, ConcurrentViews: float64(i % 50)}
			if err := h.AddSample(ctx, s.ID, smp); err != nil {
				b.Fatal(err)
			}
		}
		if err := h.End(ctx, s.ID, start.Add(4*time.Hour)); err != nil {
			b.Fatal(err)
		}
		return s.ID
	}
	now := clock.Now()
	old := session(now.Add(-30 * 24 * time.Hour))
	recent := session(now.Add(-4 * time.Hour))

	run := func(b *testing.B, id health.SessionID, wantPeriod int) {
		var lat []time.Duration
		for b.Loop() {
			t := time.Now()
			got, err := c.StreamSession(ctx, string(id))
			lat = append(lat, time.Since(t))
			if err != nil || got.Metrics[0].Period != wantPeriod {
				b.Fatalf("detail: %v (period %d)", err, got.Metrics[0].Period)
			}
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.Run("4h-just-ended", func(b *testing.B) { run(b, recent, 60) })
	b.Run("4h-30d-old-raw-5s", func(b *testing.B) { run(b, old, 300) })
	if err := h.Downsample(ctx, clock.Now()); err != nil {
		b.Fatal(err)
	}
	b.Run("4h-30d-old-downsampled", func(b *testing.B) { run(b, old, 300) })
}
