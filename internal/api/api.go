// Package api holds the JSON bodies of Onair's HTTP API, shared by the
// server (httpapi) and the Go client (apiclient).
package api

import "time"

// Empty is the {} body.
type Empty struct{}

// ErrorBody is the shape of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes one error: a stable code, a human message, and the
// offending fields when input was invalid.
type ErrorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
}

// Config is the public settings the web app reads.
type Config struct {
	Dev                             bool   `json:"dev"`
	ChannelType                     string `json:"channelType"`
	EnableAmazonProductStreamAction bool   `json:"enableAmazonProductStreamAction"`
	Version                         string `json:"version"`
}

type RegisterRequest struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Avatar   string `json:"avatar"`
	Color    string `json:"color"`
}

type RegisterResponse struct {
	UserConfirmed bool `json:"userConfirmed"`
}

type SignInRequest struct {
	// Username accepts a username or an email address.
	Username string `json:"username"`
	Password string `json:"password"`
}

// Me is the signed-in user.
type Me struct {
	ID            string  `json:"id"`
	Username      string  `json:"username"`
	Email         string  `json:"email"`
	EmailVerified bool    `json:"emailVerified"`
	PendingEmail  *string `json:"pendingEmail"`
	Avatar        string  `json:"avatar"`
	Color         string  `json:"color"`
	ChannelID     string  `json:"channelId"`
}

type SessionResponse struct {
	User Me `json:"user"`
}

type VerifyRequest struct {
	Username string `json:"username"`
	Code     string `json:"code"`
}

// VerifyResponse says what a verification link confirmed: a new account
// (false) or a changed email address (true).
type VerifyResponse struct {
	EmailChanged bool `json:"emailChanged"`
}

type ResendRequest struct {
	Username string `json:"username"`
}

type ResetRequest struct {
	Email string `json:"email"`
}

type ResetConfirmRequest struct {
	Username    string `json:"username"`
	Code        string `json:"code"`
	NewPassword string `json:"newPassword"`
}

type ChangePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

type ChangeUsernameRequest struct {
	NewUsername string `json:"newUsername"`
}

type UsernameResponse struct {
	Username string `json:"username"`
}

type ChangeEmailRequest struct {
	NewEmail string `json:"newEmail"`
}

type PendingEmailResponse struct {
	PendingEmail string `json:"pendingEmail"`
}

type ChannelConfiguration struct {
	Type string `json:"type"`
}

// OwnChannel is the owner's view of their channel: the only response that
// carries the stream key.
type OwnChannel struct {
	ID              string `json:"id"`
	Username        string `json:"username"`
	Email           string `json:"email"`
	Avatar          string `json:"avatar"`
	Color           string `json:"color"`
	ChannelID       string `json:"channelId"`
	PlaybackID      string `json:"playbackId"`
	PlaybackURL     string `json:"playbackUrl"`
	IngestEndpoint  string `json:"ingestEndpoint"`
	IngestServerURL string `json:"ingestServerUrl"`
	// WHIPURL is the WebRTC ingest address (the stream key is the bearer token).
	WHIPURL              string               `json:"whipUrl"`
	StreamKeyValue       string               `json:"streamKeyValue"`
	ChatRoomID           string               `json:"chatRoomId"`
	TrackingID           string               `json:"trackingId"`
	ChannelAssetURLs     map[string]string    `json:"channelAssetUrls"`
	StageID              *string              `json:"stageId"`
	ChannelConfiguration ChannelConfiguration `json:"channelConfiguration"`
}

type StreamKeyResponse struct {
	StreamKeyValue string `json:"streamKeyValue"`
}

// PublicChannel is what anyone may see about a channel. A viewer banned
// from the channel gets isViewerBanned and neither its live state nor its
// playback addresses (isLive false, empty URLs).
type PublicChannel struct {
	// UserID is the owner's stable id (what chat bans name).
	UserID           string            `json:"userId"`
	Username         string            `json:"username"`
	Avatar           string            `json:"avatar"`
	Color            string            `json:"color"`
	ChannelID        string            `json:"channelId"`
	ChannelAssetURLs map[string]string `json:"channelAssetUrls"`
	PlaybackURL      string            `json:"playbackUrl"`
	// WHEPURL is the sub-second WebRTC playback address.
	WHEPURL string `json:"whepUrl"`
	IsLive  bool   `json:"isLive"`
	// IsViewerBanned is true when the signed-in viewer is banned from the
	// channel's chat.
	IsViewerBanned bool `json:"isViewerBanned"`
	// IngestConfiguration is set while live when the picture size is known,
	// so the player can take the stream's aspect ratio before it plays.
	IngestConfiguration *PublicIngest `json:"ingestConfiguration,omitempty"`
}

// PublicIngest is the part of the encoder configuration viewers may see.
type PublicIngest struct {
	Video PublicVideo `json:"video"`
}

type PublicVideo struct {
	VideoWidth  int `json:"videoWidth"`
	VideoHeight int `json:"videoHeight"`
}

// LiveStatus is the signed-in user's own channel state.
type LiveStatus struct {
	IsBroadcasting bool `json:"isBroadcasting"`
	IsStageActive  bool `json:"isStageActive"`
}

// RealtimeToken opens one realtime connection: pass it as the centrifuge
// client's token (it is single-use and must connect before ExpiresAt; a
// used or expired one is refused with code 109 "token expired", and the
// client asks for a new one). Same-origin browsers may skip it: the
// session cookie authenticates the WebSocket too.
type RealtimeToken struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	// URL is the WebSocket endpoint.
	URL string `json:"url"`
}

// ChatSendRequest is a chat message to send.
type ChatSendRequest struct {
	// Content is plain text, at most 500 code points once trimmed.
	Content string `json:"content"`
}

// ChatMessage is a sent chat message, as the room publishes it.
type ChatMessage struct {
	Type      string     `json:"type"`
	ID        string     `json:"id"`
	ChannelID string     `json:"channelId"`
	Content   string     `json:"content"`
	SendTime  time.Time  `json:"sendTime"`
	Sender    ChatSender `json:"sender"`
}

// ChatSender is who sent a chat message.
type ChatSender struct {
	UserID   string `json:"userId"`
	Username string `json:"username"`
	Avatar   string `json:"avatar"`
	Color    string `json:"color"`
}

// ChatBans lists the users banned from a channel's chat, newest first.
type ChatBans struct {
	Bans []ChatBan `json:"bans"`
}

type ChatBan struct {
	UserID   string    `json:"userId"`
	Username string    `json:"username"`
	Avatar   string    `json:"avatar"`
	Color    string    `json:"color"`
	BannedAt time.Time `json:"bannedAt"`
}
