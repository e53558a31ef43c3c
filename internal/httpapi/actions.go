package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/overlay"
)

// Stream actions (spec 7). Every route of the owner acts on the caller's
// own channel: there is no channel in the path to get wrong.

// maxActionBody bounds a send request before its 1 KB budget is measured.
const maxActionBody = 4 << 10

func (s *Server) sendStreamAction(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	if err := boundBody(w, r, maxActionBody, overlay.ErrTooLarge); err != nil {
		return nil, err
	}
	var req api.StreamActionRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	a, err := s.overlay.Send(r.Context(), c.user.ID, req.Name, req.Data)
	if err != nil {
		return nil, err
	}
	return streamActionBody(&a), nil
}

func (s *Server) stopStreamAction(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	return nil, s.overlay.Stop(r.Context(), c.user.ID)
}

func (s *Server) activeStreamAction(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	a, err := s.overlay.Active(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.ActiveStreamAction{Action: streamActionBody(a)}, nil
}

func (s *Server) streamActionForms(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	forms, err := s.overlay.Forms(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	return api.StreamActionForms{Forms: forms}, nil
}

// saveStreamActionForm takes the form as the body, any JSON object.
func (s *Server) saveStreamActionForm(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	if err := boundBody(w, r, overlay.MaxForm, overlay.ErrFormTooLarge); err != nil {
		return nil, err
	}
	data, _ := io.ReadAll(r.Body) // already in memory
	return nil, s.overlay.SaveForm(r.Context(), c.user.ID, r.PathValue("name"), data)
}

func (s *Server) votePoll(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req struct {
		Option *int `json:"option"` // api.PollVoteRequest, with "missing" told apart from 0
	}
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if req.Option == nil {
		return nil, overlay.ErrBadOption
	}
	p, err := s.overlay.Vote(r.Context(), c.user.ID, channel.ID(r.PathValue("channelId")), r.PathValue("pollId"), *req.Option)
	if err != nil {
		return nil, err
	}
	return pollBody(p), nil
}

// boundBody reads at most limit bytes of the body into memory (refusing a
// larger one with tooLarge), so a handler can measure it before decoding.
func boundBody(w http.ResponseWriter, r *http.Request, limit int64, tooLarge error) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge
	}
	if err != nil {
		return errs.Invalid("BadRequestException", "The request body did not arrive in full; try again.").Wrap(err)
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return nil
}

func streamActionBody(a *overlay.Action) *api.StreamAction {
	if a == nil {
		return nil
	}
	out := &api.StreamAction{ID: a.ID, Name: a.Name, Data: json.RawMessage(a.Data), StartTime: a.StartTime, Expiry: a.Expiry}
	if a.Poll != nil {
		p := pollBody(*a.Poll)
		out.Poll = &p
	}
	return out
}

func pollBody(p overlay.Poll) api.Poll {
	out := api.Poll{ID: p.ID, Question: p.Question, Options: make([]api.PollOption, len(p.Options)), Duration: p.Duration,
		StartTime: p.StartTime, EndTime: p.EndTime, TotalVotes: p.TotalVotes, Ended: p.Ended, MyVote: p.MyVote}
	for i, o := range p.Options {
		out.Options[i] = api.PollOption{Option: o.Option, Count: o.Count}
	}
	return out
}
