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
	"github.com/onair/onair/internal/media/ingest/whip"
	"github.com/onair/onair/internal/media/ladder"
	"github.com/onair/onair/internal/media/stats"
	"github.com/onair/onair/internal/media/whep"
	"github.com/onair/onair/internal/rtc"
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
	}, a.log.With("component", "media"))
	sessions.events = channelEvents{a}
	a.stats = stats.New(stats.Config{StarvationGap: a.cfg.Media.StarvationGap},
		stats.Deps{Sink: sessions, Viewers: a.viewers, Log: a.log.With("component", "stats"), Now: opts.Now})
	// STANDARD channels' renditions, keyed as often as HLS segments are cut.
	a.Ladder = ladder.New(ladder.Config{FFmpeg: a.cfg.Media.FFmpeg, KeyInterval: cfg.SegmentDuration},
		ladder.Deps{Outputs: []media.RenditionOutput{a.HLS}, Log: a.log.With("component", "ladder")})
	a.Media = media.New(media.Deps{Authorizer: publishAuthorizer{a}, Events: sessions, Outputs: []media.Output{a.HLS, a.Ladder, a.stats},
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

// listenWebRTC binds the WebRTC ports and builds WHIP ingest and WHEP
// playback on them (after the registry, before serving).
func (a *App) listenWebRTC(opts Options) error {
	cfg := a.cfg.WebRTC
	t, err := rtc.Listen(rtc.Config{UDPAddr: cfg.UDPAddr, TCPAddr: cfg.TCPAddr, PublicIPs: cfg.PublicIPs},
		a.log.With("component", "webrtc"))
	if err != nil {
		return err
	}
	in, err := whip.New(whip.Config{}, whip.Deps{Admitter: a.Media, Transport: t, Log: a.log.With("component", "whip"), Now: opts.Now})
	if err != nil {
		t.Close()
		return fmt.Errorf("whip: %w", err)
	}
	a.rtc, a.WHIP = t, in
	// New viewers ask WHIP publishers for a key frame (a request, not media).
	a.WHEP = whep.New(whep.Config{FFmpeg: cfg.FFmpeg}, whep.Deps{Lookup: a.Media, KeyFrames: in, Transport: t, Log: a.log.With("component", "whep"), Now: opts.Now})
	addrs := make([]string, 0, len(t.UDPAddrs()))
	for _, ad := range t.UDPAddrs() {
		addrs = append(addrs, ad.String())
	}
	a.log.Info("webrtc listening", "component", "webrtc", "udp", addrs, "tcp", cfg.TCPAddr)
	return nil
}

// closeWebRTC ends WHIP publications, then WHEP sessions, then frees the
// ports; it is safe to call again.
func (a *App) closeWebRTC() {
	if a.WHIP != nil {
		a.WHIP.Close()
	}
	if a.WHEP != nil {
		a.WHEP.Close()
	}
	if a.rtc != nil {
		a.rtc.Close()
	}
}

// WebRTCAddrs are the bound WebRTC UDP addresses (nil without the media role).
func (a *App) WebRTCAddrs() []string {
	if a.rtc == nil {
		return nil
	}
	var out []string
	for _, ad := range a.rtc.UDPAddrs() {
		out = append(out, ad.String())
	}
	return out
}

// viewers counts a stream's viewers over HLS and WebRTC.
func (a *App) viewers(playbackID string) int {
	n := a.HLS.Viewers(playbackID)
	if a.WHEP != nil {
		n += a.WHEP.Viewers(playbackID)
	}
	return n
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
	return media.Grant{ChannelID: media.ChannelID(c.ID), PlaybackID: c.PlaybackID, Ladder: c.Type == "STANDARD"}, nil
}

// keyRevoker lets the channel service drop the publisher of a reset key.
type keyRevoker struct{ reg *media.Registry }

func (k keyRevoker) RevokePublisher(ctx context.Context, id channel.ID) {
	k.reg.RevokePublisher(ctx, media.ChannelID(id))
}
