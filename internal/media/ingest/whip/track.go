package whip

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/vp9"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media/samplebuilder"

	"github.com/onair/onair/internal/media/stream"
)

// Reassembly limits. Frames wait this long for a lost packet to be
// retransmitted (NACK) before they are given up; audio is not retransmitted
// by browsers, so it waits only for reordering.
const (
	videoMaxLate      = 1000 // packets
	videoMaxLateDelay = 400 * time.Millisecond
	audioMaxLate      = 50
	audioMaxLateDelay = 100 * time.Millisecond
)

// track turns one incoming RTP stream into units: it reorders and
// reassembles frames (pion's sample builder and depacketizers), maps RTP
// timestamps to the stream's clock, and for video skips to the next key
// frame after a loss. Its state is guarded by the session's lock.
type track struct {
	video bool
	mime  string
	rate  int64
	ssrc  uint32
	build *samplebuilder.SampleBuilder
	// codec is known once the track is ready (for H264, once a key frame
	// with its parameter sets has been seen).
	codec stream.Codec
	st    *stream.Track // set when the stream starts with this track

	// RTP timestamps, extended to 64 bits.
	tsKnown  bool
	lastTS   uint32
	ext      int64
	firstExt int64
	firstAt  time.Time
	// The newest RTCP sender report, mapping an extended RTP timestamp to
	// the sender's wall clock.
	srKnown bool
	srExt   int64
	srNTP   time.Time
	// offset maps extended timestamps to PTS once the stream has started.
	offset time.Duration

	ready     bool
	units     uint64
	sps, pps  []byte
	dts       h264.DTSExtractor
	dtsBroken bool
	waitKey   bool // video: skipping to the next key frame
	lastKey   time.Time
	lastPLI   time.Time
	lost      uint64 // frames given up

	// Loss accounting (see push): the padding-only packets waiting in the
	// sample builder, and the last packet of the newest sample.
	padding  paddingSet
	outKnown bool
	outSeq   uint16
}

// errCodec refuses a track whose codec was negotiated but is not carried.
var errCodec = errors.New("unsupported codec")

func newTrack(tr *webrtc.TrackRemote) (*track, error) {
	c := tr.Codec()
	t := &track{mime: strings.ToLower(c.MimeType), rate: int64(c.ClockRate), ssrc: uint32(tr.SSRC())}
	if t.rate <= 0 {
		return nil, fmt.Errorf("%w: clock rate %d", errCodec, c.ClockRate)
	}
	var dep rtp.Depacketizer
	switch t.mime {
	case strings.ToLower(webrtc.MimeTypeH264):
		dep = &codecs.H264Packet{}
		t.dts.Initialize()
	case strings.ToLower(webrtc.MimeTypeVP9):
		dep, t.codec = &codecs.VP9Packet{}, &stream.VP9{}
	case strings.ToLower(webrtc.MimeTypeAV1):
		dep, t.codec = &codecs.AV1Depacketizer{}, &stream.AV1{}
	case strings.ToLower(webrtc.MimeTypeOpus):
		channels := int(c.Channels)
		if channels <= 0 {
			channels = 2
		}
		dep, t.codec = &codecs.OpusPacket{}, &stream.Opus{ChannelCount: channels}
	default:
		return nil, fmt.Errorf("%w: %s", errCodec, c.MimeType)
	}
	t.video = tr.Kind() == webrtc.RTPCodecTypeVideo
	t.init(dep)
	return t, nil
}

// init makes the sample builder around dep.
func (t *track) init(dep rtp.Depacketizer) {
	maxLate, maxDelay := uint16(audioMaxLate), audioMaxLateDelay
	if t.video {
		t.waitKey = true
		maxLate, maxDelay = videoMaxLate, videoMaxLateDelay
	}
	t.build = samplebuilder.New(maxLate, paddingTail{dep}, uint32(t.rate),
		samplebuilder.WithMaxTimeDelay(maxDelay), samplebuilder.WithRTPHeaders(true))
}

// paddingTail makes a padding-only packet a sample of its own, which the
// sample builder then discards. Senders fill spare bandwidth with such
// packets between frames (Chromium's pacer does several times a second
// when RTX is not negotiated, with the timestamp of a neighbouring
// frame); the sample builder would otherwise take the padding and the
// next frame for one sample that does not start a frame, and drop both.
type paddingTail struct{ rtp.Depacketizer }

func (d paddingTail) IsPartitionTail(marker bool, payload []byte) bool {
	return len(payload) == 0 || d.Depacketizer.IsPartitionTail(marker, payload)
}

// paddingSet records the sequence numbers of padding-only packets, so
// that discarding them is not taken for loss.
type paddingSet [1 << 16 / 64]uint64

func (p *paddingSet) set(seq uint16, on bool) {
	if on {
		p[seq/64] |= 1 << (seq % 64)
	} else {
		p[seq/64] &^= 1 << (seq % 64)
	}
}

func (p *paddingSet) has(seq uint16) bool { return p[seq/64]&(1<<(seq%64)) != 0 }

// extend maps a 32-bit RTP timestamp near the newest one to 64 bits.
func (t *track) extend(ts uint32) int64 {
	if !t.tsKnown {
		return int64(ts)
	}
	return t.ext + int64(int32(ts-t.lastTS))
}

// advance records a packet's timestamp.
func (t *track) advance(ts uint32, at time.Time) {
	if !t.tsKnown {
		t.tsKnown, t.lastTS, t.ext, t.firstExt, t.firstAt = true, ts, int64(ts), int64(ts), at
		return
	}
	if e := t.extend(ts); e > t.ext {
		t.ext, t.lastTS = e, ts
	}
}

// senderReport records an RTCP sender report.
func (t *track) senderReport(rtpTime uint32, ntp uint64) {
	t.srKnown, t.srExt, t.srNTP = true, t.extend(rtpTime), ntpTime(ntp)
}

// frame is an assembled access unit waiting to become a stream unit.
type frame struct {
	t       *track
	ext     int64 // PTS as an extended RTP timestamp
	dtsExt  int64
	at      time.Time
	payload [][]byte
	key     bool
}

// result of pushing a packet.
type pushResult struct {
	frames []frame
	// needKey asks the publisher for a key frame (a frame was lost).
	needKey bool
}

// push adds a packet and returns the frames it completed.
func (t *track) push(pkt *rtp.Packet, at time.Time) pushResult {
	var res pushResult
	if t.outKnown && int16(pkt.SequenceNumber-t.outSeq) <= 0 {
		// A duplicate or a retransmission too late to use (browsers also
		// probe bandwidth by resending packets over RTX): the sample
		// builder must not take it for the start of new data.
		return res
	}
	t.advance(pkt.Timestamp, at)
	t.padding.set(pkt.SequenceNumber, len(pkt.Payload) == 0)
	t.build.Push(pkt)
	for {
		s := t.build.Pop()
		if s == nil {
			return res
		}
		if len(s.RTPHeaders) == 0 {
			continue
		}
		first, last := s.RTPHeaders[0].SequenceNumber, s.RTPHeaders[len(s.RTPHeaders)-1].SequenceNumber
		lost := t.lostBefore(first, s.PrevDroppedPackets)
		t.outKnown, t.outSeq = true, last
		if lost && t.video && t.units > 0 {
			// Frames were lost: what follows may reference them.
			t.lost++
			if !t.waitKey {
				t.waitKey, res.needKey = true, true
			}
		}
		if len(s.Data) == 0 {
			continue
		}
		f, ok := t.frame(s.Data, s.PacketTimestamp, at)
		if !ok {
			continue
		}
		if t.video {
			if f.key {
				t.waitKey, t.lastKey = false, at
			} else if t.waitKey {
				continue
			}
		}
		t.units++
		res.frames = append(res.frames, f)
	}
}

// lostBefore reports whether the packets the sample builder dropped
// before the sample starting at first held media (not only padding).
func (t *track) lostBefore(first uint16, dropped uint16) bool {
	if dropped == 0 {
		return false
	}
	if !t.outKnown || int16(first-t.outSeq) <= 0 {
		return true
	}
	lost := false
	for seq := t.outSeq + 1; seq != first; seq++ {
		if !t.padding.has(seq) {
			lost = true
		}
		t.padding.set(seq, false)
	}
	return lost
}

// frame parses a depacketized sample into a unit's payload.
func (t *track) frame(data []byte, ts uint32, at time.Time) (frame, bool) {
	f := frame{t: t, ext: t.extend(ts), at: at}
	f.dtsExt = f.ext
	switch t.codec.(type) {
	case *stream.VP9:
		f.payload, f.key = [][]byte{data}, vp9.IsRandomAccess(data)
	case *stream.AV1:
		var bs av1.Bitstream
		if err := bs.Unmarshal(data); err != nil || len(bs) == 0 {
			return f, false
		}
		f.payload, f.key = bs, av1.IsRandomAccess2(bs)
	case *stream.Opus:
		f.payload = [][]byte{data}
	default: // H264, codec known or not yet
		var au h264.AnnexB
		if err := au.Unmarshal(data); err != nil || len(au) == 0 {
			return f, false
		}
		var hasSPS, hasPPS bool
		for _, n := range au {
			switch h264.NALUType(n[0] & 0x1f) {
			case h264.NALUTypeSPS:
				t.sps, hasSPS = n, true
			case h264.NALUTypePPS:
				t.pps, hasPPS = n, true
			}
		}
		f.payload, f.key = au, h264.IsRandomAccess(au)
		if f.key && t.codec == nil {
			if t.sps == nil || t.pps == nil {
				return f, false // useless without its parameter sets
			}
			var sps h264.SPS
			if err := sps.Unmarshal(t.sps); err != nil {
				return f, false
			}
			t.codec = &stream.H264{SPS: t.sps, PPS: t.pps}
		}
		if t.codec == nil {
			return f, false
		}
		if f.key && (!hasSPS || !hasPPS) {
			// Key frames carry their parameter sets (the DTS extractor
			// and late joiners need them).
			f.payload = append([][]byte{t.sps, t.pps}, au...)
		}
		if f.key && t.dtsBroken {
			t.dts = h264.DTSExtractor{}
			t.dts.Initialize()
			t.dtsBroken = false
		}
		dts, err := t.dts.Extract(f.payload, f.ext)
		if err != nil {
			// Picture order the extractor cannot follow: decode order is
			// taken as presentation order until the next key frame.
			t.dtsBroken, dts = true, f.ext
		}
		f.dtsExt = dts
	}
	if t.video && f.key {
		t.ready = true
	} else if !t.video {
		t.ready = true
	}
	return f, true
}

// duration converts n ticks of the track's clock without overflowing.
func (t *track) duration(n int64) time.Duration {
	return time.Duration(n/t.rate)*time.Second + time.Duration(n%t.rate)*time.Second/time.Duration(t.rate)
}

// unit converts a frame once the stream runs.
func (t *track) unit(f frame) *stream.Unit {
	return &stream.Unit{Track: t.st, PTS: t.duration(f.ext) + t.offset, DTS: t.duration(f.dtsExt) + t.offset, NTP: f.at, Payload: f.payload}
}

// ntpEpoch is 1900-01-01, where NTP time starts.
const ntpEpochOffset = 2208988800

func ntpTime(ntp uint64) time.Time {
	sec := int64(ntp>>32) - ntpEpochOffset
	frac := int64((ntp & 0xffffffff) * 1e9 >> 32)
	return time.Unix(sec, frac)
}
