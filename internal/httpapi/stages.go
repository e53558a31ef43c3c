package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/stage"
)

var errStagesOff = errs.Unavailable("StagesDisabledException", "Co-host sessions are not enabled on this server.")

// stageHandler is a route handler that needs the stage service.
type stageHandler func(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error)

// staged adapts h to a route, answering errStagesOff when this server runs
// without stages.
func (s *Server) staged(h stageHandler) func(http.ResponseWriter, *http.Request, *call) (any, error) {
	return func(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
		if s.stages == nil {
			return nil, errStagesOff
		}
		return h(w, r, c, s.stages)
	}
}

func (s *Server) createStage(_ http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	if _, err := s.ch.Ensure(r.Context(), c.user.ID); err != nil {
		return nil, err
	}
	j, err := st.Create(r.Context(), c.user)
	if err != nil {
		return nil, err
	}
	return stageJoinBody(j), nil
}

func (s *Server) stageParticipantToken(_ http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	if _, err := s.ch.Ensure(r.Context(), c.user.ID); err != nil {
		return nil, err
	}
	j, err := st.JoinAs(r.Context(), c.user, stage.ID(r.PathValue("stageId")), stage.Role(r.PathValue("participantType")), r.URL.Query().Get("invite"))
	if err != nil {
		return nil, err
	}
	return stageJoinBody(j), nil
}

func (s *Server) stageSpectatorToken(_ http.ResponseWriter, r *http.Request, _ *call, st *stage.Service) (any, error) {
	j, err := st.Spectate(r.Context(), stage.ID(r.PathValue("stageId")))
	if err != nil {
		return nil, err
	}
	return stageJoinBody(j), nil
}

func (s *Server) getStage(_ http.ResponseWriter, r *http.Request, _ *call, st *stage.Service) (any, error) {
	info, err := st.Get(r.Context(), stage.ID(r.PathValue("stageId")))
	if err != nil {
		return nil, err
	}
	return api.Stage{StageID: string(info.Stage.ID), HostUserID: string(info.Stage.HostUserID), HostChannelID: string(info.Stage.ChannelID),
		HostUsername: info.HostUsername, StageCreationDate: info.Stage.CreatedAt.UnixMilli(),
		ParticipantCount: info.Publishers, MaxParticipants: stage.MaxPublishers}, nil
}

func (s *Server) endStage(_ http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	ended, err := st.End(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	if !ended {
		return api.StageEndResponse{Message: "The user is not associated to any stage ID."}, nil
	}
	return api.StageEndResponse{Message: "The session has ended."}, nil
}

func (s *Server) disconnectStageParticipant(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	var req api.StageDisconnectRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if req.ParticipantID == "" {
		return nil, errs.Invalid("BadRequestException", "Name the participant: participantId is required.").WithField("participantId", "This field is required.")
	}
	return nil, st.Disconnect(r.Context(), c.user.ID, req.ParticipantID, req.DisplayParticipantID)
}

func (s *Server) removeStageScreenShare(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	var req api.StageScreenShareRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if req.ParticipantID == "" {
		return nil, errs.Invalid("BadRequestException", "Name the screen share: participantId is required.").WithField("participantId", "This field is required.")
	}
	return nil, st.RemoveScreenShare(r.Context(), c.user.ID, req.ParticipantID)
}

// stageRef reads {stageId} from a JSON or sendBeacon body.
func stageRef(w http.ResponseWriter, r *http.Request) (stage.ID, error) {
	var req api.StageRef
	if err := decode(w, r, &req); err != nil {
		return "", err
	}
	if req.StageID == "" {
		return "", errs.Invalid("BadRequestException", "Name the session: stageId is required.").WithField("stageId", "This field is required.")
	}
	return stage.ID(req.StageID), nil
}

func (s *Server) requestToJoinStage(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	id, err := stageRef(w, r)
	if err != nil {
		return nil, err
	}
	if _, err := s.ch.Ensure(r.Context(), c.user.ID); err != nil {
		return nil, err
	}
	return nil, st.RequestToJoin(r.Context(), c.user, id)
}

func (s *Server) revokeStageRequest(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	id, err := stageRef(w, r)
	if err != nil {
		return nil, err
	}
	return nil, st.RevokeRequest(r.Context(), c.user.ID, id)
}

func (s *Server) listStageRequests(_ http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	views, err := st.Requests(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	out := api.StageRequests{Requests: make([]api.StageRequest, len(views))}
	for i, v := range views {
		out.Requests[i] = api.StageRequest{UserID: v.UserID, ChannelID: v.ChannelID, Username: v.Username, Avatar: v.Avatar,
			AvatarURL: v.AvatarURL, ProfileColor: v.ProfileColor, Sent: v.Sent}
	}
	return out, nil
}

// stageRequester reads {userId} from the body.
func stageRequester(w http.ResponseWriter, r *http.Request) (string, error) {
	var req api.StageRequester
	if err := decode(w, r, &req); err != nil {
		return "", err
	}
	if req.UserID == "" {
		return "", errs.Invalid("BadRequestException", "Name the requester: userId is required.").WithField("userId", "This field is required.")
	}
	return req.UserID, nil
}

func (s *Server) acceptStageRequest(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	user, err := stageRequester(w, r)
	if err != nil {
		return nil, err
	}
	return nil, st.AcceptRequest(r.Context(), c.user, account.UserID(user))
}

func (s *Server) deleteStageRequest(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	user, err := stageRequester(w, r)
	if err != nil {
		return nil, err
	}
	return nil, st.DeleteRequest(r.Context(), c.user.ID, account.UserID(user))
}

func (s *Server) stageHostDisconnected(w http.ResponseWriter, r *http.Request, c *call, st *stage.Service) (any, error) {
	id, err := stageRef(w, r)
	if err != nil {
		return nil, err
	}
	return nil, st.HostDisconnected(r.Context(), c.user.ID, id)
}

// stageOf is the channel's stage id, nil when it has none (or this server
// runs without stages).
func (s *Server) stageOf(ctx context.Context, ch channel.ID) (*string, error) {
	if s.stages == nil {
		return nil, nil
	}
	st, err := s.stages.ForChannel(ctx, ch)
	if errors.Is(err, stage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	id := string(st.ID)
	return &id, nil
}

func stageJoinBody(j stage.Join) api.StageJoin {
	out := api.StageJoin{StageID: string(j.Stage.ID), ParticipantRole: string(j.Role), URL: j.URL,
		StageCreationDate: j.Stage.CreatedAt.UnixMilli(), HostUsername: j.HostUsername, InviteCode: j.Stage.InviteCode}
	if j.User.Token != "" {
		out.User = &api.StageParticipantToken{Token: j.User.Token, ParticipantID: j.User.ParticipantID, ParticipantGroup: j.User.Group}
	}
	if j.Display.Token != "" {
		out.Display = &api.StageParticipantToken{Token: j.Display.Token, ParticipantID: j.Display.ParticipantID, ParticipantGroup: j.Display.Group}
	}
	return out
}
