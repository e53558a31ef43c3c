package health

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/channel"
)

var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func TestPeriodFor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		age  time.Duration
		want time.Duration
	}{
		{"just now", 0, Period5s},
		{"exactly 3 h", 3 * time.Hour, Period5s},
		{"3 h and 1 ms", 3*time.Hour + time.Millisecond, Period1m},
		{"exactly 15 d", 15 * day, Period1m},
		{"15 d and 1 s", 15*day + time.Second, Period5m},
		{"62 d 23 h 59 min", 63*day - time.Minute, Period5m},
		{"exactly 63 d", 63 * day, Period5m},
		{"63 d and 1 s", 63*day + time.Second, Period1h},
		{"a year", 365 * day, Period1h},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := PeriodFor(now.Add(-tc.age), now); got != tc.want {
				t.Errorf("PeriodFor(now - %s) = %s, want %s", tc.age, got, tc.want)
			}
		})
	}
}

func TestWindowFor(t *testing.T) {
	t.Parallel()
	at := func(d time.Duration) time.Time { return now.Add(d) }
	cases := []struct {
		name       string
		start, end time.Time // end zero: open (live)
		now        time.Time
		want       Window
	}{
		{
			name:  "live 10 min: 5 s, last 6 points dropped",
			start: at(-10*time.Minute - 2*time.Second), now: now,
			want: Window{Start: at(-10*time.Minute - 5*time.Second), End: at(-30 * time.Second), Period: Period5s, Points: 115},
		},
		{
			name:  "live 4 h: window starts 3 h ago (up-aligned: down would cross into 60 s)",
			start: at(-4 * time.Hour), now: at(1500 * time.Millisecond),
			want: Window{Start: at(-3*time.Hour + 5*time.Second), End: at(5*time.Second - 30*time.Second), Period: Period5s, Points: 3*720 - 6},
		},
		{
			name:  "live for exactly 3 h on a boundary",
			start: at(-3 * time.Hour), now: now,
			want: Window{Start: at(-3 * time.Hour), End: at(-30 * time.Second), Period: Period5s, Points: 3*720 - 6},
		},
		{
			name:  "live shorter than 30 s: no points",
			start: at(-12 * time.Second), now: now,
			want: Window{Start: at(-15 * time.Second), End: at(-15 * time.Second), Period: Period5s, Points: 0},
		},
		{
			name:  "offline 2 h, ended 1 h ago: 5 s, nothing dropped",
			start: at(-3*time.Hour + 3*time.Second), end: at(-time.Hour - 1*time.Second), now: now,
			want: Window{Start: at(-3 * time.Hour), End: at(-time.Hour), Period: Period5s, Points: 2 * 720},
		},
		{
			name:  "offline 4 h just ended: 60 s",
			start: at(-4*time.Hour - 30*time.Second), end: now, now: now,
			want: Window{Start: at(-4*time.Hour - time.Minute), End: now, Period: Period1m, Points: 241},
		},
		{
			name:  "started 62 d 23 h 59 min ago: 300 s, up-aligned to stay out of 3600 s",
			start: at(-63*day + 3*time.Minute), end: at(-63*day + time.Hour), now: at(2 * time.Minute),
			want: Window{Start: at(-63*day + 5*time.Minute), End: at(-63*day + time.Hour), Period: Period5m, Points: 11},
		},
		{
			name:  "30 days old: 300 s",
			start: at(-30*day + 7*time.Minute), end: at(-30*day + 4*time.Hour + 7*time.Minute), now: now,
			want: Window{Start: at(-30*day + 5*time.Minute), End: at(-30*day + 4*time.Hour + 10*time.Minute), Period: Period5m, Points: 49},
		},
		{
			name:  "a year old: 3600 s",
			start: at(-365*day + 90*time.Minute), end: at(-365*day + 150*time.Minute), now: now,
			want: Window{Start: at(-365*day + time.Hour), End: at(-365*day + 3*time.Hour), Period: Period1h, Points: 2},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := WindowFor(Session{StartTime: tc.start, EndTime: tc.end, StreamStarted: true}, tc.now)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("WindowFor (-want +got):\n%s", diff)
			}
			if got.Points > 0 && PeriodFor(got.Start, tc.now) != got.Period {
				t.Errorf("aligned start %v falls in period %s, window uses %s", got.Start, PeriodFor(got.Start, tc.now), got.Period)
			}
		})
	}
}

func TestBuildSeries(t *testing.T) {
	t.Parallel()
	w := Window{Start: now, End: now.Add(time.Minute), Period: 15 * time.Second, Points: 4}
	s := func(d time.Duration, p time.Duration, bitrate, fps, views float64) Sample {
		return Sample{Time: now.Add(d), Period: p, VideoBitrate: bitrate, Framerate: fps, KeyframeInterval: 2, ConcurrentViews: views}
	}
	got := BuildSeries(w, []Sample{
		s(-time.Hour, Period1h, 9, 9, 9),         // before the window: ignored
		s(-2*time.Second, 0, 1000, 30, 1),        // began before, overlaps point 0
		s(5*time.Second, Period5s, 2000, 30, 3),  // point 0
		s(35*time.Second, Period5s, 4000, 20, 5), // point 2 (point 1 empty)
		s(time.Minute, Period5s, 9, 9, 9),        // at the end: ignored
	})
	f := func(v float64) *float64 { return &v }
	want := []Series{
		{Label: LabelVideoBitrate, Data: []float64{1500, 1500, 4000, 4000}, Average: f(7000.0 / 3)},
		{Label: LabelFramerate, Data: []float64{30, 30, 20, 20}, Average: f(80.0 / 3)},
		{Label: LabelKeyframeInterval, Data: []float64{2, 0, 2, 0}, Average: f(2)},
		{Label: LabelConcurrentViews, Data: []float64{2, 0, 5, 0}, Average: f(3)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BuildSeries (-want +got):\n%s", diff)
	}

	// No samples at all: zero points, no averages.
	empty := BuildSeries(w, nil)
	for _, s := range empty {
		if s.Average != nil || len(s.Data) != 4 || s.Data[3] != 0 {
			t.Errorf("%s without samples = %+v", s.Label, s)
		}
	}
	if got := BuildSeries(Window{Start: now, End: now, Period: Period5s}, []Sample{s(0, 0, 1, 1, 1)}); len(got[0].Data) != 0 || got[0].Average != nil {
		t.Errorf("empty window = %+v", got[0])
	}
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	c := SessionCursor{Start: now, ID: "st-1"}
	tok := encodeCursor("c1", c)
	if got, err := decodeCursor("c1", tok); err != nil || got != c {
		t.Fatalf("decode = %+v, %v", got, err)
	}
	for name, bad := range map[string]string{
		"other channel": "", "edited": tok[:len(tok)-2] + "AA", "no check": tok[:len(tok)-23], "garbage": "%%%", "empty body": ".",
	} {
		ch, token := "c1", bad
		if name == "other channel" {
			ch, token = "c2", tok
		}
		if _, err := decodeCursor(channel.ID(ch), token); err != ErrBadNextToken {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
