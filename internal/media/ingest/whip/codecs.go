package whip

import (
	"fmt"
	"strings"

	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/rtc"
)

// videoFeedback is what Onair asks of a video sender: retransmissions,
// key frames on request, and (added by the transport) transport-wide
// congestion control feedback. REMB is not offered: the server sends none,
// and a sender that counts on it would stay at its start bitrate.
var videoFeedback = []webrtc.RTCPFeedback{{Type: "ccm", Parameter: "fir"}, {Type: "nack"}, {Type: "nack", Parameter: "pli"}}

// receiveCodecs are the codecs a publisher may send, most preferred first:
// H264 (what every HLS player decodes), then VP9 and AV1; Opus audio.
var receiveCodecs = []struct {
	kind  webrtc.RTPCodecType
	codec webrtc.RTPCodecParameters
}{
	{webrtc.RTPCodecTypeVideo, h264Codec(102, "42e01f")},
	{webrtc.RTPCodecTypeVideo, h264Codec(103, "42001f")},
	{webrtc.RTPCodecTypeVideo, h264Codec(104, "4d001f")},
	{webrtc.RTPCodecTypeVideo, h264Codec(105, "64001f")},
	{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecParameters{PayloadType: 98, RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeVP9, ClockRate: 90000, SDPFmtpLine: "profile-id=0", RTCPFeedback: videoFeedback}}},
	{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecParameters{PayloadType: 45, RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeAV1, ClockRate: 90000, RTCPFeedback: videoFeedback}}},
	{webrtc.RTPCodecTypeAudio, webrtc.RTPCodecParameters{PayloadType: 111, RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"}}},
}

func h264Codec(pt webrtc.PayloadType, profile string) webrtc.RTPCodecParameters {
	return webrtc.RTPCodecParameters{PayloadType: pt, RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeH264, ClockRate: 90000, RTCPFeedback: videoFeedback,
		SDPFmtpLine: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + profile,
	}}
}

// rtxBase is added to a video codec's payload type for its RTX
// (retransmission, RFC 4588) payload type.
const rtxBase = 10

func newMediaEngine() (*webrtc.MediaEngine, error) {
	me := &webrtc.MediaEngine{}
	for _, c := range receiveCodecs {
		if err := me.RegisterCodec(c.codec, c.kind); err != nil {
			return nil, err
		}
		if c.kind != webrtc.RTPCodecTypeVideo {
			continue
		}
		// Browsers then resend lost packets, and probe the bandwidth, on
		// a separate stream that pion unwraps (dropping the probes).
		rtx := webrtc.RTPCodecParameters{PayloadType: c.codec.PayloadType + rtxBase, RTPCodecCapability: webrtc.RTPCodecCapability{
			MimeType: webrtc.MimeTypeRTX, ClockRate: 90000, SDPFmtpLine: fmt.Sprintf("apt=%d", c.codec.PayloadType)}}
		if err := me.RegisterCodec(rtx, c.kind); err != nil {
			return nil, err
		}
	}
	return me, nil
}

// rank orders negotiated codecs by preference; -1 refuses one.
func rank(c webrtc.RTPCodecParameters) int {
	switch {
	case strings.EqualFold(c.MimeType, webrtc.MimeTypeH264):
		// Single NAL unit mode cannot carry frames larger than a packet.
		if (rtc.Codec{Fmtp: c.SDPFmtpLine}).Param("packetization-mode") != "1" {
			return -1
		}
		if strings.Contains(strings.ToLower(c.SDPFmtpLine), "profile-level-id=42e0") {
			return 0 // constrained baseline: what browsers encode in hardware
		}
		return 1
	case strings.EqualFold(c.MimeType, webrtc.MimeTypeVP9):
		return 2
	case strings.EqualFold(c.MimeType, webrtc.MimeTypeAV1):
		return 3
	case strings.EqualFold(c.MimeType, webrtc.MimeTypeOpus):
		return 0
	case strings.EqualFold(c.MimeType, webrtc.MimeTypeRTX):
		return 10 // kept only with the codec it repairs
	}
	return -1
}

// acceptable reports whether an offered section holds a codec Onair takes.
func acceptable(codecs []rtc.Codec) bool {
	for _, c := range codecs {
		switch strings.ToLower(c.Name) {
		case "h264":
			if c.Param("packetization-mode") == "1" {
				return true
			}
		case "vp9", "av1", "opus":
			return true
		}
	}
	return false
}
