package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/picture"
)

func (s *Server) updatePreferences(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.PreferencesRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	var avatar, color string
	if req.Avatar != nil {
		if avatar = req.Avatar.Name; avatar == "" {
			return nil, errs.Invalid("ChangeUserPreferencesException", "avatar.name is required.").WithField("avatar", "This field is required.")
		}
	}
	if req.Color != nil {
		if color = req.Color.Name; color == "" {
			return nil, errs.Invalid("ChangeUserPreferencesException", "color.name is required.").WithField("color", "This field is required.")
		}
	}
	look, err := s.ch.SetPreferences(r.Context(), c.user, avatar, color)
	if err != nil {
		return nil, err
	}
	return s.profileBody(look), nil
}

// uploadAsset takes the image as the raw request body (Content-Type
// image/jpeg or image/png); what counts is the content, which is checked
// and re-encoded.
func (s *Server) uploadAsset(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	kind, err := channel.ParseAssetKind(r.PathValue("assetType"))
	if err != nil {
		return nil, err
	}
	limit := picture.Avatar.MaxBytes
	if kind == channel.AssetBanner {
		limit = picture.Banner.MaxBytes
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "image/") && ct != "application/octet-stream" {
		return nil, picture.ErrUnsupported
	}
	if r.ContentLength > int64(limit) {
		return nil, picture.ErrTooLarge
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(limit)))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, picture.ErrTooLarge
	}
	if err != nil {
		return nil, errs.Invalid("BadRequestException", "The upload did not arrive in full; try again.").Wrap(err)
	}
	look, err := s.ch.UploadAsset(r.Context(), c.user, kind, data)
	if err != nil {
		return nil, err
	}
	return s.profileBody(look), nil
}

func (s *Server) deleteAsset(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	kind, err := channel.ParseAssetKind(r.PathValue("assetType"))
	if err != nil {
		return nil, err
	}
	look, err := s.ch.DeleteAsset(r.Context(), c.user, kind)
	if err != nil {
		return nil, err
	}
	return s.profileBody(look), nil
}

func (s *Server) profileBody(l channel.Look) api.Profile {
	return api.Profile{Avatar: l.Avatar, Color: l.Color, ChannelAssetURLs: s.ch.AssetURLs(l.Assets)}
}

func (s *Server) follow(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.FollowRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	added, err := s.ch.Follow(r.Context(), c.user.ID, req.FollowedUsername)
	if err != nil {
		return nil, err
	}
	if !added {
		return withStatus{status: http.StatusNoContent}, nil // spec 3.2: already following
	}
	return api.Empty{}, nil
}

func (s *Server) unfollow(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.FollowRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return api.Empty{}, s.ch.Unfollow(r.Context(), c.user.ID, req.FollowedUsername)
}

func (s *Server) followingList(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	cards, err := s.ch.Following(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.ChannelList{Channels: s.cardsBody(cards), MaxResults: channel.MaxFollowing}, nil
}

var errMissingFilter = errs.Invalid("BadRequestException", "Missing required filter, one of: isLive")

func (s *Server) listChannels(_ http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	q := r.URL.Query()
	if !q.Has("isLive") {
		return nil, errMissingFilter
	}
	if q.Get("isLive") != "true" {
		return api.ChannelList{Channels: []api.ChannelCard{}, MaxResults: channel.MaxLive}, nil
	}
	cards, err := s.ch.Live(r.Context())
	if err != nil {
		return nil, err
	}
	return api.ChannelList{Channels: s.cardsBody(cards), MaxResults: channel.MaxLive}, nil
}

func (s *Server) cardsBody(cards []channel.Card) []api.ChannelCard {
	out := make([]api.ChannelCard, len(cards))
	for i, c := range cards {
		out[i] = api.ChannelCard{Username: c.Username, Avatar: c.Avatar, Color: c.Color,
			ChannelAssetURLs: s.ch.AssetURLs(c.Assets), IsLive: c.IsLive(), StageID: nonEmpty(c.StageID)}
	}
	return out
}

// nonEmpty is s, or nil (JSON null) when s is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
