// Package api holds the JSON bodies of Onair's HTTP API, shared by the
// server (httpapi) and the Go client (apiclient).
package api

import (
	"encoding/json"
	"time"
)

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
	// ChannelAssetURLs are the user's uploaded images (avatar, banner).
	ChannelAssetURLs map[string]string `json:"channelAssetUrls"`
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
	// IsChannelBanned is true when the channel's owner is banned from the
	// signed-in viewer's own chat (the profile menu offers "Unban user").
	IsChannelBanned bool `json:"isChannelBanned"`
	// IsViewerFollowing is null for signed-out viewers and on the viewer's
	// own channel (no follow button there).
	IsViewerFollowing *bool `json:"isViewerFollowing"`
	// StageID is the channel's live co-host session, if any.
	StageID *string `json:"stageId"`
	// IngestConfiguration is set while live when the picture size is known,
	// so the player can take the stream's aspect ratio before it plays.
	IngestConfiguration *PublicIngest `json:"ingestConfiguration,omitempty"`
	// ActiveAction is the stream action running now (late joiners see it
	// for its remaining time); null when none or offline.
	ActiveAction *StreamAction `json:"activeAction"`
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
	// AvatarURL is the uploaded avatar image when Avatar is "custom".
	AvatarURL string `json:"avatarUrl,omitempty"`
	Color     string `json:"color"`
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

// ChannelCard is a channel in the directory and following lists.
type ChannelCard struct {
	Username         string            `json:"username"`
	Avatar           string            `json:"avatar"`
	Color            string            `json:"color"`
	ChannelAssetURLs map[string]string `json:"channelAssetUrls"`
	IsLive           bool              `json:"isLive"`
	StageID          *string           `json:"stageId"`
}

// ChannelList is the directory's live list (GET /channels?isLive=true) or
// the signed-in user's following list (GET /channel/followingList).
type ChannelList struct {
	Channels   []ChannelCard `json:"channels"`
	MaxResults int           `json:"maxResults"`
}

// FollowRequest names the channel to follow or unfollow.
type FollowRequest struct {
	FollowedUsername string `json:"followedUsername"`
}

// PreferenceValue is one preference to set (spec 3.2): a colour or preset
// avatar by name.
type PreferenceValue struct {
	Name string `json:"name"`
}

// PreferencesRequest sets the profile colour and/or a preset avatar;
// "custom" selects the uploaded avatar image, which must exist.
type PreferencesRequest struct {
	Color  *PreferenceValue `json:"color,omitempty"`
	Avatar *PreferenceValue `json:"avatar,omitempty"`
}

// Profile is the owner's profile look after a change: colour, avatar and
// the addresses of uploaded images (avatar, banner), each versioned.
type Profile struct {
	Avatar           string            `json:"avatar"`
	Color            string            `json:"color"`
	ChannelAssetURLs map[string]string `json:"channelAssetUrls"`
}

// StreamActionRequest starts a stream action (spec 7): name is one of quiz,
// poll, product, notice, celebration, amazon_product; data holds the
// action's fields (spec 7.1). The encoded request must fit in 1 KB.
type StreamActionRequest struct {
	Name string          `json:"name"`
	Data json.RawMessage `json:"data"`
}

// StreamAction is a channel's active stream action. Viewers on LL-HLS show
// it once their playback reaches StartTime (the stream's
// program-date-time), WebRTC viewers at once; it ends at Expiry (null: when
// stopped, replaced or the stream ends).
type StreamAction struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Data      json.RawMessage `json:"data"`
	StartTime time.Time       `json:"startTime"`
	Expiry    *time.Time      `json:"expiry"`
	// Poll is set for the poll action: its live tally.
	Poll *Poll `json:"poll,omitempty"`
}

// Poll is a live poll tallied by the server (spec 7.6, quirk 5 fixed).
type Poll struct {
	ID       string       `json:"id"`
	Question string       `json:"question"`
	Options  []PollOption `json:"options"`
	// Duration is in seconds; votes count until EndTime minus 2 s.
	Duration   int       `json:"duration"`
	StartTime  time.Time `json:"startTime"`
	EndTime    time.Time `json:"endTime"`
	TotalVotes int       `json:"totalVotes"`
	// Ended is true once voting closed; results stay up 10 s.
	Ended bool `json:"ended"`
	// MyVote is the signed-in viewer's option index, or null.
	MyVote *int `json:"myVote"`
}

// PollOption is one answer and its vote count.
type PollOption struct {
	Option string `json:"option"`
	Count  int    `json:"count"`
}

// PollVoteRequest votes for an option (its index in Poll.Options).
type PollVoteRequest struct {
	Option int `json:"option"`
}

// StreamActionForms are the owner's saved stream-action forms by action
// name (spec 4.3: any device sees the same saved forms).
type StreamActionForms struct {
	Forms map[string]json.RawMessage `json:"forms"`
}

// ActiveStreamAction is the owner's active stream action, or null.
type ActiveStreamAction struct {
	Action *StreamAction `json:"action"`
}

// Webhook is a registered endpoint (its secret is shown only at creation).
type Webhook struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"createdAt"`
}

type WebhookRequest struct {
	URL string `json:"url"`
}

// CreatedWebhook is the creation answer: the only time the signing secret
// is shown.
type CreatedWebhook struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Secret    string    `json:"secret"`
	CreatedAt time.Time `json:"createdAt"`
}

type WebhookList struct {
	Webhooks []Webhook `json:"webhooks"`
}

// WebhookDelivery is one attempt of the delivery log; statusCode is 0 when
// no answer came (see error).
type WebhookDelivery struct {
	DeliveryID string    `json:"deliveryId"`
	Event      string    `json:"event"`
	Attempt    int       `json:"attempt"`
	StatusCode int       `json:"statusCode"`
	Error      string    `json:"error,omitempty"`
	Time       time.Time `json:"time"`
}

type WebhookDeliveries struct {
	Deliveries []WebhookDelivery `json:"deliveries"`
}

// Stream health metrics (spec 3.4, 9.2): the signed-in user's own stream
// sessions.

// StreamSessionSummary is one session in the list.
type StreamSessionSummary struct {
	StreamID      string     `json:"streamId"`
	StartTime     time.Time  `json:"startTime"`
	EndTime       *time.Time `json:"endTime"`
	HasErrorEvent bool       `json:"hasErrorEvent"`
	IsHealthy     bool       `json:"isHealthy"`
	IsLive        bool       `json:"isLive"`
}

// StreamSessionList is a page of sessions, newest start first; NextToken
// (opaque) asks for the next page, null on the last.
type StreamSessionList struct {
	StreamSessions []StreamSessionSummary `json:"streamSessions"`
	NextToken      *string                `json:"nextToken"`
}

// StreamSession is one session with its events, encoder configuration and
// metrics.
type StreamSession struct {
	StreamID      string     `json:"streamId"`
	StartTime     time.Time  `json:"startTime"`
	EndTime       *time.Time `json:"endTime"`
	IsLive        bool       `json:"isLive"`
	IsHealthy     bool       `json:"isHealthy"`
	HasErrorEvent bool       `json:"hasErrorEvent"`
	// TruncatedEvents are the session's events, oldest first.
	TruncatedEvents     []StreamEvent       `json:"truncatedEvents"`
	IngestConfiguration IngestConfiguration `json:"ingestConfiguration"`
	Metrics             []StreamMetric      `json:"metrics"`
}

// StreamEvent is one event of a session's timeline.
type StreamEvent struct {
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	EventTime time.Time `json:"eventTime"`
}

// IngestConfiguration is the encoder configuration captured at go-live.
type IngestConfiguration struct {
	Audio IngestAudio `json:"audio"`
	Video IngestVideo `json:"video"`
}

// IngestAudio describes the ingested audio.
type IngestAudio struct {
	Codec         string `json:"codec"`
	Channels      int    `json:"channels"`
	SampleRate    int    `json:"sampleRate"`
	TargetBitrate int64  `json:"targetBitrate"`
}

// IngestVideo describes the ingested video.
type IngestVideo struct {
	AVCProfile      string  `json:"avcProfile"`
	AVCLevel        string  `json:"avcLevel"`
	Codec           string  `json:"codec"`
	Encoder         string  `json:"encoder"`
	TargetBitrate   int64   `json:"targetBitrate"`
	TargetFramerate float64 `json:"targetFramerate"`
	VideoWidth      int     `json:"videoWidth"`
	VideoHeight     int     `json:"videoHeight"`
}

// StreamMetric is one metric series: Data[i] is the average over
// [AlignedStartTime + i*Period, + Period); Period is in seconds. Label is
// IngestVideoBitrate (bps), IngestFramerate, KeyframeInterval (s) or
// ConcurrentViews. Average covers the whole range (null without data).
type StreamMetric struct {
	Label            string    `json:"label"`
	Data             []float64 `json:"data"`
	Period           int       `json:"period"`
	AlignedStartTime time.Time `json:"alignedStartTime"`
	AlignedEndTime   time.Time `json:"alignedEndTime"`
	Average          *float64  `json:"average"`
}
