package app

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stats"
)

// sessionRecorder turns what the media engine reports into stream sessions:
// go-live and go-offline (media.Events) open and close them, and the stats
// sampler (stats.Sink) adds metric samples, starvation and limit breaches.
type sessionRecorder struct {
	health *health.Service
	// channelType looks up a channel's type for its ingest limits.
	channelType func(ctx context.Context, id channel.ID) (string, error)
	log         *slog.Logger
	// events tells viewers about go-live, go-offline and viewer counts
	// (optional).
	events liveEvents

	mu   sync.Mutex
	live map[media.ChannelID]*liveSession
}

// liveEvents is where a channel's live status and viewer count go.
type liveEvents interface {
	LiveStatus(ctx context.Context, id channel.ID, live bool, at time.Time)
	ViewerCount(ctx context.Context, id channel.ID, viewers int, at time.Time)
}

// liveSession is the open session of a live channel.
type liveSession struct {
	id       health.SessionID
	limits   health.Limits
	breached map[string]bool
	// viewers is the last count sent (-1: none yet); only Sample uses it.
	viewers int
}

func newSessionRecorder(h *health.Service, channelType func(context.Context, channel.ID) (string, error), log *slog.Logger) *sessionRecorder {
	return &sessionRecorder{health: h, channelType: channelType, log: log, live: make(map[media.ChannelID]*liveSession)}
}

func (r *sessionRecorder) OnPublish(ctx context.Context, e media.PublishEvent) {
	media.LogEvents{Log: r.log}.OnPublish(ctx, e)
	id := channel.ID(e.ChannelID)
	kind, err := r.channelType(ctx, id)
	if err != nil {
		r.log.Error("stream session: channel type", "channel_id", id, "err", err)
	}
	ingest := ingestConfiguration(e.Info)
	sess, err := r.health.Start(ctx, id, e.Time, ingest)
	if err != nil {
		r.log.Error("stream session not recorded", "channel_id", id, "err", err)
		return
	}
	ls := &liveSession{id: sess.ID, limits: health.LimitsFor(kind), breached: map[string]bool{}, viewers: -1}
	r.mu.Lock()
	r.live[e.ChannelID] = ls
	r.mu.Unlock()
	// Told once recorded, so a viewer who reloads the channel sees it live.
	if r.events != nil {
		r.events.LiveStatus(ctx, id, true, e.Time)
	}
	if ls.limits.ResolutionExceeded(ingest.Video.Width, ingest.Video.Height) {
		r.breach(ctx, ls, health.IngestRes, e.Time)
	}
}

func (r *sessionRecorder) OnUnpublish(ctx context.Context, e media.UnpublishEvent) {
	media.LogEvents{Log: r.log}.OnUnpublish(ctx, e)
	if r.events != nil {
		defer r.events.LiveStatus(ctx, channel.ID(e.ChannelID), false, e.Time)
	}
	r.mu.Lock()
	ls := r.live[e.ChannelID]
	delete(r.live, e.ChannelID)
	r.mu.Unlock()
	if ls == nil {
		return
	}
	if err := r.health.End(ctx, ls.id, e.Time); err != nil {
		r.log.Error("stream session end not recorded", "session_id", ls.id, "err", err)
	}
}

func (r *sessionRecorder) session(l *media.Live) *liveSession {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live[l.ChannelID]
}

func (r *sessionRecorder) Sample(ctx context.Context, l *media.Live, s stats.Sample) {
	ls := r.session(l)
	if ls == nil {
		return
	}
	err := r.health.AddSample(ctx, ls.id, health.Sample{Time: s.Time, VideoBitrate: s.VideoBitrate, Framerate: s.Framerate,
		KeyframeInterval: s.KeyframeInterval, ConcurrentViews: float64(s.Viewers)})
	if err != nil {
		r.log.Error("metrics sample not recorded", "session_id", ls.id, "err", err)
	}
	if s.VideoBitrate > ls.limits.VideoBitrate {
		r.breach(ctx, ls, health.IngestBitrate, s.Time)
	}
	if r.events != nil && s.Viewers != ls.viewers {
		ls.viewers = s.Viewers
		r.events.ViewerCount(ctx, channel.ID(l.ChannelID), s.Viewers, s.Time)
	}
}

func (r *sessionRecorder) Starved(ctx context.Context, l *media.Live, since time.Time) {
	if ls := r.session(l); ls != nil {
		if err := r.health.Starved(ctx, ls.id, since); err != nil {
			r.log.Error("starvation not recorded", "session_id", ls.id, "err", err)
		}
	}
}

func (r *sessionRecorder) Recovered(ctx context.Context, l *media.Live, at time.Time) {
	if ls := r.session(l); ls != nil {
		if err := r.health.Recovered(ctx, ls.id, at); err != nil {
			r.log.Error("starvation end not recorded", "session_id", ls.id, "err", err)
		}
	}
}

// breach records a limit breach once per session and limit. Only the
// sampling goroutine and OnPublish (before sampling starts) call it.
func (r *sessionRecorder) breach(ctx context.Context, ls *liveSession, limit string, at time.Time) {
	r.mu.Lock()
	seen := ls.breached[limit]
	ls.breached[limit] = true
	r.mu.Unlock()
	if seen {
		return
	}
	if err := r.health.LimitBreached(ctx, ls.id, limit, at); err != nil {
		r.log.Error("limit breach not recorded", "session_id", ls.id, "limit", limit, "err", err)
	}
}

// ingestConfiguration is the encoder configuration of a publication: what
// the codec parameters say, completed by what the encoder declared.
func ingestConfiguration(info media.PublishInfo) health.IngestConfiguration {
	md := info.Metadata
	c := health.IngestConfiguration{
		Video: health.VideoConfig{Encoder: md.Encoder, TargetBitrate: int64(md.VideoDataRate * 1000), TargetFramerate: md.FrameRate,
			Width: md.Width, Height: md.Height},
		Audio: health.AudioConfig{TargetBitrate: int64(md.AudioDataRate * 1000), SampleRate: md.AudioSampleRate, Channels: md.AudioChannels},
	}
	for _, t := range info.Tracks {
		if t.Video {
			c.Video.Codec = strings.ToUpper(t.Codec)
			if t.Width > 0 {
				c.Video.Width, c.Video.Height = t.Width, t.Height
			}
			if t.FrameRate > 0 && c.Video.TargetFramerate == 0 {
				c.Video.TargetFramerate = t.FrameRate
			}
			continue
		}
		c.Audio.Codec = strings.ToUpper(t.Codec)
		if t.SampleRate > 0 {
			c.Audio.SampleRate = t.SampleRate
		}
		if t.Channels > 0 {
			c.Audio.Channels = t.Channels
		}
	}
	return c
}
