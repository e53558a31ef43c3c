package whep

import (
	"errors"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// B-frames (frames decoded before frames they are shown after) are common
// in RTMP sources (x264 and OBS use them by default). Browsers' WebRTC
// decoders show frames in decoding order, so such a stream plays at a few
// frames a second: viewers are sent to HLS instead. A stream is known to
// use them from its H264 parameters (x264 declares its reordering depth)
// or, failing that, from the first video unit whose PTS is not its DTS;
// viewers already watching are then ended.

// errBFrames ends a viewer's session when B-frames show up.
var errBFrames = errors.New("stream uses b-frames")

var detailBFrames = api.ErrorDetail{Code: "WebRTCUnsupportedStreamException",
	Message: "This stream uses B-frames, which WebRTC playback cannot show. Watch with standard latency, or set B-frames to 0 in your encoder."}

// declaresReordering reports whether an H264 SPS allows frames to be shown
// in another order than they are decoded.
func declaresReordering(sps []byte) bool {
	var s h264.SPS
	if err := s.Unmarshal(sps); err != nil || s.VUI == nil || s.VUI.BitstreamRestriction == nil {
		return false // unknown: the units will tell
	}
	return s.VUI.BitstreamRestriction.MaxNumReorderFrames > 0
}

// hasBFrames reports whether l is known to use B-frames. Called with s.mu
// held; it also forgets streams that ended.
func (s *Server) hasBFrames(l *media.Live) bool {
	for k := range s.bframes {
		select {
		case <-k.Stream.Done():
			delete(s.bframes, k)
		default:
		}
	}
	if s.bframes[l] {
		return true
	}
	for _, t := range l.Stream.Tracks() {
		if c, ok := t.Codec.(*stream.H264); ok && declaresReordering(c.SPS) {
			s.bframes[l] = true
			return true
		}
	}
	return false
}

// sawBFrames records that l uses B-frames.
func (s *Server) sawBFrames(l *media.Live) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bframes[l] = true
}

// reordered reports whether a video unit is shown at another time than it
// is decoded.
func reordered(u *stream.Unit) bool { return u.PTS != u.DTS }
