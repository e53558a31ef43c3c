package stats_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stats"
	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/testclock"
)

// recorder is a Sink that reports every call on a channel.
type recorder struct{ calls chan any }

type starved struct{ since time.Time }
type recovered struct{ at time.Time }

func (r recorder) Sample(_ context.Context, _ *media.Live, s stats.Sample) { r.calls <- s }
func (r recorder) Starved(_ context.Context, _ *media.Live, since time.Time) {
	r.calls <- starved{since}
}
func (r recorder) Recovered(_ context.Context, _ *media.Live, at time.Time) {
	r.calls <- recovered{at}
}

func next[T any](t *testing.T, calls chan any) T {
	t.Helper()
	select {
	case c := <-calls:
		v, ok := c.(T)
		if !ok {
			t.Fatalf("got %T %+v, want %T", c, c, *new(T))
		}
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("no %T reported", *new(T))
	}
	panic("unreachable")
}

func TestSamplerMeasuresTheStream(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clk := testclock.New(t0.Add(100 * time.Millisecond))
	tick := make(chan time.Time)
	rec := recorder{calls: make(chan any, 16)}
	s := stats.New(stats.Config{Interval: 5 * time.Second, StarvationGap: 3 * time.Second}, stats.Deps{
		Sink: rec, Viewers: func(id string) int { return len(id) }, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: clk.Now, Tick: func() (<-chan time.Time, func()) { return tick, func() {} },
	})
	str, err := stream.New(&stream.H264{SPS: []byte{0x67, 1}, PPS: []byte{0x68, 1}}, &stream.MPEG4Audio{})
	if err != nil {
		t.Fatal(err)
	}
	s.Attach(&media.Live{ChannelID: "c1", PlaybackID: "pb1", Stream: str})
	video, audio := str.Tracks()[0], str.Tracks()[1]

	// 30 fps, a key frame every 60 frames (2 s), 12,500-byte frames:
	// 3 Mbit/s of video; audio must not count.
	const fps, gop, frameBytes = 30, 60, 12500
	frame := 0
	var lastMedia time.Time // arrival time of the last unit written
	writeSecond := func() {
		lastMedia = clk.Now()
		for range fps {
			nal := byte(0x41) // non-IDR slice
			if frame%gop == 0 {
				nal = 0x65 // IDR slice
			}
			payload := make([]byte, frameBytes)
			payload[0] = nal
			dts := time.Duration(frame) * time.Second / fps
			str.Write(&stream.Unit{Track: video, PTS: dts, DTS: dts, NTP: clk.Now(), Payload: [][]byte{payload}})
			str.Write(&stream.Unit{Track: audio, PTS: dts, DTS: dts, NTP: clk.Now(), Payload: [][]byte{make([]byte, 400)}})
			frame++
		}
	}
	for sec := 1; sec <= 10; sec++ {
		writeSecond()
		now := t0.Add(time.Duration(sec) * time.Second)
		clk.Set(now)
		tick <- now
	}

	for i, want := range []time.Time{t0.Add(5 * time.Second), t0.Add(10 * time.Second)} {
		got := next[stats.Sample](t, rec.calls)
		if !got.Time.Equal(want) {
			t.Errorf("sample %d at %v, want %v", i, got.Time, want)
		}
		if got.Framerate < 29.999 || got.Framerate > 30.001 {
			t.Errorf("sample %d frame rate = %v, want 30", i, got.Framerate)
		}
		if got.KeyframeInterval != 2 {
			t.Errorf("sample %d keyframe interval = %v, want 2", i, got.KeyframeInterval)
		}
		if want := float64(fps * frameBytes * 8); math.Abs(got.VideoBitrate-want) > want*0.01 {
			t.Errorf("sample %d bitrate = %.0f, want about %.0f", i, got.VideoBitrate, want)
		}
		if got.Viewers != 3 {
			t.Errorf("sample %d viewers = %d, want 3", i, got.Viewers)
		}
	}

	// Media stops: starvation once the gap passes, recovery with the next unit.
	clk.Set(lastMedia.Add(2 * time.Second))
	tick <- clk.Now()
	clk.Set(lastMedia.Add(3 * time.Second))
	tick <- clk.Now()
	if got := next[starved](t, rec.calls); !got.since.Equal(lastMedia) {
		t.Errorf("starved since %v, want %v", got.since, lastMedia)
	}
	clk.Set(lastMedia.Add(4 * time.Second))
	writeSecond()
	if got := next[recovered](t, rec.calls); !got.at.Equal(lastMedia) {
		t.Errorf("recovered at %v, want %v", got.at, lastMedia)
	}

	str.Close()
	s.Close() // returns once the stream's goroutine has ended
	select {
	case c := <-rec.calls:
		t.Errorf("unexpected call after close: %+v", c)
	default:
	}
}
