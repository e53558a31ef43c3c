// Package health records each channel's stream sessions: their lifecycle and
// health events (spec 9.1), the encoder configuration captured at go-live and
// the metric samples taken while live. A channel is live while it has an open
// session with a "Stream Start" event.
package health

import (
	"context"
	"time"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
)

// SessionID identifies a stream session ("st-...").
type SessionID string

// Event names, as the original's video provider names them (spec 9.1).
const (
	SessionCreated  = "Session Created"
	SessionEnded    = "Session Ended"
	StreamStart     = "Stream Start"
	StreamEnd       = "Stream End"
	StarvationStart = "Starvation Start"
	StarvationEnd   = "Starvation End"
	IngestBitrate   = "Ingest Bitrate"
	IngestRes       = "Ingest Resolution"
)

// Event types ("detail-type" in the original).
const (
	TypeStateChange  = "IVS Stream State Change"
	TypeHealthChange = "IVS Stream Health Change"
	TypeLimitBreach  = "IVS Limit Breach"
)

// Event is one entry of a session's timeline.
type Event struct {
	Name string    `json:"name"`
	Type string    `json:"type"`
	Time time.Time `json:"eventTime"`
}

// VideoConfig is what the encoder said, or what was measured, about video.
type VideoConfig struct {
	Codec           string  `json:"codec,omitempty"`
	AVCProfile      string  `json:"avcProfile,omitempty"`
	AVCLevel        string  `json:"avcLevel,omitempty"`
	Encoder         string  `json:"encoder,omitempty"`
	TargetBitrate   int64   `json:"targetBitrate,omitempty"`
	TargetFramerate float64 `json:"targetFramerate,omitempty"`
	Width           int     `json:"videoWidth,omitempty"`
	Height          int     `json:"videoHeight,omitempty"`
}

// AudioConfig describes the ingested audio.
type AudioConfig struct {
	Codec         string `json:"codec,omitempty"`
	Channels      int    `json:"channels,omitempty"`
	SampleRate    int    `json:"sampleRate,omitempty"`
	TargetBitrate int64  `json:"targetBitrate,omitempty"`
}

// IngestConfiguration is the encoder configuration captured at go-live.
type IngestConfiguration struct {
	Video VideoConfig `json:"video"`
	Audio AudioConfig `json:"audio"`
}

// Session is one stream session of a channel.
type Session struct {
	ID        SessionID
	ChannelID channel.ID
	// Node is the media node that ingests the stream; on restart a node
	// closes only the sessions it left open.
	Node      string
	StartTime time.Time
	// EndTime is zero while the session is open.
	EndTime       time.Time
	StreamStarted bool
	IsHealthy     bool
	HasErrorEvent bool
	Ingest        IngestConfiguration
}

// IsLive reports whether the session is open and its stream has started.
func (s Session) IsLive() bool { return s.EndTime.IsZero() && s.StreamStarted }

// Sample is one metrics point of a live session.
type Sample struct {
	Time time.Time
	// VideoBitrate is the ingest video bitrate in bits per second.
	VideoBitrate float64
	// Framerate is ingest video frames per second.
	Framerate float64
	// KeyframeInterval is the time between keyframes in seconds.
	KeyframeInterval float64
	// ConcurrentViews counts viewers watching.
	ConcurrentViews float64
	// Period is the span the sample averages: 5 s as taken, coarser once
	// downsampled (0 reads as 5 s). Time is the start of that span.
	Period time.Duration
}

// Repo is the storage the health service needs.
type Repo interface {
	// CreateSession stores a new open session with its first events.
	CreateSession(ctx context.Context, s Session, events []Event) error
	// AddEvents appends events and stores the session's derived flags.
	AddEvents(ctx context.Context, s Session, events []Event) error
	// EndSession sets the end time and appends the closing events.
	EndSession(ctx context.Context, id SessionID, end time.Time, events []Event) error
	SetIngest(ctx context.Context, id SessionID, cfg IngestConfiguration) error
	Session(ctx context.Context, id SessionID) (Session, error)
	// LatestSession is the channel's newest session.
	LatestSession(ctx context.Context, ch channel.ID) (Session, error)
	Events(ctx context.Context, id SessionID) ([]Event, error)
	// OpenSessions lists sessions without an end time, of one channel or
	// (channel "") of one node.
	OpenSessions(ctx context.Context, ch channel.ID, node string) ([]Session, error)
	AddSample(ctx context.Context, id SessionID, s Sample) error
	// Samples lists the stored samples of any period whose span overlaps
	// [from, to], oldest first.
	Samples(ctx context.Context, id SessionID, from, to time.Time) ([]Sample, error)
	// ListSessions lists a channel's sessions newest start first (then by
	// id, descending), after the cursor when it is not nil.
	ListSessions(ctx context.Context, ch channel.ID, after *SessionCursor, limit int) ([]Session, error)
	// Downsample replaces, in one transaction, the samples finer than
	// period that begin before `before` (a multiple of period) with their
	// period averages, weighted by each sample's period; it returns how
	// many coarser samples it wrote.
	Downsample(ctx context.Context, period time.Duration, before time.Time) (int64, error)
}

// SessionCursor is the position after which a session list continues.
type SessionCursor struct {
	Start time.Time
	ID    SessionID
}

// ErrSessionNotFound is returned for an unknown session.
var ErrSessionNotFound = errs.NotFound("ResourceNotFoundException", "This stream session does not exist.")
