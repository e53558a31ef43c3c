package stream

import (
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/vp9"
)

// Codec describes a track's format and its out-of-band parameters. The
// concrete types are the codecs Onair carries end to end.
type Codec interface {
	// Name is the codec's short name for logs and events ("h264", "aac").
	Name() string
	// IsVideo reports whether the codec carries pictures.
	IsVideo() bool
	// isKey reports whether a unit's payload is a random access point.
	isKey(payload [][]byte) bool
}

// H264 is H.264/AVC video; payloads are the access unit's NAL units.
type H264 struct {
	SPS []byte
	PPS []byte
}

// H265 is H.265/HEVC video; payloads are the access unit's NAL units.
type H265 struct {
	VPS []byte
	SPS []byte
	PPS []byte
}

// AV1 is AV1 video; payloads are the temporal unit's OBUs. The sequence
// header travels in band with every key frame.
type AV1 struct {
	// unused keeps distinct values from sharing one address.
	unused int //nolint:unused
}

// VP9 is VP9 video; the payload is one frame.
type VP9 struct {
	unused int //nolint:unused
}

// MPEG4Audio is AAC (MPEG-4 Audio); the payload is one access unit.
type MPEG4Audio struct {
	Config mpeg4audio.AudioSpecificConfig
}

// Opus is Opus audio; the payload is one packet.
type Opus struct {
	ChannelCount int
}

func (*H264) Name() string       { return "h264" }
func (*H265) Name() string       { return "h265" }
func (*AV1) Name() string        { return "av1" }
func (*VP9) Name() string        { return "vp9" }
func (*MPEG4Audio) Name() string { return "aac" }
func (*Opus) Name() string       { return "opus" }

func (*H264) IsVideo() bool       { return true }
func (*H265) IsVideo() bool       { return true }
func (*AV1) IsVideo() bool        { return true }
func (*VP9) IsVideo() bool        { return true }
func (*MPEG4Audio) IsVideo() bool { return false }
func (*Opus) IsVideo() bool       { return false }

// Payloads reaching isKey never hold empty elements (Write removes them).
func (*H264) isKey(p [][]byte) bool { return h264.IsRandomAccess(p) }
func (*H265) isKey(p [][]byte) bool { return h265.IsRandomAccess(p) }
func (*AV1) isKey(p [][]byte) bool  { return av1.IsRandomAccess2(p) }
func (*VP9) isKey(p [][]byte) bool  { return vp9.IsRandomAccess(p[0]) }

// Every audio unit can be decoded on its own.
func (*MPEG4Audio) isKey([][]byte) bool { return true }
func (*Opus) isKey([][]byte) bool       { return true }
