package httpapi

import (
	"net/http"

	"github.com/onair/onair/internal/api"
)

func (s *Server) getOwnChannel(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.OwnChannel{
		ID: string(c.user.ID), Username: c.user.Username, Email: c.user.Email, Avatar: c.user.Avatar, Color: c.user.Color,
		ChannelID: string(ch.ID), PlaybackID: ch.PlaybackID, PlaybackURL: s.ch.PlaybackURL(ch.PlaybackID),
		IngestEndpoint: s.ch.IngestEndpoint(), IngestServerURL: s.ch.IngestServerURL(),
		StreamKeyValue: ch.StreamKey, ChatRoomID: ch.ChatRoomID(), TrackingID: string(ch.ID),
		ChannelAssetURLs: map[string]string{}, ChannelConfiguration: api.ChannelConfiguration{Type: ch.Type},
	}, nil
}

func (s *Server) resetStreamKey(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.ResetStreamKey(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.StreamKeyResponse{StreamKeyValue: ch.StreamKey}, nil
}

func (s *Server) getPublicChannel(_ http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	p, err := s.ch.Profile(r.Context(), r.PathValue("username"))
	if err != nil {
		return nil, err
	}
	return api.PublicChannel{
		Username: p.Username, Avatar: p.Avatar, Color: p.Color, ChannelID: string(p.ChannelID),
		ChannelAssetURLs: map[string]string{}, PlaybackURL: s.ch.PlaybackURL(p.PlaybackID),
	}, nil
}
