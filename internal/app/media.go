package app

import (
	"context"
	"fmt"
	"net"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/hls"
	"github.com/onair/onair/internal/media/ingest/rtmp"
	"github.com/onair/onair/internal/media/stats"
)

// The "media" role: the live-stream registry, RTMP ingest and LL-HLS output.

// buildMedia creates the registry and its outputs; nothing runs yet.
func (a *App) buildMedia(opts Options) {
	cfg := a.cfg.HLS
	a.HLS = hls.New(hls.Config{PartDuration: cfg.PartDuration, SegmentDuration: cfg.SegmentDuration, SegmentCount: cfg.SegmentCount},
		hls.Deps{Log: a.log.With("component", "hls"), Now: opts.Now})
	sessions := newSessionRecorder(a.Health, func(ctx context.Context, id channel.ID) (string, error) {
		c, err := a.Channels.ByID(ctx, id) // read at call time: built after media
		return c.Type, err
	}, a.log.With("component", "sessions"))
	a.stats = stats.New(stats.Config{StarvationGap: a.cfg.Media.StarvationGap},
		stats.Deps{Sink: sessions, Viewers: a.HLS.Viewers, Log: a.log.With("component", "stats"), Now: opts.Now})
	a.Media = media.New(media.Deps{Authorizer: publishAuthorizer{a}, Events: sessions, Outputs: []media.Output{a.HLS, a.stats},
		Log: a.log.With("component", "media"), Now: opts.Now})
}

// listenRTMP binds the ingest listener before the services are built, so
// the ingest URLs they hand out name the bound port (port 0 in tests).
func listenRTMP(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (rtmp.addr): %w", addr, err)
	}
	return ln, nil
}

func (a *App) newRTMP(opts Options) *rtmp.Server {
	return rtmp.New(rtmp.Config{}, rtmp.Deps{Admitter: a.Media, Log: a.log.With("component", "rtmp"), Now: opts.Now})
}

// RTMPAddr is the bound RTMP ingest address ("" without the media role).
func (a *App) RTMPAddr() string {
	if a.rtmpLn == nil {
		return ""
	}
	return a.rtmpLn.Addr().String()
}

// publishAuthorizer admits publishers by stream key through the channel
// service (read at call time: it is built after the registry).
type publishAuthorizer struct{ a *App }

func (p publishAuthorizer) AuthorizePublish(ctx context.Context, key string) (media.Grant, error) {
	c, err := p.a.Channels.ByStreamKey(ctx, key)
	if errs.KindOf(err) == errs.KindNotFound {
		return media.Grant{}, media.ErrUnknownKey
	}
	if err != nil {
		return media.Grant{}, fmt.Errorf("channel by stream key: %w", err)
	}
	return media.Grant{ChannelID: media.ChannelID(c.ID), PlaybackID: c.PlaybackID}, nil
}

// keyRevoker lets the channel service drop the publisher of a reset key.
type keyRevoker struct{ reg *media.Registry }

func (k keyRevoker) RevokePublisher(ctx context.Context, id channel.ID) {
	k.reg.RevokePublisher(ctx, media.ChannelID(id))
}
