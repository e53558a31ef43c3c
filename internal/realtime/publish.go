package realtime

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/centrifugal/centrifuge"
)

// Publication is what the server publishes to a channel.
type Publication struct {
	// Event is what clients receive, marshalled to JSON.
	Event any
	// Tags are delivered beside the data; TagID is what Backlog.Hidden matches.
	Tags map[string]string
	// HistorySize and HistoryTTL, when set, keep the publication in the
	// channel's history stream (at most HistorySize entries, the whole
	// stream expiring HistoryTTL after its last publication).
	HistorySize int
	HistoryTTL  time.Duration
}

// Publish sends p to the channel's subscribers on every node and returns
// its position in the history stream (zero without history).
func (n *Node) Publish(_ context.Context, channel string, p Publication) (Position, error) {
	if err := n.running(); err != nil {
		return Position{}, err
	}
	data, err := json.Marshal(p.Event)
	if err != nil {
		return Position{}, fmt.Errorf("encode event for %s: %w", channel, err)
	}
	opts := []centrifuge.PublishOption{centrifuge.WithTags(p.Tags)}
	if p.HistorySize > 0 && p.HistoryTTL > 0 {
		opts = append(opts, centrifuge.WithHistory(p.HistorySize, p.HistoryTTL))
	}
	res, err := n.node.Publish(channel, data, opts...)
	if err != nil {
		return Position{}, fmt.Errorf("publish to %s: %w", channel, err)
	}
	return Position{Offset: res.Offset, Epoch: res.Epoch}, nil
}

// Entry is one publication of a history stream, without its data.
type Entry struct {
	Offset uint64
	Tags   map[string]string
}

// Stream is a channel's history: its entries, oldest first, and its top.
type Stream struct {
	Entries []Entry
	Top     Position
}

// History reads a channel's whole history stream (tags only).
func (n *Node) History(_ context.Context, channel string) (Stream, error) {
	if err := n.running(); err != nil {
		return Stream{}, err
	}
	res, err := n.node.History(channel, centrifuge.WithLimit(centrifuge.NoLimit))
	if err != nil {
		return Stream{}, fmt.Errorf("history of %s: %w", channel, err)
	}
	s := Stream{Top: Position{Offset: res.Offset, Epoch: res.Epoch}, Entries: make([]Entry, 0, len(res.Publications))}
	for _, p := range res.Publications {
		s.Entries = append(s.Entries, Entry{Offset: p.Offset, Tags: p.Tags})
	}
	return s, nil
}

// Unsubscribe ends userID's subscriptions to channel on every node, at
// once, telling the clients why.
func (n *Node) Unsubscribe(_ context.Context, userID, channel string, why Reason) error {
	if err := n.running(); err != nil {
		return err
	}
	err := n.node.Unsubscribe(userID, channel, centrifuge.WithCustomUnsubscribe(centrifuge.Unsubscribe{Code: why.Code, Reason: why.Text}))
	if err != nil {
		return fmt.Errorf("unsubscribe %s from %s: %w", userID, channel, err)
	}
	return nil
}

// PublishChannelEvent sends event (marshalled to JSON) to the subscribers
// of a channel's event stream ("channel:<channelId>"); it keeps no history.
func (n *Node) PublishChannelEvent(ctx context.Context, channelID string, event any) error {
	_, err := n.Publish(ctx, ChannelEvents(channelID), Publication{Event: event})
	return err
}

// PublishUser sends event (marshalled to JSON) to a user's inbox.
func (n *Node) PublishUser(ctx context.Context, userID string, event any) error {
	_, err := n.Publish(ctx, Inbox(userID), Publication{Event: event})
	return err
}

// Channel events ("channel:<channelId>").
const (
	EventLiveStatus  = "liveStatus"
	EventViewerCount = "viewerCount"
)

// LiveStatus says a channel went live or offline.
type LiveStatus struct {
	Type      string    `json:"type"` // "liveStatus"
	ChannelID string    `json:"channelId"`
	IsLive    bool      `json:"isLive"`
	Time      time.Time `json:"time"`
}

// ViewerCount is a live channel's concurrent viewers (HLS and WebRTC),
// sent when it changes, at most every 5 s.
type ViewerCount struct {
	Type      string    `json:"type"` // "viewerCount"
	ChannelID string    `json:"channelId"`
	Viewers   int       `json:"viewers"`
	Time      time.Time `json:"time"`
}

// DisconnectUser closes userID's connections on every node; their clients
// reconnect and authenticate again, so a connection whose session has
// ended comes back anonymous (or not at all), while the user's other
// devices carry on.
func (n *Node) DisconnectUser(_ context.Context, userID string) error {
	if err := n.running(); err != nil {
		return err
	}
	if err := n.node.Disconnect(userID, centrifuge.WithCustomDisconnect(sessionEnded)); err != nil {
		return fmt.Errorf("disconnect %s: %w", userID, err)
	}
	return nil
}

// sessionEnded tells a client its credentials changed: reconnect (codes
// 3000-3499 ask the client to reconnect).
var sessionEnded = centrifuge.Disconnect{Code: 3401, Reason: "session ended"}
