package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/health"
)

func (s *Server) getOwnChannel(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	look, err := s.ch.Look(r.Context(), c.user)
	if err != nil {
		return nil, err
	}
	stageID, err := s.stageOf(r.Context(), ch.ID)
	if err != nil {
		return nil, err
	}
	return api.OwnChannel{
		ID: string(c.user.ID), Username: c.user.Username, Email: c.user.Email, Avatar: c.user.Avatar, Color: c.user.Color,
		ChannelID: string(ch.ID), PlaybackID: ch.PlaybackID, PlaybackURL: s.ch.PlaybackURL(ch.PlaybackID),
		IngestEndpoint: s.ch.IngestEndpoint(), IngestServerURL: s.ch.IngestServerURL(), WHIPURL: s.ch.WHIPURL(),
		StreamKeyValue: ch.StreamKey, ChatRoomID: ch.ChatRoomID(), TrackingID: string(ch.ID),
		ChannelAssetURLs: s.ch.AssetURLs(look.Assets), ChannelConfiguration: api.ChannelConfiguration{Type: ch.Type},
		StageID: stageID,
	}, nil
}

func (s *Server) resetStreamKey(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.ResetStreamKey(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.StreamKeyResponse{StreamKeyValue: ch.StreamKey}, nil
}

func (s *Server) getPublicChannel(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	p, err := s.ch.Profile(r.Context(), r.PathValue("username"))
	if err != nil {
		return nil, err
	}
	out := api.PublicChannel{
		UserID: string(p.UserID), Username: p.Username, Avatar: p.Avatar, Color: p.Color, ChannelID: string(p.ChannelID),
		ChannelAssetURLs: s.ch.AssetURLs(p.Assets),
	}
	if err := s.viewerRelations(r.Context(), c.user.ID, p, &out); err != nil {
		return nil, err
	}
	if out.IsViewerBanned {
		return out, nil // spec 6: no live state, no playback for banned viewers
	}
	out.PlaybackURL, out.WHEPURL = s.ch.PlaybackURL(p.PlaybackID), s.ch.WHEPURL(p.PlaybackID)
	if out.StageID, err = s.stageOf(r.Context(), p.ChannelID); err != nil {
		return nil, err
	}
	live, err := s.liveSession(r.Context(), p.ChannelID)
	if err != nil {
		return nil, err
	}
	if live != nil {
		out.IsLive = true
		if v := live.Ingest.Video; v.Width > 0 && v.Height > 0 {
			out.IngestConfiguration = &api.PublicIngest{Video: api.PublicVideo{VideoWidth: v.Width, VideoHeight: v.Height}}
		}
	}
	if (live != nil || out.StageID != nil) && s.overlay != nil {
		// Late joiners get the running action, with their own vote.
		a, err := s.overlay.Current(r.Context(), p.ChannelID, c.user.ID)
		if err != nil {
			return nil, err
		}
		out.ActiveAction = streamActionBody(a)
	}
	return out, nil
}

// viewerRelations fills what depends on who is looking: bans either way and
// whether they follow the channel (unknown when signed out or their own).
func (s *Server) viewerRelations(ctx context.Context, viewer account.UserID, p channel.Profile, out *api.PublicChannel) error {
	if viewer == "" {
		return nil
	}
	var err error
	if s.chat != nil {
		if out.IsViewerBanned, err = s.chat.IsBanned(ctx, p.ChannelID, viewer); err != nil {
			return err
		}
		if viewer != p.UserID {
			own, err := s.ch.ForUser(ctx, viewer)
			switch {
			case err == nil:
				if out.IsChannelBanned, err = s.chat.IsBanned(ctx, own.ID, p.UserID); err != nil {
					return err
				}
			case errs.KindOf(err) != errs.KindNotFound:
				return err
			}
		}
	}
	if viewer != p.UserID {
		following, err := s.ch.IsFollowing(ctx, viewer, p.ChannelID)
		if err != nil {
			return err
		}
		out.IsViewerFollowing = &following
	}
	return nil
}

func (s *Server) getLiveStatus(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	live, err := s.liveSession(r.Context(), ch.ID)
	if err != nil {
		return nil, err
	}
	stageID, err := s.stageOf(r.Context(), ch.ID)
	if err != nil {
		return nil, err
	}
	return api.LiveStatus{IsBroadcasting: live != nil, IsStageActive: stageID != nil}, nil
}

// liveSession is the channel's live stream session, or nil when offline.
func (s *Server) liveSession(ctx context.Context, id channel.ID) (*health.Session, error) {
	sess, err := s.health.Latest(ctx, id)
	if errors.Is(err, health.ErrSessionNotFound) || (err == nil && !sess.IsLive()) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("live status of %s: %w", id, err)
	}
	return &sess, nil
}
