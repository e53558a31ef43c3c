package httpapi

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/realtime"
)

// realtimePath is the WebSocket endpoint of the realtime node.
const realtimePath = "/connection/websocket"

func (s *Server) realtimeToken(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	token, expires, err := s.acc.IssueRealtimeToken(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.RealtimeToken{Token: token, ExpiresAt: expires.UTC(), URL: websocketURL(s.cfg.BaseURL)}, nil
}

// websocketURL is the realtime endpoint under base.
func websocketURL(base string) string { return websocketOrigin(base) + realtimePath }

// websocketOrigin is ws://host of an http base URL, wss://host of an https
// one ("" when base has no host).
func websocketOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	if u.Scheme == "https" {
		return "wss://" + u.Host
	}
	return "ws://" + u.Host
}

func (s *Server) sendChat(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.ChatSendRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	m, err := s.chat.Send(r.Context(), c.user, channel.ID(r.PathValue("channelId")), req.Content)
	if err != nil {
		return nil, err
	}
	return api.ChatMessage{Type: m.Type, ID: m.ID, ChannelID: m.ChannelID, Content: m.Content, SendTime: m.SendTime,
		Sender: api.ChatSender{UserID: m.Sender.UserID, Username: m.Sender.Username, Avatar: m.Sender.Avatar,
			AvatarURL: m.Sender.AvatarURL, Color: m.Sender.Color}}, nil
}

func (s *Server) deleteChat(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	return nil, s.chat.Delete(r.Context(), c.user.ID, channel.ID(r.PathValue("channelId")), r.PathValue("messageId"))
}

func (s *Server) listBans(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	bans, err := s.chat.Bans(r.Context(), c.user.ID, channel.ID(r.PathValue("channelId")))
	if err != nil {
		return nil, err
	}
	out := api.ChatBans{Bans: make([]api.ChatBan, 0, len(bans))}
	for _, b := range bans {
		out.Bans = append(out.Bans, api.ChatBan{UserID: string(b.UserID), Username: b.Username, Avatar: b.Avatar, Color: b.Color, BannedAt: b.BannedAt})
	}
	return out, nil
}

func (s *Server) ban(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	return nil, s.chat.Ban(r.Context(), c.user.ID, channel.ID(r.PathValue("channelId")), account.UserID(r.PathValue("userId")))
}

func (s *Server) unban(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	return nil, s.chat.Unban(r.Context(), c.user.ID, channel.ID(r.PathValue("channelId")), account.UserID(r.PathValue("userId")))
}

var errOriginRefused = errs.Forbidden("ForbiddenException", "This origin may not open a realtime connection.")

// realtimeGate admits WebSocket handshakes the way cors admits API calls:
// no Origin (not a browser), this site, or an origin in allowedOrigins may
// connect with the session cookie; "*" lets any other origin connect
// without it (anonymous, or with a connection token); anything else is
// refused. The cookie's user goes to the realtime node in the context.
func (s *Server) realtimeGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		credentials, allowed := s.websocketOrigin(r)
		if !allowed {
			writeError(w, r, s.log, errOriginRefused)
			return
		}
		user := ""
		if token := sessionCookie(r); credentials && token != "" {
			u, err := s.acc.Authenticate(r.Context(), token)
			switch {
			case err == nil:
				user = string(u.ID)
			case errs.KindOf(err) != errs.KindUnauthorized:
				writeError(w, r, s.log, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(realtime.WithUser(r.Context(), user)))
	})
}

// websocketOrigin says whether a handshake may carry credentials and
// whether it may connect at all.
func (s *Server) websocketOrigin(r *http.Request) (credentials, allowed bool) {
	origin := r.Header.Get("Origin")
	if origin == "" || slices.Contains(s.cfg.AllowedOrigins, origin) {
		return true, true
	}
	if u, err := url.Parse(origin); err == nil && u.Host != "" {
		if strings.EqualFold(u.Host, r.Host) || strings.EqualFold(origin, originOf(s.cfg.BaseURL)) {
			return true, true
		}
	}
	return false, slices.Contains(s.cfg.AllowedOrigins, "*")
}

// originOf is scheme://host of a URL.
func originOf(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
