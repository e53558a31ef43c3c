package whep

import (
	"encoding/hex"
	"strings"

	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/rtc"
)

var videoFeedback = []webrtc.RTCPFeedback{{Type: "ccm", Parameter: "fir"}, {Type: "nack"}, {Type: "nack", Parameter: "pli"}}

// offered finds the first section of kind in the offer and its codecs.
func offered(sections []*sdp.MediaDescription) []rtc.Codec {
	if len(sections) == 0 {
		return nil
	}
	return rtc.Codecs(sections[0])
}

// videoCodec picks, among the viewer's offered codecs, the one that carries
// the source's video as it is; ok is false when the viewer cannot take it.
func videoCodec(src stream.Codec, offer []rtc.Codec) (webrtc.RTPCodecParameters, bool) {
	var best *rtc.Codec
	score := -1
	for i, c := range offer {
		s := -1
		switch src := src.(type) {
		case *stream.H264:
			if !strings.EqualFold(c.Name, "h264") || c.Param("packetization-mode") != "1" {
				continue
			}
			s = h264Score(src.SPS, c.Param("profile-level-id"))
		case *stream.VP9:
			if !strings.EqualFold(c.Name, "vp9") {
				continue
			}
			s = 1
			if p := c.Param("profile-id"); p == "" || p == "0" {
				s = 2
			}
		case *stream.AV1:
			if strings.EqualFold(c.Name, "av1") {
				s = 1
			}
		}
		if s > score {
			best, score = &offer[i], s
		}
	}
	if best == nil || score < 0 {
		return webrtc.RTPCodecParameters{}, false
	}
	mime := map[string]string{"h264": webrtc.MimeTypeH264, "vp9": webrtc.MimeTypeVP9, "av1": webrtc.MimeTypeAV1}[strings.ToLower(best.Name)]
	return webrtc.RTPCodecParameters{PayloadType: webrtc.PayloadType(best.PayloadType), RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: mime, ClockRate: 90000, SDPFmtpLine: best.Fmtp, RTCPFeedback: videoFeedback}}, true
}

// h264Score rates an offered profile-level-id for a stream with this SPS:
// the same profile and constraints, the same profile, constrained
// baseline, anything else.
func h264Score(sps []byte, profileLevelID string) int {
	plid, err := hex.DecodeString(profileLevelID)
	switch {
	case err != nil || len(plid) != 3:
		return 0
	case len(sps) >= 3 && plid[0] == sps[1] && plid[1] == sps[2]:
		return 3
	case len(sps) >= 2 && plid[0] == sps[1]:
		return 2
	case plid[0] == 0x42 && plid[1]&0x40 != 0:
		return 1
	}
	return 0
}

// opusCodec picks the viewer's Opus codec.
func opusCodec(offer []rtc.Codec) (webrtc.RTPCodecParameters, bool) {
	for _, c := range offer {
		if strings.EqualFold(c.Name, "opus") && c.ClockRate == 48000 {
			return webrtc.RTPCodecParameters{PayloadType: webrtc.PayloadType(c.PayloadType), RTPCodecCapability: webrtc.RTPCodecCapability{
				MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: c.Fmtp}}, true
		}
	}
	return webrtc.RTPCodecParameters{}, false
}
