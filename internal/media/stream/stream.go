// Package stream fans one publisher's media out to any number of readers.
//
// Media flows one way: an ingest writes units into a Stream, and every output
// (HLS muxer, WHEP peer, stats sampler) takes them from its own Reader. Each
// reader has a bounded queue; when it is full the unit is dropped for that
// reader alone and counted, so a slow reader never holds up the publisher or
// the other readers. Readers know nothing about the ingest that feeds them.
package stream

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned when adding a reader to a stream that has ended.
var ErrClosed = errors.New("stream closed")

// DefaultQueue is a reader queue long enough for several seconds of a
// typical stream (about 30 video frames and 45 audio frames a second).
const DefaultQueue = 512

// Track is one elementary stream of a Stream.
type Track struct {
	// ID is the track's index in Stream.Tracks.
	ID    int
	Codec Codec
}

// Unit is one access unit (a video frame or an audio frame/packet). Units
// are shared by every reader and must be treated as read-only.
//
// Stream.Write normalises what it delivers: empty payload elements are
// removed, H264/H265 key frames carry their parameter sets in band, and
// H264/H265 units without a picture (parameter sets alone, SEI) are absorbed.
type Unit struct {
	Track *Track
	// PTS and DTS are presentation and decoding times on the stream's
	// common clock (every track of a stream shares it).
	PTS time.Duration
	DTS time.Duration
	// NTP is the wall-clock time the unit was received; outputs use it for
	// EXT-X-PROGRAM-DATE-TIME and latency figures.
	NTP time.Time
	// Payload is the unit's data: the NAL units of an H264/H265 access unit,
	// the OBUs of an AV1 temporal unit, or a single frame or packet.
	Payload [][]byte
	// Key marks a random access point; Write sets it.
	Key bool
}

// Stream is one live publication: a fixed set of tracks and its readers.
type Stream struct {
	tracks []*Track

	// writeMu serialises writers so per-track and per-reader state needs no
	// further locking; there is normally exactly one writer anyway.
	writeMu sync.Mutex
	params  []*paramSets // by track id; nil for codecs without them
	mu      sync.RWMutex
	readers map[*Reader]struct{}
	closed  bool
	done    chan struct{}

	units atomic.Uint64
	bytes atomic.Uint64
}

// New returns a stream carrying codecs, one track each, in order.
func New(codecs ...Codec) (*Stream, error) {
	if len(codecs) == 0 {
		return nil, errors.New("a stream needs at least one track")
	}
	s := &Stream{readers: make(map[*Reader]struct{}), done: make(chan struct{})}
	for i, c := range codecs {
		if c == nil {
			return nil, fmt.Errorf("track %d has no codec", i)
		}
		s.tracks = append(s.tracks, &Track{ID: i, Codec: c})
		s.params = append(s.params, newParamSets(c))
	}
	return s, nil
}

// Tracks returns the stream's tracks; callers must not modify them.
func (s *Stream) Tracks() []*Track { return s.tracks }

// Done is closed when the stream ends.
func (s *Stream) Done() <-chan struct{} { return s.done }

// Stats are running totals of what the publisher wrote.
type Stats struct {
	Units   uint64
	Bytes   uint64
	Readers int
}

// Stats returns the stream's running totals.
func (s *Stream) Stats() Stats {
	s.mu.RLock()
	n := len(s.readers)
	s.mu.RUnlock()
	return Stats{Units: s.units.Load(), Bytes: s.bytes.Load(), Readers: n}
}

// Write hands u to every reader without blocking, normalised as described
// at Unit. A unit left with no payload, or of a foreign track, is ignored.
// Writing to a closed stream does nothing. Write takes ownership of u.
func (s *Stream) Write(u *Unit) {
	if u.Track == nil || u.Track.ID < 0 || u.Track.ID >= len(s.tracks) || s.tracks[u.Track.ID] != u.Track {
		return
	}
	u.Payload = compact(u.Payload)
	if len(u.Payload) == 0 {
		return
	}
	u.Key = u.Track.Codec.isKey(u.Payload)

	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if p := s.params[u.Track.ID]; p != nil {
		if u.Payload = p.apply(u.Track.Codec, u.Payload, u.Key); u.Payload == nil {
			return
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return
	}
	s.units.Add(1)
	for _, p := range u.Payload {
		s.bytes.Add(uint64(len(p)))
	}
	for r := range s.readers {
		r.offer(u)
	}
}

// compact drops empty elements, copying only when there is one.
func compact(p [][]byte) [][]byte {
	for i, b := range p {
		if len(b) == 0 {
			out := make([][]byte, 0, len(p)-1)
			out = append(out, p[:i]...)
			for _, b := range p[i+1:] {
				if len(b) > 0 {
					out = append(out, b)
				}
			}
			return out
		}
	}
	return p
}

// AddReader attaches a reader with a queue of queue units (DefaultQueue
// when queue <= 0). The reader starts at the next key frame of each video
// track. It fails with ErrClosed once the stream has ended.
func (s *Stream) AddReader(name string, queue int) (*Reader, error) {
	if queue <= 0 {
		queue = DefaultQueue
	}
	r := &Reader{name: name, s: s, ch: make(chan *Unit, queue), wait: make([]keyWait, len(s.tracks))}
	for i, t := range s.tracks {
		if t.Codec.IsVideo() {
			r.wait[i] = waitFirst
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	s.readers[r] = struct{}{}
	return r, nil
}

// Close ends the stream: every reader's channel is closed once it has
// delivered what is queued. Close is idempotent.
func (s *Stream) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for r := range s.readers {
		close(r.ch)
	}
	clear(s.readers)
	close(s.done)
}

// keyWait is a reader's state for one video track.
type keyWait uint8

const (
	deliver   keyWait = iota
	waitFirst         // not started yet: skip silently to the first key frame
	waitLost          // a frame was dropped: skip (and count) to the next key frame
)

// Reader receives a stream's units through its own bounded queue.
type Reader struct {
	name    string
	s       *Stream
	ch      chan *Unit
	dropped atomic.Uint64
	// wait is indexed by track id; only Write touches it, under writeMu.
	wait []keyWait
}

// Name is the label the reader was added with.
func (r *Reader) Name() string { return r.name }

// Units delivers the stream's units in order; it is closed when the stream
// ends or the reader is closed.
func (r *Reader) Units() <-chan *Unit { return r.ch }

// Dropped counts the units this reader lost because its queue was full,
// including the video frames skipped after a loss until the next key frame.
func (r *Reader) Dropped() uint64 { return r.dropped.Load() }

// Close detaches the reader; its channel is closed. Close is idempotent.
func (r *Reader) Close() {
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if _, ok := r.s.readers[r]; ok {
		delete(r.s.readers, r)
		close(r.ch)
	}
}

// offer queues u or drops it. A dropped video frame breaks the frames that
// depend on it, so after a loss the track is skipped until its next key frame.
func (r *Reader) offer(u *Unit) {
	id := u.Track.ID
	video := u.Track.Codec.IsVideo()
	if video && r.wait[id] != deliver {
		if !u.Key {
			if r.wait[id] == waitLost {
				r.dropped.Add(1)
			}
			return
		}
		r.wait[id] = deliver
	}
	select {
	case r.ch <- u:
	default:
		r.dropped.Add(1)
		if video {
			r.wait[id] = waitLost
		}
	}
}
