package stage

import (
	"context"
	"errors"
	"fmt"

	"github.com/onair/onair/internal/account"
)

// RequestToJoin asks the stage's host to let viewer publish (spec 8.4).
// The server checks what the original left to the browser: the viewer is
// not the host, not banned, and neither broadcasting nor hosting a stage.
func (s *Service) RequestToJoin(ctx context.Context, viewer account.User, id ID) error {
	st, err := s.Repo.StageByID(ctx, id)
	if err != nil {
		return err
	}
	if st.HostUserID == viewer.ID {
		return ErrOwnStage
	}
	if err := s.mayPublish(ctx, st, viewer.ID); err != nil {
		return err
	}
	ch, err := s.Channels.ForUser(ctx, viewer.ID)
	if err != nil {
		return fmt.Errorf("channel of %s: %w", viewer.ID, err)
	}
	if live, err := s.Live.LiveSession(ctx, ch.ID); err != nil {
		return fmt.Errorf("live status of %s: %w", ch.ID, err)
	} else if live != "" {
		return ErrViewerLive
	}
	if _, err := s.Repo.StageByChannel(ctx, ch.ID); err == nil {
		return ErrViewerLive
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	r := Request{StageID: st.ID, UserID: viewer.ID, CreatedAt: s.Now().UTC()}
	if err := s.Repo.PutRequest(ctx, r); err != nil {
		return err
	}
	view, err := s.requestView(ctx, r)
	if err != nil {
		return err
	}
	s.inbox(ctx, st.HostUserID, RequestEvent{Type: TypeRequestToJoin, StageID: st.ID, Request: view})
	return nil
}

// RevokeRequest withdraws viewer's request, telling the host. Withdrawing
// nothing is not an error: the beacon of a closing tab may come twice.
func (s *Service) RevokeRequest(ctx context.Context, viewer account.UserID, id ID) error {
	st, err := s.Repo.StageByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	deleted, err := s.Repo.DeleteRequest(ctx, st.ID, viewer)
	if err != nil || !deleted {
		return err
	}
	s.inbox(ctx, st.HostUserID, RevokeEvent{Type: TypeRevokeRequest, StageID: st.ID, UserID: string(viewer)})
	return nil
}

// Requests lists the pending requests to the host's stage, oldest first.
func (s *Service) Requests(ctx context.Context, host account.UserID) ([]RequestView, error) {
	st, err := s.hostStage(ctx, host)
	if err != nil {
		return nil, err
	}
	rs, err := s.Repo.Requests(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	out := make([]RequestView, 0, len(rs))
	for _, r := range rs {
		v, err := s.requestView(ctx, r)
		if errors.Is(err, account.ErrUserNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// AcceptRequest lets the requester join: they may now take a "requested"
// seat, and are told so.
func (s *Service) AcceptRequest(ctx context.Context, host account.User, requester account.UserID) error {
	st, err := s.hostStage(ctx, host.ID)
	if err != nil {
		return err
	}
	ok, err := s.Repo.AcceptRequest(ctx, st.ID, requester)
	if err != nil {
		return err
	}
	if !ok {
		return ErrRequestNotFound
	}
	s.inbox(ctx, requester, AnswerEvent{Type: TypeAcceptRequest, StageID: st.ID, HostUsername: host.Username})
	return nil
}

// DeleteRequest turns a request down and tells the requester.
func (s *Service) DeleteRequest(ctx context.Context, host account.UserID, requester account.UserID) error {
	st, err := s.hostStage(ctx, host)
	if err != nil {
		return err
	}
	ok, err := s.Repo.DeleteRequest(ctx, st.ID, requester)
	if err != nil {
		return err
	}
	if !ok {
		return ErrRequestNotFound
	}
	s.inbox(ctx, requester, AnswerEvent{Type: TypeDeleteRequest, StageID: st.ID})
	return nil
}

func (s *Service) requestView(ctx context.Context, r Request) (RequestView, error) {
	u, err := s.Users.User(ctx, r.UserID)
	if err != nil {
		return RequestView{}, err
	}
	ch, err := s.Channels.ForUser(ctx, u.ID)
	if err != nil {
		return RequestView{}, fmt.Errorf("channel of %s: %w", u.ID, err)
	}
	avatarURL, err := s.Channels.AvatarURL(ctx, u)
	if err != nil {
		return RequestView{}, err
	}
	return RequestView{UserID: string(u.ID), ChannelID: string(ch.ID), Username: u.Username, Avatar: u.Avatar,
		AvatarURL: avatarURL, ProfileColor: u.Color, Sent: r.CreatedAt.UnixMilli()}, nil
}
