// Package ladder makes the transcoded renditions of STANDARD channels: for
// each live stream whose grant asks for a ladder, one ffmpeg process reads
// the source video as MPEG-TS on stdin and writes one H264 rendition per
// rung (720p, 480p, 360p, 160p, those strictly below the source) as
// MPEG-TS on pipes of their own. Each rendition goes out as a stream of its
// own (media.Rendition) to the rendition outputs (the HLS server), on the
// source's clock and with the source's wall-clock times.
//
// Media flows one way: the ladder reads the source through a bounded
// reader like any output, so a slow ffmpeg loses frames (and skips to the
// next key frame) rather than holding up the publisher. Without ffmpeg, a
// STANDARD stream simply stays pass-through, with a warning.
package ladder

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os/exec"
	"slices"
	"sync"
	"time"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// Rung is one step of a ladder.
type Rung struct {
	// Lines is the short side in pixels: the 480 of "480p" (the height of
	// a landscape picture, the width of a portrait one).
	Lines int
	// Bitrate is the video bitrate in kbit/s.
	Bitrate int
}

// Standard is the STANDARD channel type's ladder.
var Standard = []Rung{{Lines: 720, Bitrate: 2500}, {Lines: 480, Bitrate: 1200}, {Lines: 360, Bitrate: 700}, {Lines: 160, Bitrate: 250}}

// Config tunes the transcoder.
type Config struct {
	// FFmpeg is the ffmpeg executable (a path, or a name looked up in
	// PATH when a stream starts); empty disables the ladder.
	FFmpeg string
	// KeyInterval is the renditions' key frame interval: the HLS segment
	// duration (1s), so their segments are as short as the source's.
	KeyInterval time.Duration
	// Rungs is the ladder; Standard when empty.
	Rungs []Rung
	// Queue is the reader queue of each stream's transcoder, in units
	// (stream.DefaultQueue).
	Queue int
}

// Deps are the transcoder's collaborators.
type Deps struct {
	// Outputs are given every rendition.
	Outputs []media.RenditionOutput
	Log     *slog.Logger
}

// Transcoder runs the ladder of every live stream that asks for one (it is
// a media.Output).
type Transcoder struct {
	cfg     Config
	outputs []media.RenditionOutput
	log     *slog.Logger

	mu     sync.Mutex
	jobs   map[string]*job // by playback id
	closed bool
	wg     sync.WaitGroup
}

// New returns a transcoder with nothing to do yet.
func New(cfg Config, d Deps) *Transcoder {
	if cfg.KeyInterval <= 0 {
		cfg.KeyInterval = time.Second
	}
	if len(cfg.Rungs) == 0 {
		cfg.Rungs = Standard
	}
	return &Transcoder{cfg: cfg, outputs: d.Outputs, log: d.Log, jobs: make(map[string]*job)}
}

// fallback is the warning logged (once per stream) when a stream that asks
// for a ladder stays pass-through.
const fallback = "STANDARD channel falls back to pass-through"

// Attach starts the ladder of a stream that just went live, if it asks for
// one (media.Output). ffmpeg itself is started on the job's goroutine.
func (t *Transcoder) Attach(l *media.Live) {
	if !l.Ladder {
		return
	}
	log := t.log.With("channel_id", l.ChannelID)
	src, w, h, err := source(l)
	if err != nil {
		log.Warn(fallback, "reason", err.Error())
		return
	}
	rungs := plan(w, h, t.cfg.Rungs)
	if len(rungs) == 0 {
		log.Info("STANDARD channel: no rendition below the source's resolution", "width", w, "height", h)
		return
	}
	if t.cfg.FFmpeg == "" {
		log.Warn(fallback, "reason", "ffmpeg disabled (media.ffmpeg is empty)")
		return
	}
	ffmpeg, err := exec.LookPath(t.cfg.FFmpeg)
	if err != nil {
		log.Warn(fallback, "reason", "ffmpeg not found", "ffmpeg", t.cfg.FFmpeg)
		return
	}
	j, err := newJob(jobConfig{ffmpeg: ffmpeg, keyInterval: t.cfg.KeyInterval, queue: t.cfg.Queue},
		l, src, rungs, t.outputs, log)
	if err != nil {
		if !errors.Is(err, stream.ErrClosed) {
			log.Warn(fallback, "reason", err.Error())
		}
		return
	}
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		j.abort()
		return
	}
	t.jobs[l.PlaybackID] = j
	t.wg.Add(1)
	t.mu.Unlock()
	go func() {
		defer t.wg.Done()
		j.run()
		t.mu.Lock()
		if t.jobs[l.PlaybackID] == j {
			delete(t.jobs, l.PlaybackID)
		}
		t.mu.Unlock()
	}()
}

// Close stops every ladder and waits for its ffmpeg to exit. Streams that
// go live afterwards get none.
func (t *Transcoder) Close() {
	t.mu.Lock()
	t.closed = true
	for _, j := range t.jobs {
		j.stop()
	}
	t.mu.Unlock()
	t.wg.Wait()
}

// PID is the process id of the ffmpeg making a live stream's ladder, 0 when
// there is none (for diagnostics and tests).
func (t *Transcoder) PID(playbackID string) int {
	t.mu.Lock()
	j := t.jobs[playbackID]
	t.mu.Unlock()
	if j == nil {
		return 0
	}
	return int(j.pid.Load())
}

// source picks the stream's video track and its size.
func source(l *media.Live) (*stream.Track, int, int, error) {
	for i, tr := range l.Stream.Tracks() {
		if !tr.Codec.IsVideo() {
			continue
		}
		switch tr.Codec.(type) {
		case *stream.H264, *stream.H265:
		default:
			return nil, 0, 0, fmt.Errorf("%s video is not transcoded", tr.Codec.Name())
		}
		if i >= len(l.Info.Tracks) || l.Info.Tracks[i].Width <= 0 || l.Info.Tracks[i].Height <= 0 {
			return nil, 0, 0, errors.New("the video's resolution is unknown")
		}
		return tr, l.Info.Tracks[i].Width, l.Info.Tracks[i].Height, nil
	}
	return nil, 0, 0, errors.New("no video track")
}

// rendition is a planned rung: its name and output size.
type rendition struct {
	name          string
	width, height int
	bitrate       int // bit/s
}

// plan returns the rungs strictly below a w x h source, tallest first,
// scaled to its aspect ratio with even sides.
func plan(w, h int, rungs []Rung) []rendition {
	short, long := min(w, h), max(w, h)
	var out []rendition
	for _, r := range rungs {
		if r.Lines <= 0 || r.Lines >= short {
			continue
		}
		lines := r.Lines &^ 1
		other := int(math.Round(float64(long)*float64(r.Lines)/float64(short)/2)) * 2
		rw, rh := other, lines
		if w < h {
			rw, rh = lines, other
		}
		out = append(out, rendition{name: fmt.Sprintf("%dp", r.Lines), width: rw, height: rh, bitrate: r.Bitrate * 1000})
	}
	slices.SortStableFunc(out, func(a, b rendition) int { return min(b.width, b.height) - min(a.width, a.height) })
	return out
}
