package hls

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gohlslib/v2"
	"github.com/bluenviron/gohlslib/v2/pkg/codecs"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// muxer turns one live stream into LL-HLS: it reads the stream through its
// own reader and feeds a gohlslib muxer; its edge answers viewers from what
// gohlslib produced.
type muxer struct {
	live *media.Live
	// done is closed when the muxed stream ends: the live stream's, or
	// for a rendition its own.
	done   <-chan struct{}
	reader *stream.Reader
	order  *interleaver
	hls    *gohlslib.Muxer
	edge   *edge
	// tracks maps a stream track id to its HLS track.
	tracks []*gohlslib.Track
	log    *slog.Logger

	ended        atomic.Bool
	encodeErrors atomic.Uint64

	// ladder is set on the muxer of a live stream with renditions
	// (variants.go); rendition is set on a rendition's muxer.
	ladder    ladder
	rendition *media.Rendition
	attached  time.Time // when the rendition was attached
}

// newMuxer returns a muxer of s, which is l's stream or a rendition of it,
// read through rd.
func newMuxer(cfg Config, l *media.Live, s *stream.Stream, rd *stream.Reader, log *slog.Logger) (*muxer, error) {
	m := &muxer{live: l, done: s.Done(), reader: rd, log: log}
	var tracks []*gohlslib.Track
	for _, t := range s.Tracks() {
		ht := hlsTrack(t.Codec)
		if ht == nil {
			return nil, fmt.Errorf("codec %s cannot be muxed to HLS", t.Codec.Name())
		}
		m.tracks = append(m.tracks, ht)
		tracks = append(tracks, ht)
	}
	m.hls = &gohlslib.Muxer{
		Tracks:             tracks,
		Variant:            gohlslib.MuxerVariantLowLatency,
		SegmentCount:       cfg.SegmentCount,
		SegmentMinDuration: cfg.SegmentDuration,
		PartMinDuration:    cfg.PartDuration,
		OnEncodeError:      m.encodeError,
	}
	if err := m.hls.Start(); err != nil {
		return nil, fmt.Errorf("start HLS muxer: %w", err)
	}
	m.edge = newEdge(http.HandlerFunc(m.hls.Handle), log)
	m.order = newInterleaver(s.Tracks(), func(u *stream.Unit) {
		if err := m.write(u); err != nil {
			m.encodeError(err)
		}
	})
	return m, nil
}

// hlsTrack returns a fresh HLS track for c (the muxer updates codec
// parameters in place, so each muxer needs its own).
func hlsTrack(c stream.Codec) *gohlslib.Track {
	switch c := c.(type) {
	case *stream.H264:
		return &gohlslib.Track{Codec: &codecs.H264{SPS: c.SPS, PPS: c.PPS}, ClockRate: 90000}
	case *stream.H265:
		return &gohlslib.Track{Codec: &codecs.H265{VPS: c.VPS, SPS: c.SPS, PPS: c.PPS}, ClockRate: 90000}
	case *stream.AV1:
		return &gohlslib.Track{Codec: &codecs.AV1{}, ClockRate: 90000}
	case *stream.VP9:
		return &gohlslib.Track{Codec: &codecs.VP9{}, ClockRate: 90000}
	case *stream.MPEG4Audio:
		return &gohlslib.Track{Codec: &codecs.MPEG4Audio{Config: c.Config}, ClockRate: c.Config.SampleRate}
	case *stream.Opus:
		return &gohlslib.Track{Codec: &codecs.Opus{ChannelCount: c.ChannelCount}, ClockRate: 48000}
	}
	return nil
}

// run copies units into the muxer, video after the audio that goes with it
// (interleave.go), until the stream ends (or the reader is closed), then
// closes the muxer.
func (m *muxer) run() {
	defer func() {
		// The muxer parses publisher-supplied bitstreams: never let one
		// take the process down. gohlslib's state (and its lock) may then
		// be inconsistent, so it is abandoned rather than closed.
		if p := recover(); p != nil {
			m.ended.Store(true)
			m.edge.abandon()
			m.reader.Close()
			m.log.Error("hls muxer panicked", "panic", p, "stack", string(debug.Stack()))
			return
		}
		m.close()
	}()
	for u := range m.reader.Units() {
		m.order.push(u)
	}
	m.order.flush()
}

func (m *muxer) write(u *stream.Unit) error {
	t := m.tracks[u.Track.ID]
	switch u.Track.Codec.(type) {
	case *stream.H264:
		return m.hls.WriteH264(t, u.NTP, ticks(u.PTS, t.ClockRate), u.Payload)
	case *stream.H265:
		return m.hls.WriteH265(t, u.NTP, ticks(u.PTS, t.ClockRate), u.Payload)
	case *stream.AV1:
		return m.hls.WriteAV1(t, u.NTP, ticks(u.PTS, t.ClockRate), u.Payload)
	case *stream.VP9:
		return m.hls.WriteVP9(t, u.NTP, ticks(u.PTS, t.ClockRate), u.Payload[0])
	case *stream.MPEG4Audio:
		return m.hls.WriteMPEG4Audio(t, u.NTP, ticks(u.PTS, t.ClockRate), u.Payload)
	case *stream.Opus:
		return m.hls.WriteOpus(t, u.NTP, ticks(u.PTS, t.ClockRate), u.Payload)
	}
	return errors.New("unexpected codec")
}

// encodeError logs the first problem and counts the rest: a broken
// publisher would otherwise log every frame. gohlslib's notices that a
// part or segment target duration grew are expected at the start of RTMP
// streams (millisecond timestamps make frame durations jitter) and only
// logged at debug level.
func (m *muxer) encodeError(err error) {
	if strings.Contains(err.Error(), "duration changed") {
		m.log.Debug("hls target duration adjusted", "detail", err.Error())
		return
	}
	if m.encodeErrors.Add(1) == 1 {
		m.log.Warn("hls muxing problem (further ones are counted)", "err", err)
	}
}

// offline reports whether the stream has ended; its muxer may still be
// draining, but viewers are told at once.
func (m *muxer) offline() bool {
	select {
	case <-m.done:
		return true
	default:
		return m.ended.Load()
	}
}

func (m *muxer) close() {
	if m.ended.Swap(true) {
		return
	}
	m.edge.close()
	m.hls.Close()
	m.edge.stop()
	m.log.Info("hls muxer closed", "dropped_units", m.reader.Dropped(), "encode_errors", m.encodeErrors.Load())
}

// ticks converts d to a clock of rate ticks per second without overflowing
// on long streams.
func ticks(d time.Duration, rate int) int64 {
	return int64(d/time.Second)*int64(rate) + int64(d%time.Second)*int64(rate)/int64(time.Second)
}
