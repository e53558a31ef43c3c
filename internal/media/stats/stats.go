// Package stats measures every live stream from its own units: ingest video
// bitrate, frame rate and keyframe interval over fixed windows, plus the
// viewer count, and notices when media stops arriving (starvation). It is a
// media output; what it measures goes to a Sink.
package stats

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// Sample is one window's measurements.
type Sample struct {
	// Time is the end of the window.
	Time time.Time
	// VideoBitrate is video payload bits per second.
	VideoBitrate float64
	// Framerate is video frames per second of media time.
	Framerate float64
	// KeyframeInterval is the mean time between key frames in seconds (the
	// last known value when the window held fewer than two).
	KeyframeInterval float64
	// Viewers is the concurrent viewer count at the end of the window.
	Viewers int
}

// Sink receives measurements. Calls come from the stream's sampling
// goroutine, in order, and should return quickly.
type Sink interface {
	Sample(ctx context.Context, l *media.Live, s Sample)
	// Starved reports media stopped arriving at `since`; Recovered that it
	// flows again.
	Starved(ctx context.Context, l *media.Live, since time.Time)
	Recovered(ctx context.Context, l *media.Live, at time.Time)
}

// Config tunes the sampler.
type Config struct {
	// Interval is the sampling window (5 s by default).
	Interval time.Duration
	// StarvationGap is how long media may stop before it counts as
	// starvation (5 s by default).
	StarvationGap time.Duration
}

// Deps are the sampler's collaborators.
type Deps struct {
	Sink Sink
	// Viewers counts a playback id's current viewers; may be nil.
	Viewers func(playbackID string) int
	Log     *slog.Logger
	Now     func() time.Time
	// Tick, when set, replaces the sampler's once-a-second clock (tests).
	Tick func() (<-chan time.Time, func())
}

// Sampler is the media output that measures streams.
type Sampler struct {
	cfg  Config
	deps Deps
	wg   sync.WaitGroup
}

// New returns a sampler.
func New(cfg Config, d Deps) *Sampler {
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Second
	}
	if cfg.StarvationGap <= 0 {
		cfg.StarvationGap = 5 * time.Second
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Viewers == nil {
		d.Viewers = func(string) int { return 0 }
	}
	if d.Tick == nil {
		d.Tick = func() (<-chan time.Time, func()) {
			t := time.NewTicker(time.Second)
			return t.C, t.Stop
		}
	}
	return &Sampler{cfg: cfg, deps: d}
}

// Attach starts measuring l until its stream ends.
func (s *Sampler) Attach(l *media.Live) {
	r, err := l.Stream.AddReader("stats", 0)
	if err != nil {
		return // the stream already ended
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.run(l, r)
	}()
}

// Close waits for every sampling goroutine; streams end them.
func (s *Sampler) Close() { s.wg.Wait() }

func (s *Sampler) run(l *media.Live, r *stream.Reader) {
	ctx := context.Background()
	tick, stop := s.deps.Tick()
	defer stop()
	// Windows end on multiples of the interval, so every stream's samples
	// fall on the same grid.
	end := s.deps.Now().Truncate(s.cfg.Interval).Add(s.cfg.Interval)
	w := &window{}
	lastUnit := s.deps.Now()
	starved := false
	take := func(u *stream.Unit) {
		lastUnit = u.NTP
		if starved {
			starved = false
			s.deps.Sink.Recovered(ctx, l, lastUnit)
		}
		w.add(u)
	}
	for {
		select {
		case u, ok := <-r.Units():
			if !ok {
				return
			}
			take(u)
		case now := <-tick:
			// Units already queued belong to the window being closed.
			for drained := false; !drained; {
				select {
				case u, ok := <-r.Units():
					if !ok {
						return
					}
					take(u)
				default:
					drained = true
				}
			}
			if !starved && now.Sub(lastUnit) >= s.cfg.StarvationGap {
				starved = true
				s.deps.Sink.Starved(ctx, l, lastUnit)
			}
			if !now.Before(end) {
				sample := w.sample(end)
				sample.Viewers = s.deps.Viewers(l.PlaybackID)
				s.deps.Sink.Sample(ctx, l, sample)
				w = w.next()
				end = now.Truncate(s.cfg.Interval).Add(s.cfg.Interval)
			}
		}
	}
}

// window accumulates one sampling window of video units.
type window struct {
	bytes int
	// frames counts video units; first and last are their decoding times.
	frames      int
	first, last time.Duration
	// lastKey is the decoding time of the latest key frame (carried across
	// windows); keyGaps sums the gaps between key frames seen in this one.
	lastKey     time.Duration
	haveKey     bool
	keyGaps     time.Duration
	keyCount    int
	keyInterval float64
}

// next starts the following window, keeping what spans windows.
func (w *window) next() *window {
	return &window{lastKey: w.lastKey, haveKey: w.haveKey, keyInterval: w.keyInterval}
}

func (w *window) add(u *stream.Unit) {
	if !u.Track.Codec.IsVideo() {
		return
	}
	for _, p := range u.Payload {
		w.bytes += len(p)
	}
	if w.frames == 0 {
		w.first = u.DTS
	}
	w.last = u.DTS
	w.frames++
	if u.Key {
		if w.haveKey && u.DTS > w.lastKey {
			w.keyGaps += u.DTS - w.lastKey
			w.keyCount++
		}
		w.lastKey, w.haveKey = u.DTS, true
	}
}

// sample computes the window's figures. Frame rate and keyframe interval use
// media time, so they are exact whatever the network did; bitrate spreads
// the window's bytes over the media time its frames cover.
func (w *window) sample(end time.Time) Sample {
	s := Sample{Time: end}
	if w.keyCount > 0 {
		w.keyInterval = (w.keyGaps / time.Duration(w.keyCount)).Seconds()
	}
	s.KeyframeInterval = w.keyInterval
	if w.frames >= 2 && w.last > w.first {
		span := w.last - w.first
		s.Framerate = float64(w.frames-1) / span.Seconds()
		// The window's frames cover span plus one frame's duration.
		covered := span + span/time.Duration(w.frames-1)
		s.VideoBitrate = float64(w.bytes*8) / covered.Seconds()
	}
	return s
}
