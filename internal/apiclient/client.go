// Package apiclient is a typed Go client of Onair's /api/v1, used by tests,
// load generators and tools. It keeps the session cookie like a browser.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/onair/onair/internal/api"
)

// Client talks to one Onair server as one user agent.
type Client struct {
	base string
	http *http.Client
}

// New returns a client for the server at base (e.g. http://127.0.0.1:8080).
func New(base string) *Client {
	jar, _ := cookiejar.New(nil) // New with nil options cannot fail
	return &Client{base: strings.TrimRight(base, "/"), http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// WithHTTPClient replaces the transport (load generators share one).
func (c *Client) WithHTTPClient(h *http.Client) *Client {
	if h.Jar == nil {
		h.Jar = c.http.Jar
	}
	c.http = h
	return c
}

// Error is an API error response.
type Error struct {
	Status int
	api.ErrorDetail
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// Do sends a request with an optional JSON body and decodes a JSON answer
// into out (when not nil). Non-2xx answers return *Error.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	_, err := c.DoStatus(ctx, method, path, body, out)
	return err
}

// DoStatus is Do that also returns the success status.
func (c *Client) DoStatus(ctx context.Context, method, path string, body, out any) (int, error) {
	if body == nil {
		return c.send(ctx, method, path, "", nil, out)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return 0, fmt.Errorf("encode %s %s: %w", method, path, err)
	}
	return c.send(ctx, method, path, "application/json", bytes.NewReader(b), out)
}

func (c *Client) send(ctx context.Context, method, path, contentType string, body io.Reader, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		e := &Error{Status: resp.StatusCode}
		var eb api.ErrorBody
		if err := json.NewDecoder(resp.Body).Decode(&eb); err == nil {
			e.ErrorDetail = eb.Error
		}
		return resp.StatusCode, e
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, fmt.Errorf("decode %s %s: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// SessionToken returns the session cookie value held for the server (tests
// use it to check that secrets never reach the logs).
func (c *Client) SessionToken() string {
	u, err := url.Parse(c.base)
	if err != nil {
		return ""
	}
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "onair_session" {
			return ck.Value
		}
	}
	return ""
}

const v1 = "/api/v1"

func (c *Client) Config(ctx context.Context) (api.Config, error) {
	var out api.Config
	return out, c.Do(ctx, "GET", v1+"/config", nil, &out)
}

func (c *Client) Register(ctx context.Context, in api.RegisterRequest) (api.RegisterResponse, error) {
	var out api.RegisterResponse
	return out, c.Do(ctx, "POST", v1+"/channel/register", in, &out)
}

func (c *Client) SignIn(ctx context.Context, login, password string) (api.Me, error) {
	var out api.SessionResponse
	err := c.Do(ctx, "POST", v1+"/auth/signin", api.SignInRequest{Username: login, Password: password}, &out)
	return out.User, err
}

func (c *Client) SignOut(ctx context.Context) error {
	return c.Do(ctx, "POST", v1+"/auth/signout", nil, nil)
}

func (c *Client) Session(ctx context.Context) (api.Me, error) {
	var out api.SessionResponse
	err := c.Do(ctx, "GET", v1+"/auth/session", nil, &out)
	return out.User, err
}

func (c *Client) Verify(ctx context.Context, username, code string) (api.VerifyResponse, error) {
	var out api.VerifyResponse
	return out, c.Do(ctx, "POST", v1+"/auth/verify", api.VerifyRequest{Username: username, Code: code}, &out)
}

func (c *Client) ResendVerification(ctx context.Context, username string) error {
	return c.Do(ctx, "POST", v1+"/auth/verify/resend", api.ResendRequest{Username: username}, nil)
}

func (c *Client) RequestPasswordReset(ctx context.Context, email string) error {
	return c.Do(ctx, "POST", v1+"/channel/password/reset", api.ResetRequest{Email: email}, nil)
}

func (c *Client) ConfirmPasswordReset(ctx context.Context, username, code, newPassword string) error {
	return c.Do(ctx, "POST", v1+"/auth/password/reset/confirm", api.ResetConfirmRequest{Username: username, Code: code, NewPassword: newPassword}, nil)
}

func (c *Client) ChangePassword(ctx context.Context, current, next string) error {
	return c.Do(ctx, "PUT", v1+"/channel/password/update", api.ChangePasswordRequest{CurrentPassword: current, NewPassword: next}, nil)
}

func (c *Client) ChangeUsername(ctx context.Context, name string) (string, error) {
	var out api.UsernameResponse
	err := c.Do(ctx, "PUT", v1+"/channel/username/update", api.ChangeUsernameRequest{NewUsername: name}, &out)
	return out.Username, err
}

func (c *Client) ChangeEmail(ctx context.Context, email string) (string, error) {
	var out api.PendingEmailResponse
	err := c.Do(ctx, "PUT", v1+"/channel/email/update", api.ChangeEmailRequest{NewEmail: email}, &out)
	return out.PendingEmail, err
}

func (c *Client) DeleteAccount(ctx context.Context) error {
	return c.Do(ctx, "DELETE", v1+"/channel", nil, nil)
}

func (c *Client) OwnChannel(ctx context.Context) (api.OwnChannel, error) {
	var out api.OwnChannel
	return out, c.Do(ctx, "GET", v1+"/channel", nil, &out)
}

func (c *Client) ResetStreamKey(ctx context.Context) (string, error) {
	var out api.StreamKeyResponse
	err := c.Do(ctx, "POST", v1+"/channel/streamKey/reset", nil, &out)
	return out.StreamKeyValue, err
}

func (c *Client) PublicChannel(ctx context.Context, username string) (api.PublicChannel, error) {
	var out api.PublicChannel
	return out, c.Do(ctx, "GET", v1+"/channels/"+url.PathEscape(username), nil, &out)
}

func (c *Client) LiveStatus(ctx context.Context) (api.LiveStatus, error) {
	var out api.LiveStatus
	return out, c.Do(ctx, "GET", v1+"/channel/liveStatus", nil, &out)
}

// RealtimeToken asks for a single-use realtime connection token.
func (c *Client) RealtimeToken(ctx context.Context) (api.RealtimeToken, error) {
	var out api.RealtimeToken
	return out, c.Do(ctx, "POST", v1+"/realtime/token", nil, &out)
}

func chatPath(channelID string) string { return v1 + "/chat/" + url.PathEscape(channelID) }

// SendChat sends a chat message to a channel's room.
func (c *Client) SendChat(ctx context.Context, channelID, content string) (api.ChatMessage, error) {
	var out api.ChatMessage
	return out, c.Do(ctx, "POST", chatPath(channelID)+"/messages", api.ChatSendRequest{Content: content}, &out)
}

// DeleteChat deletes a message from a channel's room (owner).
func (c *Client) DeleteChat(ctx context.Context, channelID, messageID string) error {
	return c.Do(ctx, "DELETE", chatPath(channelID)+"/messages/"+url.PathEscape(messageID), nil, nil)
}

// ChatBans lists the users banned from a channel's chat (owner).
func (c *Client) ChatBans(ctx context.Context, channelID string) ([]api.ChatBan, error) {
	var out api.ChatBans
	err := c.Do(ctx, "GET", chatPath(channelID)+"/bans", nil, &out)
	return out.Bans, err
}

// Ban bans a user from a channel's chat (owner).
func (c *Client) Ban(ctx context.Context, channelID, userID string) error {
	return c.Do(ctx, "PUT", chatPath(channelID)+"/bans/"+url.PathEscape(userID), nil, nil)
}

// Unban lifts a ban (owner).
func (c *Client) Unban(ctx context.Context, channelID, userID string) error {
	return c.Do(ctx, "DELETE", chatPath(channelID)+"/bans/"+url.PathEscape(userID), nil, nil)
}

// UpdatePreferences sets the colour and/or a preset avatar.
func (c *Client) UpdatePreferences(ctx context.Context, req api.PreferencesRequest) (api.Profile, error) {
	var out api.Profile
	return out, c.Do(ctx, "PUT", v1+"/channel/preferences/update", req, &out)
}

// UploadAsset uploads an image ("avatar" or "banner") as the raw body.
func (c *Client) UploadAsset(ctx context.Context, assetType, contentType string, data []byte) (api.Profile, error) {
	var out api.Profile
	_, err := c.send(ctx, "PUT", v1+"/channel/assets/"+url.PathEscape(assetType), contentType, bytes.NewReader(data), &out)
	return out, err
}

// DeleteAsset deletes an uploaded image.
func (c *Client) DeleteAsset(ctx context.Context, assetType string) (api.Profile, error) {
	var out api.Profile
	return out, c.Do(ctx, "DELETE", v1+"/channel/assets/"+url.PathEscape(assetType), nil, &out)
}

// Follow follows a channel; the status is 200, or 204 when already following.
func (c *Client) Follow(ctx context.Context, username string) (int, error) {
	return c.DoStatus(ctx, "PUT", v1+"/channel/followingList/add", api.FollowRequest{FollowedUsername: username}, nil)
}

// Unfollow unfollows a channel.
func (c *Client) Unfollow(ctx context.Context, username string) error {
	return c.Do(ctx, "PUT", v1+"/channel/followingList/remove", api.FollowRequest{FollowedUsername: username}, nil)
}

// Following is the signed-in user's following list.
func (c *Client) Following(ctx context.Context) (api.ChannelList, error) {
	var out api.ChannelList
	return out, c.Do(ctx, "GET", v1+"/channel/followingList", nil, &out)
}

// LiveChannels is the directory's live list.
func (c *Client) LiveChannels(ctx context.Context) (api.ChannelList, error) {
	var out api.ChannelList
	return out, c.Do(ctx, "GET", v1+"/channels?isLive=true", nil, &out)
}

// SendStreamAction starts a stream action on the signed-in user's live
// channel; data is the action's fields (any value that encodes to JSON).
func (c *Client) SendStreamAction(ctx context.Context, name string, data any) (api.StreamAction, error) {
	raw, ok := data.(json.RawMessage)
	if !ok {
		b, err := json.Marshal(data)
		if err != nil {
			return api.StreamAction{}, fmt.Errorf("encode %s data: %w", name, err)
		}
		raw = b
	}
	var out api.StreamAction
	return out, c.Do(ctx, "POST", v1+"/channel/actions/send", api.StreamActionRequest{Name: name, Data: raw}, &out)
}

// StopStreamAction stops the active stream action (a running poll ends
// and shows its results).
func (c *Client) StopStreamAction(ctx context.Context) error {
	return c.Do(ctx, "DELETE", v1+"/channel/actions/active", nil, nil)
}

// ActiveStreamAction is the signed-in user's active stream action, or nil.
func (c *Client) ActiveStreamAction(ctx context.Context) (*api.StreamAction, error) {
	var out api.ActiveStreamAction
	err := c.Do(ctx, "GET", v1+"/channel/actions/active", nil, &out)
	return out.Action, err
}

// StreamActionForms are the signed-in user's saved forms by action name.
func (c *Client) StreamActionForms(ctx context.Context) (map[string]json.RawMessage, error) {
	var out api.StreamActionForms
	err := c.Do(ctx, "GET", v1+"/channel/actions/forms", nil, &out)
	return out.Forms, err
}

// SaveStreamActionForm saves the form of action name (any JSON object).
func (c *Client) SaveStreamActionForm(ctx context.Context, name string, form json.RawMessage) error {
	_, err := c.send(ctx, "PUT", v1+"/channel/actions/forms/"+url.PathEscape(name), "application/json", bytes.NewReader(form), nil)
	return err
}

// Vote votes for option (an index) in a channel's running poll.
func (c *Client) Vote(ctx context.Context, channelID, pollID string, option int) (api.Poll, error) {
	var out api.Poll
	path := v1 + "/channels/" + url.PathEscape(channelID) + "/polls/" + url.PathEscape(pollID) + "/votes"
	return out, c.Do(ctx, "POST", path, api.PollVoteRequest{Option: option}, &out)
}

// Webhooks lists the signed-in user's webhook endpoints.
func (c *Client) Webhooks(ctx context.Context) ([]api.Webhook, error) {
	var out api.WebhookList
	return out.Webhooks, c.Do(ctx, "GET", v1+"/channel/webhooks", nil, &out)
}

// CreateWebhook registers an endpoint; the answer holds its signing secret.
func (c *Client) CreateWebhook(ctx context.Context, endpoint string) (api.CreatedWebhook, error) {
	var out api.CreatedWebhook
	return out, c.Do(ctx, "POST", v1+"/channel/webhooks", api.WebhookRequest{URL: endpoint}, &out)
}

func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	return c.Do(ctx, "DELETE", v1+"/channel/webhooks/"+url.PathEscape(id), nil, nil)
}

// WebhookDeliveries is an endpoint's delivery log, newest first.
func (c *Client) WebhookDeliveries(ctx context.Context, id string) ([]api.WebhookDelivery, error) {
	var out api.WebhookDeliveries
	return out.Deliveries, c.Do(ctx, "GET", v1+"/channel/webhooks/"+url.PathEscape(id)+"/deliveries", nil, &out)
}

// StreamSessions lists a page of the signed-in user's stream sessions
// (nextToken "" for the first page).
func (c *Client) StreamSessions(ctx context.Context, nextToken string) (api.StreamSessionList, error) {
	var out api.StreamSessionList
	path := v1 + "/metrics/sessions"
	if nextToken != "" {
		path += "?nextToken=" + url.QueryEscape(nextToken)
	}
	return out, c.Do(ctx, "GET", path, nil, &out)
}

// StreamSession returns one of the signed-in user's sessions with its
// metrics.
func (c *Client) StreamSession(ctx context.Context, streamID string) (api.StreamSession, error) {
	var out api.StreamSession
	return out, c.Do(ctx, "GET", v1+"/metrics/sessions/"+url.PathEscape(streamID), nil, &out)
}
