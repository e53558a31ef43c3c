package rtmp

import (
	"errors"
	"math"
	"strings"
	"unicode"

	"github.com/bluenviron/gortmplib/pkg/amf0"

	"github.com/onair/onair/internal/media"
)

// App is the only RTMP application Onair serves: rtmp://host:port/live/<streamKey>.
const App = "live"

// maxKeyLen bounds what is sent to the authorizer.
const maxKeyLen = 256

var (
	errUnknownApp = errors.New("unknown RTMP application (use /" + App + "/<stream key>)")
	errNoKey      = errors.New("missing or malformed stream key")
)

// streamKeyFromPath takes the stream key out of a publish URL's path,
// "/live/<key>". Stray slashes around the key are tolerated (encoders
// configured with ".../live/" plus a key); anything else is refused.
func streamKeyFromPath(path string) (string, error) {
	app, key, _ := strings.Cut(strings.TrimLeft(path, "/"), "/")
	if app != App {
		return "", errUnknownApp
	}
	key = strings.Trim(key, "/")
	if key == "" || len(key) > maxKeyLen {
		return "", errNoKey
	}
	for _, c := range []byte(key) {
		if c <= ' ' || c >= 0x7f || c == '/' {
			return "", errNoKey
		}
	}
	return key, nil
}

// Bounds for declared metadata; values outside them are dropped as noise.
const (
	maxDimension  = 16384
	maxFrameRate  = 1000
	maxDataRate   = 1_000_000 // kbit/s
	maxSampleRate = 384_000
	maxChannels   = 64
	maxTextLen    = 128
)

// metadataFromAMF reads an onMetaData data message ("@setDataFrame",
// "onMetaData", {...} or "onMetaData", {...}). ok is false for any other
// data message. Unknown keys and implausible values are ignored.
func metadataFromAMF(d amf0.Data) (md media.Metadata, ok bool) {
	var obj amf0.Object
	for i, v := range d {
		if s, isStr := v.(string); !isStr || s != "onMetaData" || i+1 >= len(d) {
			continue
		}
		switch o := d[i+1].(type) {
		case amf0.Object:
			obj, ok = o, true
		case amf0.ECMAArray:
			obj, ok = amf0.Object(o), true
		}
		break
	}
	if !ok {
		return md, false
	}
	stereo := false
	for _, e := range obj {
		switch strings.ToLower(e.Key) {
		case "width":
			md.Width = intIn(e.Value, 1, maxDimension)
		case "height":
			md.Height = intIn(e.Value, 1, maxDimension)
		case "framerate", "fps":
			md.FrameRate = floatIn(e.Value, maxFrameRate)
		case "videodatarate":
			md.VideoDataRate = floatIn(e.Value, maxDataRate)
		case "audiodatarate":
			md.AudioDataRate = floatIn(e.Value, maxDataRate)
		case "audiosamplerate":
			md.AudioSampleRate = intIn(e.Value, 1, maxSampleRate)
		case "audiochannels":
			md.AudioChannels = intIn(e.Value, 1, maxChannels)
		case "stereo":
			stereo, _ = e.Value.(bool)
		case "videocodecid":
			md.VideoCodec = codecName(e.Value, videoCodecs)
		case "audiocodecid":
			md.AudioCodec = codecName(e.Value, audioCodecs)
		case "encoder":
			md.Encoder = text(e.Value)
		}
	}
	if md.AudioChannels == 0 && stereo {
		md.AudioChannels = 2
	}
	return md, true
}

func number(v any) (float64, bool) {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func intIn(v any, lo, hi int) int {
	f, ok := number(v)
	if !ok || f < float64(lo) || f > float64(hi) {
		return 0
	}
	return int(math.Round(f))
}

func floatIn(v any, hi float64) float64 {
	f, ok := number(v)
	if !ok || f <= 0 || f > hi {
		return 0
	}
	return math.Round(f*1000) / 1000
}

// text keeps at most maxTextLen bytes of printable UTF-8.
func text(v any) string {
	s, _ := v.(string)
	s = strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if len(s) > maxTextLen {
		s = strings.ToValidUTF8(s[:maxTextLen], "") // drops a rune cut in half
	}
	return strings.TrimSpace(s)
}

// Codec ids of classic FLV and the FourCCs of enhanced RTMP.
var (
	videoCodecs = map[uint32]string{2: "h263", 4: "vp6", 7: "h264", 12: "h265",
		fourCC("avc1"): "h264", fourCC("hvc1"): "h265", fourCC("av01"): "av1", fourCC("vp09"): "vp9"}
	audioCodecs = map[uint32]string{2: "mp3", 10: "aac", 11: "speex",
		fourCC("mp4a"): "aac", fourCC("Opus"): "opus", fourCC(".mp3"): "mp3", fourCC("ac-3"): "ac3", fourCC("fLaC"): "flac"}
)

func fourCC(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

// codecName maps a numeric id or a FourCC (number or string) to a name.
func codecName(v any, known map[uint32]string) string {
	switch x := v.(type) {
	case float64:
		if x >= 0 && x <= math.MaxUint32 && x == math.Trunc(x) {
			return known[uint32(x)]
		}
	case string:
		if len(x) == 4 {
			return known[fourCC(x)]
		}
	}
	return ""
}
