package stream

import (
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"
)

// paramSets follows an H264/H265 track's parameter sets so every key frame
// can carry them in band. Containers like FLV send them once, out of band,
// but DTS extraction, segmenters and WebRTC decoders want them with each key
// frame; and a reader joining late starts at a key frame.
type paramSets struct {
	vps, sps, pps []byte
}

func newParamSets(c Codec) *paramSets {
	switch c := c.(type) {
	case *H264:
		return &paramSets{sps: c.SPS, pps: c.PPS}
	case *H265:
		return &paramSets{vps: c.VPS, sps: c.SPS, pps: c.PPS}
	}
	return nil
}

// apply records the parameter sets found in payload and returns the payload
// to deliver: key frames get any missing sets prepended; units holding no
// picture (parameter sets, SEI only) yield nil and are not delivered.
func (p *paramSets) apply(c Codec, payload [][]byte, key bool) [][]byte {
	var vps, sps, pps, picture bool
	for _, n := range payload {
		switch c.(type) {
		case *H264:
			switch t := h264.NALUType(n[0] & 0x1f); {
			case t == h264.NALUTypeSPS:
				p.sps, sps = n, true
			case t == h264.NALUTypePPS:
				p.pps, pps = n, true
			case t >= h264.NALUTypeNonIDR && t <= h264.NALUTypeIDR:
				picture = true
			}
		case *H265:
			switch t := h265.NALUType((n[0] >> 1) & 0x3f); {
			case t == h265.NALUType_VPS_NUT:
				p.vps, vps = n, true
			case t == h265.NALUType_SPS_NUT:
				p.sps, sps = n, true
			case t == h265.NALUType_PPS_NUT:
				p.pps, pps = n, true
			case t < h265.NALUType_VPS_NUT: // VCL NAL units
				picture = true
			}
		}
	}
	if !picture {
		return nil
	}
	if !key {
		return payload
	}
	var prefix [][]byte
	if _, isH265 := c.(*H265); isH265 && !vps && len(p.vps) > 0 {
		prefix = append(prefix, p.vps)
	}
	if !sps && len(p.sps) > 0 {
		prefix = append(prefix, p.sps)
	}
	if !pps && len(p.pps) > 0 {
		prefix = append(prefix, p.pps)
	}
	if prefix == nil {
		return payload
	}
	// An access unit delimiter stays first.
	if aud(c, payload[0]) {
		return append(append([][]byte{payload[0]}, prefix...), payload[1:]...)
	}
	return append(prefix, payload...)
}

func aud(c Codec, n []byte) bool {
	if _, isH265 := c.(*H265); isH265 {
		return h265.NALUType((n[0]>>1)&0x3f) == h265.NALUType_AUD_NUT
	}
	return h264.NALUType(n[0]&0x1f) == h264.NALUTypeAccessUnitDelimiter
}
