package httpapi

import "net/http"

type channelConfiguration struct {
	Type string `json:"type"`
}

// ownChannelResponse is the owner's view: the only response that carries the
// stream key.
type ownChannelResponse struct {
	ID                   string               `json:"id"`
	Username             string               `json:"username"`
	Email                string               `json:"email"`
	Avatar               string               `json:"avatar"`
	Color                string               `json:"color"`
	ChannelID            string               `json:"channelId"`
	PlaybackID           string               `json:"playbackId"`
	PlaybackURL          string               `json:"playbackUrl"`
	IngestEndpoint       string               `json:"ingestEndpoint"`
	IngestServerURL      string               `json:"ingestServerUrl"`
	StreamKeyValue       string               `json:"streamKeyValue"`
	ChatRoomID           string               `json:"chatRoomId"`
	TrackingID           string               `json:"trackingId"`
	ChannelAssetURLs     map[string]string    `json:"channelAssetUrls"`
	StageID              *string              `json:"stageId"`
	ChannelConfiguration channelConfiguration `json:"channelConfiguration"`
}

func (s *Server) getOwnChannel(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return ownChannelResponse{
		ID: string(c.user.ID), Username: c.user.Username, Email: c.user.Email, Avatar: c.user.Avatar, Color: c.user.Color,
		ChannelID: string(ch.ID), PlaybackID: ch.PlaybackID, PlaybackURL: s.ch.PlaybackURL(ch.PlaybackID),
		IngestEndpoint: s.ch.IngestEndpoint(), IngestServerURL: s.ch.IngestServerURL(),
		StreamKeyValue: ch.StreamKey, ChatRoomID: ch.ChatRoomID(), TrackingID: string(ch.ID),
		ChannelAssetURLs: map[string]string{}, ChannelConfiguration: channelConfiguration{Type: ch.Type},
	}, nil
}

type streamKeyResponse struct {
	StreamKeyValue string `json:"streamKeyValue"`
}

func (s *Server) resetStreamKey(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.ResetStreamKey(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return streamKeyResponse{StreamKeyValue: ch.StreamKey}, nil
}

// publicChannelResponse is what anyone may see about a channel.
type publicChannelResponse struct {
	Username         string            `json:"username"`
	Avatar           string            `json:"avatar"`
	Color            string            `json:"color"`
	ChannelID        string            `json:"channelId"`
	ChannelAssetURLs map[string]string `json:"channelAssetUrls"`
	PlaybackURL      string            `json:"playbackUrl"`
	// IsLive stays false until the media engine reports sessions.
	IsLive bool `json:"isLive"`
}

func (s *Server) getPublicChannel(_ http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	p, err := s.ch.Profile(r.Context(), r.PathValue("username"))
	if err != nil {
		return nil, err
	}
	return publicChannelResponse{
		Username: p.Username, Avatar: p.Avatar, Color: p.Color, ChannelID: string(p.ChannelID),
		ChannelAssetURLs: map[string]string{}, PlaybackURL: s.ch.PlaybackURL(p.PlaybackID),
	}, nil
}
