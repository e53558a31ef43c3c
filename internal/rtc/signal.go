package rtc

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/pion/sdp/v3"

	"github.com/onair/onair/internal/api"
)

// MaxOffer bounds an SDP offer. Browser offers are 5-10 KiB.
const MaxOffer = 64 << 10

// Offer errors; Status and Detail turn them into answers.
var (
	ErrContentType = errors.New("content type is not application/sdp")
	ErrTooLarge    = errors.New("offer too large")
	ErrBadOffer    = errors.New("invalid SDP offer")
)

// ReadOffer reads and checks an application/sdp request body: bounded,
// parseable, an offer with at least one audio or video section.
func ReadOffer(w http.ResponseWriter, r *http.Request) (*sdp.SessionDescription, string, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/sdp" {
		return nil, "", ErrContentType
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxOffer))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, "", ErrTooLarge
		}
		return nil, "", fmt.Errorf("%w: %w", ErrBadOffer, err)
	}
	desc, err := ParseOffer(body)
	if err != nil {
		return nil, "", err
	}
	return desc, string(body), nil
}

// ParseOffer parses an SDP offer and checks it has media to negotiate.
func ParseOffer(body []byte) (*sdp.SessionDescription, error) {
	if len(body) > MaxOffer {
		return nil, ErrTooLarge
	}
	var desc sdp.SessionDescription
	if err := desc.UnmarshalString(string(body)); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadOffer, err)
	}
	for _, m := range desc.MediaDescriptions {
		if k := m.MediaName.Media; k == "audio" || k == "video" {
			return &desc, nil
		}
	}
	return nil, fmt.Errorf("%w: no audio or video section", ErrBadOffer)
}

// Codec is one codec an SDP media section offers.
type Codec struct {
	PayloadType uint8
	Name        string // e.g. "H264", "opus"
	ClockRate   uint32
	Channels    uint16
	Fmtp        string
}

// Param returns a fmtp parameter ("" when absent).
func (c Codec) Param(key string) string {
	for _, kv := range strings.Split(c.Fmtp, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// Codecs lists what a media section offers, in the offer's order.
func Codecs(m *sdp.MediaDescription) []Codec {
	var out []Codec
	for _, f := range m.MediaName.Formats {
		var pt uint8
		if _, err := fmt.Sscanf(f, "%d", &pt); err != nil {
			continue
		}
		// Payload types are per section: look in this one only.
		c, err := (&sdp.SessionDescription{MediaDescriptions: []*sdp.MediaDescription{m}}).GetCodecForPayloadType(pt)
		if err != nil {
			continue
		}
		ch := uint16(0)
		if c.EncodingParameters != "" {
			_, _ = fmt.Sscanf(c.EncodingParameters, "%d", &ch)
		}
		out = append(out, Codec{PayloadType: pt, Name: c.Name, ClockRate: c.ClockRate, Channels: ch, Fmtp: c.Fmtp})
	}
	return out
}

// Media lists the offer's audio and video sections (others are ignored).
func Media(desc *sdp.SessionDescription) (audio, video []*sdp.MediaDescription) {
	for _, m := range desc.MediaDescriptions {
		switch m.MediaName.Media {
		case "audio":
			audio = append(audio, m)
		case "video":
			video = append(video, m)
		}
	}
	return audio, video
}

// NewID returns an unguessable resource id (128 random bits, hex).
func NewID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// IsID reports whether s looks like an id NewID made.
func IsID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// WriteAnswer answers a WHIP/WHEP POST: 201, the resource's Location, an
// ETag for the ICE session and the SDP answer.
func WriteAnswer(w http.ResponseWriter, location, etag, answer string) {
	h := w.Header()
	h.Set("Location", location)
	h.Set("ETag", `"`+etag+`"`)
	h.Set("Content-Type", "application/sdp")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	_, _ = io.WriteString(w, answer)
}

// WriteOptions answers OPTIONS on a WHIP/WHEP endpoint (CORS preflights
// are answered before, by the HTTP layer).
func WriteOptions(w http.ResponseWriter, allow string, post bool) {
	h := w.Header()
	h.Set("Allow", allow)
	if post {
		h.Set("Accept-Post", "application/sdp")
	}
	w.WriteHeader(http.StatusNoContent)
}

// Errors answered as JSON, shared by WHIP and WHEP.
var (
	DetailContentType = api.ErrorDetail{Code: "UnsupportedMediaTypeException", Message: "Send the SDP offer as application/sdp."}
	DetailTooLarge    = api.ErrorDetail{Code: "InvalidParameterException", Message: fmt.Sprintf("The SDP offer is larger than %d bytes.", MaxOffer)}
	DetailBadOffer    = api.ErrorDetail{Code: "InvalidParameterException", Message: "The SDP offer is not valid."}
	DetailNotFound    = api.ErrorDetail{Code: "ResourceNotFoundException", Message: "This WebRTC session does not exist."}
	DetailMethod      = api.ErrorDetail{Code: "MethodNotAllowedException", Message: "This method is not allowed here."}
	DetailUnavailable = api.ErrorDetail{Code: "ServiceUnavailableException", Message: "WebRTC is not available right now, please try again later."}
	DetailInternal    = api.ErrorDetail{Code: "UnexpectedException", Message: "An unexpected error occurred, please try again later."}
)

// OfferError answers an error from ReadOffer or Answer; it reports whether
// err was one of them.
func OfferError(w http.ResponseWriter, err error) bool {
	switch {
	case errors.Is(err, ErrContentType):
		WriteError(w, http.StatusUnsupportedMediaType, DetailContentType)
	case errors.Is(err, ErrTooLarge):
		WriteError(w, http.StatusRequestEntityTooLarge, DetailTooLarge)
	case errors.Is(err, ErrBadOffer):
		WriteError(w, http.StatusBadRequest, DetailBadOffer)
	default:
		return false
	}
	return true
}

// WriteError answers the API's error JSON with the request's id.
func WriteError(w http.ResponseWriter, status int, d api.ErrorDetail) {
	d.RequestID = w.Header().Get("X-Request-Id")
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(api.ErrorBody{Error: d})
}
