package stage

import "time"

// Inbox event types (spec 3.8). Only the server publishes them, after
// checking who may send what.
const (
	TypeRequestToJoin      = "STAGE_REQUEST_TO_JOIN"
	TypeRevokeRequest      = "STAGE_REVOKE_REQUEST_TO_JOIN"
	TypeAcceptRequest      = "STAGE_HOST_ACCEPT_REQUEST_TO_JOIN"
	TypeDeleteRequest      = "STAGE_HOST_DELETE_REQUEST_TO_JOIN"
	TypeParticipantKicked  = "STAGE_PARTICIPANT_KICKED"
	TypeScreenShareRemoved = "HOST_REMOVES_PARTICIPANT_SCREEN_SHARE"
	TypeStageStatus        = "stageStatus"
)

// KickReason is what a removed participant is told (spec 8.7).
const KickReason = "You have been kicked by the host."

// RequestEvent tells the host someone asks to join.
type RequestEvent struct {
	Type    string      `json:"type"`
	StageID ID          `json:"stageId"`
	Request RequestView `json:"request"`
}

// RequestView is a pending request as the host sees it.
type RequestView struct {
	UserID       string `json:"userId"`
	ChannelID    string `json:"channelId"`
	Username     string `json:"username"`
	Avatar       string `json:"avatar"`
	AvatarURL    string `json:"avatarUrl,omitempty"`
	ProfileColor string `json:"profileColor"`
	// Sent is when the request was made, in epoch milliseconds.
	Sent int64 `json:"sent"`
}

// RevokeEvent tells the host a request was withdrawn.
type RevokeEvent struct {
	Type    string `json:"type"`
	StageID ID     `json:"stageId"`
	UserID  string `json:"userId"`
}

// AnswerEvent tells a requester the host's answer.
type AnswerEvent struct {
	Type         string `json:"type"`
	StageID      ID     `json:"stageId"`
	HostUsername string `json:"hostUsername,omitempty"`
}

// KickEvent tells a participant the host removed them.
type KickEvent struct {
	Type    string `json:"type"`
	StageID ID     `json:"stageId"`
	Reason  string `json:"reason"`
}

// ScreenShareRemovedEvent tells a participant the host removed their share.
type ScreenShareRemovedEvent struct {
	Type          string `json:"type"`
	StageID       ID     `json:"stageId"`
	ParticipantID string `json:"participantId"`
}

// StatusEvent tells a channel's viewers its stage started or ended.
type StatusEvent struct {
	Type      string    `json:"type"`
	ChannelID string    `json:"channelId"`
	StageID   *ID       `json:"stageId"`
	Time      time.Time `json:"time"`
}
