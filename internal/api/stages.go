package api

// StageJoin is what a browser needs to enter a stage's room (a co-host
// session): pass URL and User.Token (or Display.Token) to livekit-client.
type StageJoin struct {
	StageID string `json:"stageId"`
	// ParticipantRole is host, invited, requested, spectator or
	// screenshare. Asking for invited or requested when every seat is
	// taken answers spectator (subscribe only).
	ParticipantRole string `json:"participantRole"`
	URL             string `json:"url"`
	// User is the camera and microphone participant; empty for a
	// screenshare join, whose participant is Display.
	User              *StageParticipantToken `json:"user"`
	Display           *StageParticipantToken `json:"display"`
	StageCreationDate int64                  `json:"stageCreationDate"`
	HostUsername      string                 `json:"hostUsername"`
	// InviteCode goes in the session link (?stageId=&invite=); publishers
	// only.
	InviteCode string `json:"inviteCode,omitempty"`
}

// StageParticipantToken lets one participant connect.
type StageParticipantToken struct {
	Token            string `json:"token"`
	ParticipantID    string `json:"participantId"`
	ParticipantGroup string `json:"participantGroup"`
}

// Stage describes a live stage.
type Stage struct {
	StageID           string `json:"stageId"`
	HostUserID        string `json:"hostUserId"`
	HostChannelID     string `json:"hostChannelId"`
	HostUsername      string `json:"hostUsername"`
	StageCreationDate int64  `json:"stageCreationDate"`
	ParticipantCount  int    `json:"participantCount"`
	MaxParticipants   int    `json:"maxParticipants"`
}

// StageEndResponse says what PUT /stages/end did.
type StageEndResponse struct {
	Message string `json:"message"`
}

// StageDisconnectRequest names a participant to remove and, optionally,
// their screen share.
type StageDisconnectRequest struct {
	ParticipantID        string `json:"participantId"`
	DisplayParticipantID string `json:"displayParticipantId,omitempty"`
}

// StageScreenShareRequest names a screen-share participant.
type StageScreenShareRequest struct {
	ParticipantID string `json:"participantId"`
}

// StageRef names a stage (request to join, withdraw, host leaving).
type StageRef struct {
	StageID string `json:"stageId"`
}

// StageRequester names a user who asked to join the caller's stage.
type StageRequester struct {
	UserID string `json:"userId"`
}

// StageRequests lists the pending requests to the caller's stage.
type StageRequests struct {
	Requests []StageRequest `json:"requests"`
}

// StageRequest is a viewer asking to join.
type StageRequest struct {
	UserID       string `json:"userId"`
	ChannelID    string `json:"channelId"`
	Username     string `json:"username"`
	Avatar       string `json:"avatar"`
	AvatarURL    string `json:"avatarUrl,omitempty"`
	ProfileColor string `json:"profileColor"`
	// Sent is when the request was made, in epoch milliseconds.
	Sent int64 `json:"sent"`
}
