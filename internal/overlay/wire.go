package overlay

import (
	"encoding/json"
	"time"
)

// What clients receive. The shapes are the API's StreamAction and Poll
// (internal/api); publications on "channel:<channelId>" are told apart by
// "type": "streamAction" (an action started, or null: it stopped) and
// "pollVotes" (a poll's tally, also when it ends).
const (
	TypeStreamAction = "streamAction"
	TypePollVotes    = "pollVotes"
)

// Action is a channel's active stream action as viewers see it.
type Action struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Data      json.RawMessage `json:"data"`
	StartTime time.Time       `json:"startTime"`
	// Expiry is null for actions that run until stopped.
	Expiry *time.Time `json:"expiry"`
	// Poll is the live tally of a poll action.
	Poll *Poll `json:"poll,omitempty"`
}

// Poll is a poll's tally. MyVote is the asking viewer's option (never
// set in publications).
type Poll struct {
	ID         string       `json:"id"`
	Question   string       `json:"question"`
	Options    []PollOption `json:"options"`
	Duration   int          `json:"duration"`
	StartTime  time.Time    `json:"startTime"`
	EndTime    time.Time    `json:"endTime"`
	TotalVotes int          `json:"totalVotes"`
	Ended      bool         `json:"ended"`
	MyVote     *int         `json:"myVote"`
}

// PollOption is one answer and its votes.
type PollOption struct {
	Option string `json:"option"`
	Count  int    `json:"count"`
}

// StreamActionEvent tells viewers the channel's action changed; Action is
// nil when it stopped.
type StreamActionEvent struct {
	Type      string    `json:"type"` // "streamAction"
	ChannelID string    `json:"channelId"`
	Action    *Action   `json:"action"`
	Time      time.Time `json:"time"`
}

// PollVotesEvent is a poll's tally, sent as votes come in (at most every
// PaceVotes) and once more when the poll ends.
type PollVotesEvent struct {
	Type      string    `json:"type"` // "pollVotes"
	ChannelID string    `json:"channelId"`
	Poll      Poll      `json:"poll"`
	Time      time.Time `json:"time"`
}
