package apiclient

import (
	"context"
	"net/url"

	"github.com/onair/onair/internal/api"
)

// CreateStage creates or rejoins the signed-in user's stage.
func (c *Client) CreateStage(ctx context.Context) (api.StageJoin, error) {
	var out api.StageJoin
	return out, c.Do(ctx, "GET", v1+"/stages/create", nil, &out)
}

// Stage describes a live stage.
func (c *Client) Stage(ctx context.Context, stageID string) (api.Stage, error) {
	var out api.Stage
	return out, c.Do(ctx, "GET", v1+"/stages/"+url.PathEscape(stageID), nil, &out)
}

// JoinStage asks for a participant token of participantType (invited,
// requested or screenshare); invite is the session link's code.
func (c *Client) JoinStage(ctx context.Context, stageID, participantType, invite string) (api.StageJoin, error) {
	var out api.StageJoin
	path := v1 + "/stages/createParticipantToken/" + url.PathEscape(stageID) + "/" + url.PathEscape(participantType)
	if invite != "" {
		path += "?" + url.Values{"invite": {invite}}.Encode()
	}
	return out, c.Do(ctx, "GET", path, nil, &out)
}

// SpectateStage asks for a subscribe-only token.
func (c *Client) SpectateStage(ctx context.Context, stageID string) (api.StageJoin, error) {
	var out api.StageJoin
	return out, c.Do(ctx, "GET", v1+"/stages/createSpectatorToken/"+url.PathEscape(stageID), nil, &out)
}

// EndStage ends the signed-in user's stage.
func (c *Client) EndStage(ctx context.Context) (api.StageEndResponse, error) {
	var out api.StageEndResponse
	return out, c.Do(ctx, "PUT", v1+"/stages/end", nil, &out)
}

// DisconnectStageParticipant removes a participant from the caller's stage.
func (c *Client) DisconnectStageParticipant(ctx context.Context, participantID, displayParticipantID string) error {
	return c.Do(ctx, "PUT", v1+"/stages/disconnectParticipant",
		api.StageDisconnectRequest{ParticipantID: participantID, DisplayParticipantID: displayParticipantID}, nil)
}

// RemoveStageScreenShare stops a screen share in the caller's stage.
func (c *Client) RemoveStageScreenShare(ctx context.Context, participantID string) error {
	return c.Do(ctx, "PUT", v1+"/stages/removeScreenShare", api.StageScreenShareRequest{ParticipantID: participantID}, nil)
}

// RequestToJoinStage asks a stage's host to let the caller join.
func (c *Client) RequestToJoinStage(ctx context.Context, stageID string) error {
	return c.Do(ctx, "POST", v1+"/stages/requestToJoin", api.StageRef{StageID: stageID}, nil)
}

// RevokeStageRequest withdraws the caller's request.
func (c *Client) RevokeStageRequest(ctx context.Context, stageID string) error {
	return c.Do(ctx, "POST", v1+"/stages/revokeStageRequest", api.StageRef{StageID: stageID}, nil)
}

// StageRequests lists the pending requests to the caller's stage.
func (c *Client) StageRequests(ctx context.Context) ([]api.StageRequest, error) {
	var out api.StageRequests
	err := c.Do(ctx, "GET", v1+"/stages/requests", nil, &out)
	return out.Requests, err
}

// AcceptStageRequest lets a requester join the caller's stage.
func (c *Client) AcceptStageRequest(ctx context.Context, userID string) error {
	return c.Do(ctx, "POST", v1+"/stages/acceptRequest", api.StageRequester{UserID: userID}, nil)
}

// DeleteStageRequest turns a request down.
func (c *Client) DeleteStageRequest(ctx context.Context, userID string) error {
	return c.Do(ctx, "POST", v1+"/stages/deleteRequest", api.StageRequester{UserID: userID}, nil)
}
