package realtime

import "strings"

// Channel names. A name is "<namespace>:<id>", except a user's inbox, "#<userId>".
const (
	// NamespaceChat holds one chat room per Onair channel: messages and
	// moderation events ("chat:<channelId>").
	NamespaceChat = "chat"
	// NamespaceChannel holds one event stream per Onair channel: live status
	// and viewer count ("channel:<channelId>").
	NamespaceChannel = "channel"

	inboxPrefix = "#"
)

// Chat is the name of a channel's chat room.
func Chat(channelID string) string { return NamespaceChat + ":" + channelID }

// ChannelEvents is the name of a channel's event stream.
func ChannelEvents(channelID string) string { return NamespaceChannel + ":" + channelID }

// Inbox is the name of a user's personal channel: only that user may
// subscribe, and only the server publishes to it.
func Inbox(userID string) string { return inboxPrefix + userID }

// maxName bounds a channel name a client may ask for.
const maxName = 160

// splitName returns the namespace and id of a channel name; ok is false
// for names that are not "<namespace>:<id>" with a plain id.
func splitName(name string) (namespace, id string, ok bool) {
	namespace, id, found := strings.Cut(name, ":")
	if !found || namespace == "" || !plainID(id) {
		return "", "", false
	}
	return namespace, id, true
}

// plainID accepts the ids Onair generates (lower-case base32, UUIDs).
func plainID(id string) bool {
	if id == "" || len(id) > 100 {
		return false
	}
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' && r != '_' {
			return false
		}
	}
	return true
}
