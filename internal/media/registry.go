package media

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"

	"github.com/onair/onair/internal/media/stream"
)

// Deps are the registry's collaborators.
type Deps struct {
	Authorizer Authorizer
	// Events defaults to LogEvents.
	Events Events
	// Outputs are attached to every stream that goes live.
	Outputs []Output
	Log     *slog.Logger
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
}

// Registry tracks publishers and live streams by channel.
type Registry struct {
	auth    Authorizer
	events  Events
	outputs []Output
	log     *slog.Logger
	now     func() time.Time

	mu         sync.Mutex
	publishers map[ChannelID]*Publisher // admitted, live or not yet
	byPlayback map[string]*Live         // live only
}

// New returns an empty registry.
func New(d Deps) *Registry {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Events == nil {
		d.Events = LogEvents{Log: d.Log}
	}
	return &Registry{auth: d.Authorizer, events: d.Events, outputs: d.Outputs, log: d.Log, now: d.Now,
		publishers: make(map[ChannelID]*Publisher), byPlayback: make(map[string]*Live)}
}

// AdmitRequest is a publisher knocking.
type AdmitRequest struct {
	StreamKey  string
	Protocol   string
	RemoteAddr string
}

// Admit checks the stream key and reserves the channel for this publisher.
// It fails with ErrUnknownKey or ErrAlreadyLive (logged here, never with the
// key) or with the Authorizer's error. ctx bounds the publisher's life: the
// publisher's own Context ends with it.
func (r *Registry) Admit(ctx context.Context, req AdmitRequest) (*Publisher, error) {
	g, err := r.auth.AuthorizePublish(ctx, req.StreamKey)
	if err != nil {
		if errors.Is(err, ErrUnknownKey) {
			r.log.Warn("publish refused: invalid stream key", "protocol", req.Protocol, "remote_addr", req.RemoteAddr)
			return nil, ErrUnknownKey
		}
		return nil, fmt.Errorf("authorize publish: %w", err)
	}
	pctx, cancel := context.WithCancelCause(ctx)
	p := &Publisher{reg: r, grant: g, req: req, ctx: pctx, cancel: cancel}
	r.mu.Lock()
	_, taken := r.publishers[g.ChannelID]
	if !taken {
		r.publishers[g.ChannelID] = p
	}
	r.mu.Unlock()
	if taken {
		cancel(ErrAlreadyLive)
		r.log.Warn("publish refused: channel already live", "channel_id", g.ChannelID, "protocol", req.Protocol,
			"remote_addr", req.RemoteAddr)
		return nil, ErrAlreadyLive
	}
	r.log.Debug("publisher admitted", "channel_id", g.ChannelID, "protocol", req.Protocol, "remote_addr", req.RemoteAddr)
	return p, nil
}

// RevokePublisher disconnects the channel's publisher at once, live or not
// yet; the app calls it when the stream key is reset (channel.KeyRevoker).
func (r *Registry) RevokePublisher(_ context.Context, id ChannelID) {
	r.mu.Lock()
	p := r.publishers[id]
	r.mu.Unlock()
	if p != nil {
		r.log.Info("publisher revoked", "channel_id", id)
		p.Close(ErrRevoked)
	}
}

// ByPlaybackID returns the live stream with this public playback id.
func (r *Registry) ByPlaybackID(playbackID string) (*Live, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if l, ok := r.byPlayback[playbackID]; ok {
		return l, nil
	}
	return nil, ErrNotLive
}

// ByChannel returns the channel's live stream.
func (r *Registry) ByChannel(id ChannelID) (*Live, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.publishers[id]; ok && p.live != nil {
		return p.live, nil
	}
	return nil, ErrNotLive
}

// Publisher is an admitted publisher holding its channel's slot. An ingest
// calls Start once it knows the tracks, writes units into the returned
// stream, and calls Close when the connection ends.
type Publisher struct {
	reg    *Registry
	grant  Grant
	req    AdmitRequest
	ctx    context.Context
	cancel context.CancelCauseFunc

	// life serialises Start and Close so OnPublish always precedes OnUnpublish.
	life sync.Mutex
	// Guarded by reg.mu.
	live   *Live
	closed bool
}

// ChannelID is the channel this publisher feeds.
func (p *Publisher) ChannelID() ChannelID { return p.grant.ChannelID }

// Context ends when the publisher is closed or revoked; context.Cause says
// why (ErrRevoked after a stream-key reset). Ingests drop the connection
// when it ends.
func (p *Publisher) Context() context.Context { return p.ctx }

// Start puts the publication on air with the given tracks and declared
// metadata: it creates the stream, attaches the outputs and reports
// OnPublish. Call it once.
func (p *Publisher) Start(codecs []stream.Codec, md Metadata) (*stream.Stream, error) {
	info := PublishInfo{Protocol: p.req.Protocol, RemoteAddr: p.req.RemoteAddr, Metadata: md}
	for _, c := range codecs {
		ti, err := describe(c)
		if err != nil {
			return nil, err
		}
		info.Tracks = append(info.Tracks, ti)
	}
	s, err := stream.New(codecs...)
	if err != nil {
		return nil, err
	}
	p.life.Lock()
	defer p.life.Unlock()
	r := p.reg
	l := &Live{ChannelID: p.grant.ChannelID, PlaybackID: p.grant.PlaybackID, Started: r.now(), Info: info, Stream: s,
		Ladder: p.grant.Ladder}
	r.mu.Lock()
	if p.closed || p.live != nil {
		r.mu.Unlock()
		s.Close()
		if p.closed {
			return nil, ErrClosed
		}
		return nil, errors.New("publisher already started")
	}
	p.live = l
	r.byPlayback[l.PlaybackID] = l
	r.mu.Unlock()

	for _, o := range r.outputs {
		o.Attach(l)
	}
	r.events.OnPublish(context.WithoutCancel(p.ctx), PublishEvent{ChannelID: l.ChannelID, PlaybackID: l.PlaybackID, Time: l.Started, Info: info})
	return s, nil
}

// Close ends the publication (if live) and frees the channel. reason nil
// means the publisher simply left. Close is idempotent.
func (p *Publisher) Close(reason error) {
	p.life.Lock()
	defer p.life.Unlock()
	r := p.reg
	r.mu.Lock()
	if p.closed {
		r.mu.Unlock()
		return
	}
	p.closed = true
	if r.publishers[p.grant.ChannelID] == p {
		delete(r.publishers, p.grant.ChannelID)
	}
	l := p.live
	if l != nil && r.byPlayback[l.PlaybackID] == l {
		delete(r.byPlayback, l.PlaybackID)
	}
	r.mu.Unlock()

	if reason == nil {
		reason = ErrClosed
	}
	p.cancel(reason)
	if l == nil {
		return
	}
	why := "ended"
	switch {
	case errors.Is(reason, ErrRevoked):
		why = "revoked"
	case !errors.Is(reason, ErrClosed):
		why = reason.Error()
	}
	r.events.OnUnpublish(context.WithoutCancel(p.ctx), UnpublishEvent{ChannelID: l.ChannelID, PlaybackID: l.PlaybackID,
		Time: r.now(), Started: l.Started, Reason: why})
	// Last, so that whoever waits on the stream's end sees the event done.
	l.Stream.Close()
}

// describe reads a track's facts from its codec parameters, refusing
// parameters the outputs could not use.
func describe(c stream.Codec) (TrackInfo, error) {
	ti := TrackInfo{Codec: c.Name(), Video: c.IsVideo()}
	switch c := c.(type) {
	case *stream.H264:
		var sps h264.SPS
		if err := sps.Unmarshal(c.SPS); err != nil {
			return ti, fmt.Errorf("invalid H264 SPS: %w", err)
		}
		if len(c.PPS) == 0 {
			return ti, errors.New("missing H264 PPS")
		}
		ti.Width, ti.Height, ti.FrameRate = sps.Width(), sps.Height(), sps.FPS()
	case *stream.H265:
		var sps h265.SPS
		if err := sps.Unmarshal(c.SPS); err != nil {
			return ti, fmt.Errorf("invalid H265 SPS: %w", err)
		}
		if len(c.VPS) == 0 || len(c.PPS) == 0 {
			return ti, errors.New("missing H265 VPS or PPS")
		}
		ti.Width, ti.Height, ti.FrameRate = sps.Width(), sps.Height(), sps.FPS()
	case *stream.MPEG4Audio:
		if c.Config.SampleRate <= 0 {
			return ti, errors.New("invalid AAC configuration")
		}
		ti.SampleRate, ti.Channels = c.Config.SampleRate, c.Config.ChannelCount
	case *stream.Opus:
		ti.SampleRate, ti.Channels = 48000, c.ChannelCount
	}
	return ti, nil
}
