package whep

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/media/stream"
)

// mtu bounds an RTP payload, leaving room for SRTP and tunnels.
const mtu = 1200

// sender packetizes one track's units for one viewer with pion's
// payloaders. RTP timestamps follow the units' PTS on the stream's common
// clock, so the viewer's RTCP sender reports keep audio and video aligned.
type sender struct {
	track     *webrtc.TrackLocalStaticRTP
	rtpSender *webrtc.RTPSender
	payloader rtp.Payloader
	video     bool
	rate      int64
	seq       uint16
	tsBase    uint32
	units     uint64
	// firstKey is when the first video key frame went out.
	firstKey time.Time
}

func newSender(codec webrtc.RTPCodecParameters, video bool) (*sender, error) {
	var p rtp.Payloader
	switch codec.MimeType {
	case webrtc.MimeTypeH264:
		p = &codecs.H264Payloader{}
	case webrtc.MimeTypeVP9:
		p = &codecs.VP9Payloader{}
	case webrtc.MimeTypeAV1:
		p = &codecs.AV1Payloader{}
	case webrtc.MimeTypeOpus:
		p = &codecs.OpusPayloader{}
	default:
		return nil, errors.New("no payloader for " + codec.MimeType)
	}
	id := "audio"
	if video {
		id = "video"
	}
	tr, err := webrtc.NewTrackLocalStaticRTP(codec.RTPCodecCapability, id, "onair")
	if err != nil {
		return nil, err
	}
	var r [6]byte
	_, _ = rand.Read(r[:])
	return &sender{track: tr, payloader: p, video: video, rate: int64(codec.ClockRate),
		seq: binary.BigEndian.Uint16(r[:2]), tsBase: binary.BigEndian.Uint32(r[2:])}, nil
}

// write sends one unit; the error is the connection's.
func (s *sender) write(u *stream.Unit, now time.Time) error {
	var data []byte
	switch u.Track.Codec.(type) {
	case *stream.H264:
		b, err := h264.AnnexB(u.Payload).Marshal()
		if err != nil {
			return nil // a broken unit is skipped
		}
		data = b
	case *stream.AV1:
		b, err := av1.Bitstream(u.Payload).Marshal()
		if err != nil {
			return nil
		}
		data = b
	default: // VP9 frame, Opus packet
		data = u.Payload[0]
	}
	payloads := s.payloader.Payload(mtu, data)
	ts := s.tsBase + uint32(ticks(u.PTS, s.rate))
	for i, p := range payloads {
		pkt := &rtp.Packet{Header: rtp.Header{Version: 2, Marker: s.video && i == len(payloads)-1,
			SequenceNumber: s.seq, Timestamp: ts}, Payload: p}
		s.seq++
		if err := s.track.WriteRTP(pkt); err != nil {
			return err
		}
	}
	s.units++
	if s.video && u.Key && s.firstKey.IsZero() {
		s.firstKey = now
	}
	return nil
}

// ticks converts d to a clock of rate ticks per second without overflowing.
func ticks(d time.Duration, rate int64) int64 {
	return int64(d/time.Second)*rate + int64(d%time.Second)*rate/int64(time.Second)
}
