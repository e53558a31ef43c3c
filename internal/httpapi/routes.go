package httpapi

import (
	"fmt"
	"net/http"
	"regexp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/product"
)

// access says who may call a route.
type access int

const (
	public   access = iota // anyone
	signedIn               // a valid session is required
	optional               // a session is used when present and valid
)

// route is one API operation; the list in routes() is the whole API and the
// source of the OpenAPI document.
type route struct {
	Method  string
	Path    string
	Summary string
	Access  access
	// Request and Response are zero values of the body types (nil: none).
	Request  any
	Response any
	// Status is the success status.
	Status int
	// Errors lists the error codes the route may answer, for the document.
	Errors []string
	// LongParams lifts the 100-character bound on path parameters (product
	// keywords are checked by their own rule, up to 200).
	LongParams bool
	Handle     func(w http.ResponseWriter, r *http.Request, c *call) (any, error)
}

// call carries per-request authentication.
type call struct {
	user  account.User
	token string
}

const v1 = "/api/v1"

func (s *Server) routes() []route {
	return []route{
		{Method: "GET", Path: v1 + "/config", Summary: "Public settings for the web app", Access: public,
			Response: api.Config{}, Status: 200, Handle: s.getConfig},

		// Accounts.
		{Method: "POST", Path: v1 + "/channel/register", Summary: "Create an account", Access: public,
			Request: api.RegisterRequest{}, Response: api.RegisterResponse{}, Status: 201,
			Errors: []string{"UnexpectedException", "AccountRegistrationException", "ReservedUsernameException", "InvalidPasswordException", "InvalidParameterException", "UsernameExistsException", "EmailExistsException"},
			Handle: s.register},
		{Method: "POST", Path: v1 + "/auth/signin", Summary: "Sign in with username or email and password", Access: public,
			Request: api.SignInRequest{}, Response: api.SessionResponse{}, Status: 200,
			Errors: []string{"NotAuthorizedException", "UserNotConfirmedException", "LimitExceededException"},
			Handle: s.signIn},
		{Method: "POST", Path: v1 + "/auth/signout", Summary: "Sign out this session", Access: optional,
			Status: 204, Handle: s.signOut},
		{Method: "GET", Path: v1 + "/auth/session", Summary: "The signed-in user", Access: signedIn,
			Response: api.SessionResponse{}, Status: 200, Errors: []string{"UnauthorizedException"}, Handle: s.getSession},
		{Method: "POST", Path: v1 + "/auth/verify", Summary: "Confirm an email address with the mailed code", Access: public,
			Request: api.VerifyRequest{}, Response: api.VerifyResponse{}, Status: 200,
			Errors: []string{"CodeMismatchException", "ExpiredCodeException"}, Handle: s.verify},
		{Method: "POST", Path: v1 + "/auth/verify/resend", Summary: "Mail a new verification link", Access: public,
			Request: api.ResendRequest{}, Response: api.Empty{}, Status: 200, Errors: []string{"LimitExceededException"}, Handle: s.resendVerification},
		{Method: "POST", Path: v1 + "/channel/password/reset", Summary: "Mail a password reset link (same answer whether or not the email exists)", Access: public,
			Request: api.ResetRequest{}, Response: api.Empty{}, Status: 200, Errors: []string{"InvalidParameterException"}, Handle: s.requestReset},
		{Method: "POST", Path: v1 + "/auth/password/reset/confirm", Summary: "Set a new password with a reset code", Access: public,
			Request: api.ResetConfirmRequest{}, Response: api.Empty{}, Status: 200,
			Errors: []string{"CodeMismatchException", "ExpiredCodeException", "InvalidPasswordException"}, Handle: s.confirmReset},
		{Method: "PUT", Path: v1 + "/channel/password/update", Summary: "Change password; other sessions are signed out", Access: signedIn,
			Request: api.ChangePasswordRequest{}, Response: api.Empty{}, Status: 200,
			Errors: []string{"NotAuthorizedException", "InvalidPasswordException", "SamePasswordException", "LimitExceededException"}, Handle: s.changePassword},
		{Method: "PUT", Path: v1 + "/channel/username/update", Summary: "Change username", Access: signedIn,
			Request: api.ChangeUsernameRequest{}, Response: api.UsernameResponse{}, Status: 200,
			Errors: []string{"ReservedUsernameException", "ChangeUsernameException", "AliasExistsException"}, Handle: s.changeUsername},
		{Method: "PUT", Path: v1 + "/channel/email/update", Summary: "Change email; takes effect when the mailed link is opened", Access: signedIn,
			Request: api.ChangeEmailRequest{}, Response: api.PendingEmailResponse{}, Status: 200,
			Errors: []string{"InvalidParameterException", "EmailExistsException", "LimitExceededException"}, Handle: s.changeEmail},
		{Method: "DELETE", Path: v1 + "/channel", Summary: "Delete the account and everything it owns", Access: signedIn,
			Status: 204, Errors: []string{"AccountDeletionException"}, Handle: s.deleteAccount},

		// Channels.
		{Method: "GET", Path: v1 + "/channel", Summary: "The signed-in user's channel, with its stream key", Access: signedIn,
			Response: api.OwnChannel{}, Status: 200, Handle: s.getOwnChannel},
		{Method: "POST", Path: v1 + "/channel/streamKey/reset", Summary: "Issue a new stream key; a live publisher is disconnected", Access: signedIn,
			Response: api.StreamKeyResponse{}, Status: 200, Errors: []string{"ResetStreamKeyException"}, Handle: s.resetStreamKey},
		{Method: "GET", Path: v1 + "/channel/liveStatus", Summary: "Whether the signed-in user's channel is live", Access: signedIn,
			Response: api.LiveStatus{}, Status: 200, Handle: s.getLiveStatus},
		{Method: "GET", Path: v1 + "/channels/{username}", Summary: "A channel's public profile", Access: optional,
			Response: api.PublicChannel{}, Status: 200, Errors: []string{"UserNotFoundException"}, Handle: s.getPublicChannel},
		{Method: "GET", Path: v1 + "/channels", Summary: "The directory: ?isLive=true lists live channels, newest start first (at most 50)", Access: public,
			Response: api.ChannelList{}, Status: 200, Errors: []string{"BadRequestException"}, Handle: s.listChannels},

		// Profile look and uploaded images.
		{Method: "PUT", Path: v1 + "/channel/preferences/update", Summary: "Set the profile colour and/or a preset avatar (\"custom\" picks the uploaded image)", Access: signedIn,
			Request: api.PreferencesRequest{}, Response: api.Profile{}, Status: 200,
			Errors: []string{"ChangeUserPreferencesException", "InvalidParameterException"}, Handle: s.updatePreferences},
		{Method: "PUT", Path: v1 + "/channel/assets/{assetType}", Summary: "Upload the avatar (JPEG/PNG <= 1 MB) or banner (<= 5 MB) as the raw body; it is re-encoded and served at a versioned address", Access: signedIn,
			Response: api.Profile{}, Status: 200,
			Errors: []string{"InvalidAssetTypeException", "ImageTooLargeException", "UnsupportedImageException", "ImageDimensionsException"}, Handle: s.uploadAsset},
		{Method: "DELETE", Path: v1 + "/channel/assets/{assetType}", Summary: "Delete the uploaded avatar or banner (a deleted chosen avatar becomes a random preset)", Access: signedIn,
			Response: api.Profile{}, Status: 200, Errors: []string{"InvalidAssetTypeException"}, Handle: s.deleteAsset},

		// Following.
		{Method: "GET", Path: v1 + "/channel/followingList", Summary: "Followed channels: live first by start time, then by follow recency (at most 50)", Access: signedIn,
			Response: api.ChannelList{}, Status: 200, Handle: s.followingList},
		{Method: "PUT", Path: v1 + "/channel/followingList/add", Summary: "Follow a channel (204 when already following)", Access: signedIn,
			Request: api.FollowRequest{}, Response: api.Empty{}, Status: 200,
			Errors: []string{"BadRequestException", "UserNotFoundException", "UnexpectedException"}, Handle: s.follow},
		{Method: "PUT", Path: v1 + "/channel/followingList/remove", Summary: "Unfollow a channel", Access: signedIn,
			Request: api.FollowRequest{}, Response: api.Empty{}, Status: 200,
			Errors: []string{"BadRequestException", "UserNotFoundException", "UnexpectedException"}, Handle: s.unfollow},

		// Realtime and chat. Room events reach clients over the WebSocket
		// (/connection/websocket); sending and moderating go through here.
		{Method: "POST", Path: v1 + "/realtime/token", Summary: "A single-use token that opens one realtime connection within a minute", Access: signedIn,
			Response: api.RealtimeToken{}, Status: 200, Handle: s.realtimeToken},
		{Method: "POST", Path: v1 + "/chat/{channelId}/messages", Summary: "Send a chat message to a channel's room", Access: signedIn,
			Request: api.ChatSendRequest{}, Response: api.ChatMessage{}, Status: 201,
			Errors: []string{"ChatMessageEmptyException", "ChatMessageTooLongException", "ChatBannedException", "ChatRateExceededException", "ChatRoomRateExceededException", "ResourceNotFoundException"},
			Handle: s.sendChat},
		{Method: "DELETE", Path: v1 + "/chat/{channelId}/messages/{messageId}", Summary: "Delete a message for everyone (channel owner)", Access: signedIn,
			Status: 204, Errors: []string{"ForbiddenException", "ChatMessageNotFoundException", "ResourceNotFoundException"}, Handle: s.deleteChat},
		{Method: "GET", Path: v1 + "/chat/{channelId}/bans", Summary: "Users banned from the channel's chat (channel owner)", Access: signedIn,
			Response: api.ChatBans{}, Status: 200, Errors: []string{"ForbiddenException", "ResourceNotFoundException"}, Handle: s.listBans},
		{Method: "PUT", Path: v1 + "/chat/{channelId}/bans/{userId}", Summary: "Ban a user from the channel's chat: their messages go and they are disconnected (channel owner)", Access: signedIn,
			Status: 204, Errors: []string{"ForbiddenException", "ChatCannotBanSelfException", "UserNotFoundException", "ResourceNotFoundException"}, Handle: s.ban},
		{Method: "DELETE", Path: v1 + "/chat/{channelId}/bans/{userId}", Summary: "Lift a ban (channel owner)", Access: signedIn,
			Status: 204, Errors: []string{"ForbiddenException", "ResourceNotFoundException"}, Handle: s.unban},

		// Stream actions (overlays) on the signed-in user's own channel, and
		// votes in a channel's poll. Viewers receive them on the channel's
		// event stream (streamAction, pollVotes).
		{Method: "POST", Path: v1 + "/channel/actions/send", Summary: "Start a stream action on your live channel (<= 1 KB); it replaces the active one", Access: signedIn,
			Request: api.StreamActionRequest{}, Response: api.StreamAction{}, Status: 200,
			Errors: []string{"TimedMetadataValidationException", "AmazonProductStreamActionDisabledException", "ChannelNotBroadcastingException", "StreamActionRateExceededException"},
			Handle: s.sendStreamAction},
		{Method: "GET", Path: v1 + "/channel/actions/active", Summary: "Your channel's active stream action, or null", Access: signedIn,
			Response: api.ActiveStreamAction{}, Status: 200, Handle: s.activeStreamAction},
		{Method: "DELETE", Path: v1 + "/channel/actions/active", Summary: "Stop the active stream action (a running poll ends now and shows its results for 10 s)", Access: signedIn,
			Status: 204, Handle: s.stopStreamAction},
		{Method: "GET", Path: v1 + "/channel/actions/forms", Summary: "Your saved stream-action forms by action name", Access: signedIn,
			Response: api.StreamActionForms{}, Status: 200, Handle: s.streamActionForms},
		{Method: "PUT", Path: v1 + "/channel/actions/forms/{name}", Summary: "Save a stream-action form (a draft: any JSON object <= 4 KB)", Access: signedIn,
			Request: map[string]any{}, Status: 204, Errors: []string{"InvalidParameterException"}, Handle: s.saveStreamActionForm},
		{Method: "POST", Path: v1 + "/channels/{channelId}/polls/{pollId}/votes", Summary: "Vote in a channel's running poll (once; not the channel's owner)", Access: signedIn,
			Request: api.PollVoteRequest{}, Response: api.Poll{}, Status: 200,
			Errors: []string{"InvalidParameterException", "ForbiddenException", "ChatBannedException", "PollNotFoundException", "PollClosedException", "PollAlreadyVotedException", "ResourceNotFoundException"},
			Handle: s.votePoll},

		// Webhooks: the signed-in user's endpoints receiving their channel's
		// stream events as signed JSON.
		{Method: "GET", Path: v1 + "/channel/webhooks", Summary: "Your webhook endpoints (without their secrets)", Access: signedIn,
			Response: api.WebhookList{}, Status: 200, Handle: s.listWebhooks},
		{Method: "POST", Path: v1 + "/channel/webhooks", Summary: "Register an http(s) endpoint for your channel's stream events (at most 5); the answer shows the signing secret, once", Access: signedIn,
			Request: api.WebhookRequest{}, Response: api.CreatedWebhook{}, Status: 201,
			Errors: []string{"InvalidParameterException", "WebhookAddressException", "WebhookLimitExceededException"}, Handle: s.createWebhook},
		{Method: "DELETE", Path: v1 + "/channel/webhooks/{id}", Summary: "Delete one of your webhook endpoints", Access: signedIn,
			Status: 204, Errors: []string{"WebhookNotFoundException"}, Handle: s.deleteWebhook},
		{Method: "GET", Path: v1 + "/channel/webhooks/{id}/deliveries", Summary: "An endpoint's delivery log: every attempt, newest first (at most 100)", Access: signedIn,
			Response: api.WebhookDeliveries{}, Status: 200, Errors: []string{"WebhookNotFoundException"}, Handle: s.webhookDeliveries},

		// Stream health metrics (spec 3.4, 9.2): the signed-in user's own
		// stream sessions; another user's session is not found.
		{Method: "GET", Path: v1 + "/metrics/sessions", Summary: "Your stream sessions, newest start first, 50 a page (?nextToken= from the previous page)", Access: signedIn,
			Response: api.StreamSessionList{}, Status: 200, Errors: []string{"BadRequestException"}, Handle: s.listStreamSessions},
		{Method: "GET", Path: v1 + "/metrics/sessions/{streamId}", Summary: "One of your stream sessions: events, encoder configuration and metric series (period by age, spec 9.2)", Access: signedIn,
			Response: api.StreamSession{}, Status: 200, Errors: []string{"ResourceNotFoundException"}, Handle: s.getStreamSession},

		// Stages: co-host sessions (spec 8; docs/stages.md). Media goes
		// through the SFU with the tokens these answer; requests, answers
		// and removals reach users in their realtime inbox, sent only here.
		{Method: "GET", Path: v1 + "/stages/create", Summary: "Create or rejoin your stage as host (an invited join when you are already connected elsewhere)", Access: signedIn,
			Response: api.StageJoin{}, Status: 200, Errors: []string{"ChannelLiveException", "StagesDisabledException"}, Handle: s.staged(s.createStage)},
		{Method: "GET", Path: v1 + "/stages/{stageId}", Summary: "A live stage", Access: signedIn,
			Response: api.Stage{}, Status: 200, Errors: []string{"StageNotFoundException", "StagesDisabledException"}, Handle: s.staged(s.getStage)},
		{Method: "GET", Path: v1 + "/stages/createParticipantToken/{stageId}/{participantType}", Summary: "Join a stage as invited (the session link's ?invite= code), requested (after the host accepted) or screenshare; a full stage answers a spectator join", Access: signedIn,
			Response: api.StageJoin{}, Status: 200,
			Errors: []string{"StageNotFoundException", "InvalidParticipantTypeException", "InvalidInviteException", "RemovedFromStageException", "RequestNotAcceptedException", "BannedException", "StageFullException", "StagesDisabledException"},
			Handle: s.staged(s.stageParticipantToken)},
		{Method: "GET", Path: v1 + "/stages/createSpectatorToken/{stageId}", Summary: "Watch a stage (subscribe only)", Access: public,
			Response: api.StageJoin{}, Status: 200, Errors: []string{"StageNotFoundException", "StagesDisabledException"}, Handle: s.staged(s.stageSpectatorToken)},
		{Method: "PUT", Path: v1 + "/stages/end", Summary: "End your stage for everyone", Access: signedIn,
			Response: api.StageEndResponse{}, Status: 200, Errors: []string{"StagesDisabledException"}, Handle: s.staged(s.endStage)},
		{Method: "PUT", Path: v1 + "/stages/disconnectParticipant", Summary: "Remove a participant (and their screen share) from your stage", Access: signedIn,
			Request: api.StageDisconnectRequest{}, Status: 204,
			Errors: []string{"BadRequestException", "NotStageHostException", "ParticipantNotFoundException", "StagesDisabledException"}, Handle: s.staged(s.disconnectStageParticipant)},
		{Method: "PUT", Path: v1 + "/stages/removeScreenShare", Summary: "Stop a participant's screen share in your stage", Access: signedIn,
			Request: api.StageScreenShareRequest{}, Status: 204,
			Errors: []string{"BadRequestException", "NotStageHostException", "ParticipantNotFoundException", "StagesDisabledException"}, Handle: s.staged(s.removeStageScreenShare)},
		{Method: "POST", Path: v1 + "/stages/requestToJoin", Summary: "Ask a stage's host to let you join", Access: signedIn,
			Request: api.StageRef{}, Status: 204,
			Errors: []string{"BadRequestException", "StageNotFoundException", "OwnStageException", "BannedException", "RemovedFromStageException", "ViewerLiveException", "StagesDisabledException"}, Handle: s.staged(s.requestToJoinStage)},
		{Method: "POST", Path: v1 + "/stages/revokeStageRequest", Summary: "Withdraw your request to join (JSON or a sendBeacon body)", Access: signedIn,
			Request: api.StageRef{}, Status: 204, Errors: []string{"BadRequestException", "StagesDisabledException"}, Handle: s.staged(s.revokeStageRequest)},
		{Method: "GET", Path: v1 + "/stages/requests", Summary: "Pending requests to join your stage, oldest first", Access: signedIn,
			Response: api.StageRequests{}, Status: 200, Errors: []string{"NotStageHostException", "StagesDisabledException"}, Handle: s.staged(s.listStageRequests)},
		{Method: "POST", Path: v1 + "/stages/acceptRequest", Summary: "Let a requester join your stage", Access: signedIn,
			Request: api.StageRequester{}, Status: 204,
			Errors: []string{"BadRequestException", "NotStageHostException", "RequestNotFoundException", "StagesDisabledException"}, Handle: s.staged(s.acceptStageRequest)},
		{Method: "POST", Path: v1 + "/stages/deleteRequest", Summary: "Turn down a request to join your stage", Access: signedIn,
			Request: api.StageRequester{}, Status: 204,
			Errors: []string{"BadRequestException", "NotStageHostException", "RequestNotFoundException", "StagesDisabledException"}, Handle: s.staged(s.deleteStageRequest)},
		{Method: "POST", Path: v1 + "/stages/sendHostDisconnectedMessage", Summary: "Your tab is closing: the host-gone grace period starts now (a sendBeacon body)", Access: signedIn,
			Request: api.StageRef{}, Status: 204,
			Errors: []string{"BadRequestException", "StageNotFoundException", "NotStageHostException", "StagesDisabledException"}, Handle: s.staged(s.stageHostDisconnected)},

		{Method: "GET", Path: v1 + "/products/{keywords}", Summary: "Search the Amazon catalogue for the Amazon product stream action (?sort=Relevance|NewestArrivals|Price:LowToHigh|Price:HighToLow|Featured&page=1..5&language=&origin=input|sort); 404 when the action is off", Access: signedIn,
			Response: product.Result{}, Status: 200, LongParams: true,
			Errors: []string{"NotFoundException", "BadRequestException", "TooManyRequestsException", "SortProductsException", "UnexpectedException"}, Handle: s.searchProducts},

		{Method: "GET", Path: v1 + "/openapi.json", Summary: "This document", Access: public, Status: 200, Handle: s.openAPIDocument},
	}
}

var (
	errNoRoute     = errs.NotFound("NotFoundException", "No API operation at this address.")
	errCrossOrigin = errs.Forbidden("ForbiddenException", "Cross-origin request refused.")
	pathParam      = regexp.MustCompile(`\{(\w+)\}`)
)

// endpoint adapts a route to http.Handler: path parameter bounds,
// authentication, then the handler; errors become the JSON error body.
func (s *Server) endpoint(rt route) http.Handler {
	params := pathParam.FindAllStringSubmatch(rt.Path, -1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, p := range params {
			if v := r.PathValue(p[1]); len(v) > 100 && !rt.LongParams {
				writeError(w, r, s.log, errs.Invalid("BadRequestException", fmt.Sprintf("params/%s must NOT have more than 100 characters", p[1])))
				return
			}
		}
		c := &call{}
		if rt.Access != public {
			c.token = sessionCookie(r)
			if c.token != "" {
				u, err := s.acc.Authenticate(r.Context(), c.token)
				switch {
				case err == nil:
					c.user = u
				case errs.KindOf(err) == errs.KindUnauthorized:
					// An expired or revoked cookie: drop it; optional routes go on anonymously.
					clearSessionCookie(w, s.cfg.SecureCookies)
					c.token = ""
				default:
					writeError(w, r, s.log, err)
					return
				}
			}
			if rt.Access == signedIn && c.user.ID == "" {
				writeError(w, r, s.log, errs.ErrUnauthenticated)
				return
			}
		}
		out, err := rt.Handle(w, r, c)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		status := rt.Status
		if ws, ok := out.(withStatus); ok {
			status, out = ws.status, ws.body
		}
		writeJSON(w, status, out)
	})
}

// withStatus lets a handler answer another success status than its route's
// (204 for a follow that already existed).
type withStatus struct {
	status int
	body   any
}

func (s *Server) getConfig(http.ResponseWriter, *http.Request, *call) (any, error) {
	return api.Config{Dev: s.cfg.Dev, ChannelType: s.cfg.ChannelType,
		EnableAmazonProductStreamAction: s.cfg.EnableAmazonProductStreamAction, Version: s.cfg.Version}, nil
}
