package chat

import "time"

// What clients receive. Room publications ("chat:<channelId>") are JSON
// objects told apart by "type": "message", "messageDeleted", "userBanned".
// Inbox publications ("#<userId>") about chat are "chatMessageRemoved",
// "chatBanned" and "chatUnbanned".
const (
	TypeMessage        = "message"
	TypeMessageDeleted = "messageDeleted"
	TypeUserBanned     = "userBanned"

	TypeInboxMessageRemoved = "chatMessageRemoved"
	TypeInboxBanned         = "chatBanned"
	TypeInboxUnbanned       = "chatUnbanned"
)

// Message is a chat line. Content is plain text: clients render it as
// text, never as HTML.
type Message struct {
	Type      string    `json:"type"` // "message"
	ID        string    `json:"id"`
	ChannelID string    `json:"channelId"` // the room's channel
	Content   string    `json:"content"`
	SendTime  time.Time `json:"sendTime"`
	Sender    Sender    `json:"sender"`
}

// Sender is who sent a message. UserID is stable (usernames change); bans
// and "is this mine" use it.
type Sender struct {
	UserID   string `json:"userId"`
	Username string `json:"username"`
	Avatar   string `json:"avatar"`
	// AvatarURL is the uploaded avatar image when Avatar is "custom".
	AvatarURL string `json:"avatarUrl,omitempty"`
	Color     string `json:"color"`
}

// MessageDeleted removes one message for everyone; UserID is its author.
type MessageDeleted struct {
	Type      string    `json:"type"` // "messageDeleted"
	ChannelID string    `json:"channelId"`
	MessageID string    `json:"messageId"`
	UserID    string    `json:"userId"`
	Time      time.Time `json:"time"`
}

// UserBanned removes every earlier message of UserID for everyone.
type UserBanned struct {
	Type      string    `json:"type"` // "userBanned"
	ChannelID string    `json:"channelId"`
	UserID    string    `json:"userId"`
	Time      time.Time `json:"time"`
}

// InboxEvent tells a user about their own chat standing.
type InboxEvent struct {
	Type      string    `json:"type"` // chatMessageRemoved, chatBanned, chatUnbanned
	ChannelID string    `json:"channelId"`
	MessageID string    `json:"messageId,omitempty"`
	Time      time.Time `json:"time"`
}

// Tags on room publications: what the history reading needs without
// decoding the data. The message id is realtime.TagID, so the realtime
// layer can hide removed messages.
const (
	tagKind   = "kind"
	tagUser   = "user"   // a message's author
	tagTime   = "ts"     // a message's send time, Unix ms
	tagTarget = "target" // what a tombstone removes: a message id or a user id

	kindMessage = "message"
	kindDeleted = "deleted"
	kindBanned  = "banned"
)
