// Package media is the registry of live streams: it admits publishers
// (through an Authorizer that maps stream keys to channels), keeps at most one
// publisher per channel, hands every stream that goes live to the outputs,
// and reports go-live and go-offline through Events.
//
// Ingest protocols live in media/ingest/..., outputs in media/hls and
// friends; media/stream carries the units between them. This package knows
// channels only through the interfaces declared here.
package media

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/onair/onair/internal/media/stream"
)

// ChannelID identifies the channel a stream belongs to (channel.ID's value).
type ChannelID string

// Errors.
var (
	// ErrUnknownKey is what an Authorizer returns (possibly wrapped) for a
	// stream key that belongs to no channel.
	ErrUnknownKey = errors.New("unknown stream key")
	// ErrAlreadyLive refuses a second publisher for a channel.
	ErrAlreadyLive = errors.New("channel already live")
	// ErrRevoked ends a publisher whose stream key was reset.
	ErrRevoked = errors.New("stream key revoked")
	// ErrNotLive is returned by lookups when nothing is live.
	ErrNotLive = errors.New("not live")
	// ErrClosed is returned by a Publisher that has already ended.
	ErrClosed = errors.New("publisher closed")
)

// Grant is what a valid stream key stands for.
type Grant struct {
	ChannelID  ChannelID
	PlaybackID string
	// Ladder asks for a transcoded ladder of renditions beside the
	// pass-through (the STANDARD channel type).
	Ladder bool
}

// Authorizer decides who may publish. The app implements it on top of the
// channel service.
type Authorizer interface {
	// AuthorizePublish maps a stream key to its channel. A key that belongs
	// to no channel yields an error matching ErrUnknownKey.
	AuthorizePublish(ctx context.Context, streamKey string) (Grant, error)
}

// Metadata is what an encoder declares about its output (RTMP onMetaData).
// Zero values mean "not declared". Data rates are in kbit/s.
type Metadata struct {
	Width           int     `json:"width,omitempty"`
	Height          int     `json:"height,omitempty"`
	FrameRate       float64 `json:"frameRate,omitempty"`
	VideoDataRate   float64 `json:"videoDataRate,omitempty"`
	VideoCodec      string  `json:"videoCodec,omitempty"`
	AudioDataRate   float64 `json:"audioDataRate,omitempty"`
	AudioSampleRate int     `json:"audioSampleRate,omitempty"`
	AudioChannels   int     `json:"audioChannels,omitempty"`
	AudioCodec      string  `json:"audioCodec,omitempty"`
	Encoder         string  `json:"encoder,omitempty"`
}

// TrackInfo describes one track as negotiated, read from the codec's own
// parameters (not from what the encoder claimed).
type TrackInfo struct {
	Codec      string  `json:"codec"`
	Video      bool    `json:"video"`
	Width      int     `json:"width,omitempty"`
	Height     int     `json:"height,omitempty"`
	FrameRate  float64 `json:"frameRate,omitempty"`
	SampleRate int     `json:"sampleRate,omitempty"`
	Channels   int     `json:"channels,omitempty"`
}

// PublishInfo describes a publication at go-live.
type PublishInfo struct {
	Protocol   string      `json:"protocol"`
	RemoteAddr string      `json:"remoteAddr"`
	Tracks     []TrackInfo `json:"tracks"`
	Metadata   Metadata    `json:"metadata"`
}

// PublishEvent reports a stream going live.
type PublishEvent struct {
	ChannelID  ChannelID
	PlaybackID string
	Time       time.Time
	Info       PublishInfo
}

// UnpublishEvent reports a live stream ending.
type UnpublishEvent struct {
	ChannelID  ChannelID
	PlaybackID string
	Time       time.Time
	// Started is when the stream went live.
	Started time.Time
	// Reason says why it ended: "ended" (the publisher left), "revoked"
	// (stream key reset), or the error that stopped it.
	Reason string
}

// Events hears about streams going live and ending; the app will record
// stream sessions with it. Calls are made synchronously from the publisher's
// goroutine, so implementations must return quickly.
type Events interface {
	OnPublish(ctx context.Context, e PublishEvent)
	OnUnpublish(ctx context.Context, e UnpublishEvent)
}

// LogEvents is an Events that logs.
type LogEvents struct{ Log *slog.Logger }

func (l LogEvents) OnPublish(ctx context.Context, e PublishEvent) {
	codecs := make([]string, len(e.Info.Tracks))
	for i, t := range e.Info.Tracks {
		codecs[i] = t.Codec
	}
	l.Log.InfoContext(ctx, "stream started", "channel_id", e.ChannelID, "protocol", e.Info.Protocol,
		"codecs", codecs, "encoder", e.Info.Metadata.Encoder)
}

func (l LogEvents) OnUnpublish(ctx context.Context, e UnpublishEvent) {
	l.Log.InfoContext(ctx, "stream ended", "channel_id", e.ChannelID, "reason", e.Reason,
		"duration_ms", e.Time.Sub(e.Started).Milliseconds())
}

// Live is a stream that is on air, as outputs see it.
type Live struct {
	ChannelID  ChannelID
	PlaybackID string
	Started    time.Time
	Info       PublishInfo
	Stream     *stream.Stream
	// Ladder is the Grant's: renditions are wanted beside the source.
	Ladder bool
}

// Output is given every stream that goes live (the HLS muxer, later the
// stats sampler and recorders). Attach must not block: it adds a reader to
// l.Stream and consumes it on a goroutine the output owns, until the
// stream's units end.
type Output interface {
	Attach(l *Live)
}

// Rendition is a transcoded copy of a live stream's video, one rung of its
// ladder: a single H264 track on the source's clock, whose units carry the
// wall-clock times of the source units they were made from, so a
// rendition's PROGRAM-DATE-TIMEs match the source's. Its stream ends when
// the rendition stops (with the source, or when the transcoder fails).
type Rendition struct {
	// Name labels the rendition in playlists and URLs ("480p").
	Name          string
	Width, Height int
	// Bitrate is the encoder's target in bit/s.
	Bitrate int
	Stream  *stream.Stream
}

// RenditionOutput is given the renditions made of a live stream (the HLS
// server lists them as variants beside the source). Like Attach,
// AttachRendition must not block: it adds a reader to r.Stream and
// consumes it on a goroutine the output owns, until the units end.
type RenditionOutput interface {
	AttachRendition(l *Live, r *Rendition)
}
