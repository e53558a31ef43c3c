package app

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/chat"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/overlay"
	"github.com/onair/onair/internal/realtime"
	"github.com/onair/onair/internal/stage"
)

// startRealtime builds the realtime node and the chat rooms on it and
// starts the node (connecting Redis when redis.url is set). Every role
// publishes through the node; only the "realtime" role serves WebSockets.
func (a *App) startRealtime(opts Options, reg *prometheus.Registry) error {
	cfg := a.cfg
	node, err := realtime.New(realtime.Config{Name: cfg.Media.Node, RedisURL: cfg.Redis.URL, RedisPrefix: cfg.Redis.Prefix},
		realtime.Deps{Log: a.log.With("component", "realtime"), Registry: reg,
			RedeemToken: func(ctx context.Context, token string) (string, error) {
				u, err := a.Accounts.RedeemRealtimeToken(ctx, token)
				return string(u.ID), err
			},
			UserActive: func(ctx context.Context, id string) (bool, error) {
				_, err := a.Accounts.User(ctx, account.UserID(id))
				if errors.Is(err, account.ErrUserNotFound) {
					return false, nil
				}
				return err == nil, err
			},
		})
	if err != nil {
		return err
	}
	a.Chat = chat.New(chat.Config{UserRate: cfg.Chat.UserRate, RoomRate: cfg.Chat.RoomRate, HistorySize: cfg.Chat.HistorySize, HistoryTTL: cfg.Chat.HistoryTTL},
		chat.Deps{Repo: a.db.Bans(), Channels: a.Channels, Users: a.Accounts, Realtime: node, Log: a.log.With("component", "chat"), Now: opts.Now})
	a.Overlay = overlay.New(overlay.Config{AmazonProduct: cfg.EnableAmazonProductStreamAction},
		overlay.Deps{Repo: a.db.StreamActions(), Channels: a.Channels, Live: overlayLive{a}, Bans: a.Chat, Realtime: node,
			Log: a.log.With("component", "overlay"), Now: opts.Now})
	node.Route(realtime.NamespaceChat, a.Chat)
	node.Route(realtime.NamespaceChannel, a.Chat)
	if err := node.Start(); err != nil {
		return err
	}
	a.Realtime = node
	return nil
}

// realtimeHandler is the WebSocket endpoint, when this node serves it.
func (a *App) realtimeHandler() http.Handler {
	if a.Realtime == nil || !a.cfg.HasRole(config.RoleRealtime) {
		return nil
	}
	return a.Realtime
}

// closeRealtime disconnects realtime clients and stops the engine.
func (a *App) closeRealtime(ctx context.Context) error {
	if a.Realtime == nil {
		return nil
	}
	return a.Realtime.Close(ctx)
}

// channelEvents tells a channel's viewers what the media engine reports:
// live status and viewer counts on "channel:<channelId>".
type channelEvents struct{ a *App }

func (e channelEvents) LiveStatus(ctx context.Context, id channel.ID, live bool, at time.Time) {
	if c := e.a.Channels; c != nil {
		c.LiveChanged() // the session is stored: the lists read it again
	}
	e.publish(ctx, id, realtime.LiveStatus{Type: realtime.EventLiveStatus, ChannelID: string(id), IsLive: live, Time: at.UTC()})
	// A stream action lives as long as the stream (spec 7.4): the end
	// clears it and tells the viewers.
	if o := e.a.Overlay; !live && o != nil {
		o.StreamEnded(ctx, id)
	}
}

func (e channelEvents) ViewerCount(ctx context.Context, id channel.ID, viewers int, at time.Time) {
	e.publish(ctx, id, realtime.ViewerCount{Type: realtime.EventViewerCount, ChannelID: string(id), Viewers: viewers, Time: at.UTC()})
}

func (e channelEvents) publish(ctx context.Context, id channel.ID, event any) {
	node := e.a.Realtime // read at call time: started after media is built
	if node == nil {
		return
	}
	if err := node.PublishChannelEvent(ctx, string(id), event); err != nil && !errors.Is(err, realtime.ErrNotRunning) {
		e.a.log.Warn("channel event not published", "component", "realtime", "channel_id", id, "err", err)
	}
}

// sessionsEnded closes the realtime connections of a user whose sessions
// ended (sign-out, password change, deletion): a connection opened with a
// revoked session must not keep the user's identity until its hourly
// check. The realtime node exists once the app listens, before any request.
func (a *App) sessionsEnded(ctx context.Context, id account.UserID) {
	if a.Realtime == nil {
		return
	}
	if err := a.Realtime.DisconnectUser(ctx, string(id)); err != nil && !errors.Is(err, realtime.ErrNotRunning) {
		a.log.Warn("realtime: closing the connections of a signed-out user failed", "user_id", id, "err", err)
	}
}

// overlayLive tells the overlay service whether a channel is live: its
// stream session, or else its stage (where only the poll runs).
type overlayLive struct{ a *App }

func (o overlayLive) LiveSession(ctx context.Context, id channel.ID) (string, bool, error) {
	session, err := liveSessions{o.a.Health}.LiveSession(ctx, id)
	if err != nil || session != "" || o.a.Stages == nil {
		return session, false, err
	}
	st, err := o.a.Stages.ForChannel(ctx, id)
	if errors.Is(err, stage.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return string(st.ID), true, nil
}

// liveSessions tells whether a channel streams: its latest stream session,
// if live.
type liveSessions struct{ h *health.Service }

func (l liveSessions) LiveSession(ctx context.Context, id channel.ID) (string, error) {
	s, err := l.h.Latest(ctx, id)
	switch {
	case errors.Is(err, health.ErrSessionNotFound):
		return "", nil
	case err != nil:
		return "", err
	case !s.IsLive():
		return "", nil
	}
	return string(s.ID), nil
}
