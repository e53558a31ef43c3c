package chat

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/realtime"
)

// Admit lets subscribers into a channel's chat room and event stream:
// anyone may read, except users banned from the channel. Chat rooms come
// with their backlog; event streams without history. It implements
// realtime.Room for both namespaces.
func (s *Service) Admit(ctx context.Context, sub realtime.Subscriber, name string) (realtime.Admission, error) {
	namespace, id, _ := strings.Cut(name, ":")
	ch := channel.ID(id)
	if _, err := s.channels.ByID(ctx, ch); err != nil {
		return realtime.Admission{}, err
	}
	banned, err := s.IsBanned(ctx, ch, account.UserID(sub.UserID))
	if err != nil {
		return realtime.Admission{}, fmt.Errorf("ban check: %w", err)
	}
	if banned {
		return realtime.Admission{}, ErrBanned
	}
	if namespace != realtime.NamespaceChat {
		return realtime.Admission{}, nil
	}
	r, err := s.read(ctx, ch)
	if err != nil {
		return realtime.Admission{}, err
	}
	return realtime.Admission{Backlog: r.backlog(s.cfg.HistorySize, s.now().Add(-s.cfg.HistoryTTL).UnixMilli())}, nil
}

// room is a chat room's history stream as the tombstones leave it.
type room struct {
	stream   realtime.Stream
	messages []streamMessage // every message in the stream, oldest first
	removed  map[string]bool // ids of messages deleted or of banned authors
}

type streamMessage struct {
	id, user string
	offset   uint64
	sentMS   int64
}

// read loads a room's stream.
func (s *Service) read(ctx context.Context, ch channel.ID) (room, error) {
	stream, err := s.rt.History(ctx, realtime.Chat(string(ch)))
	if err != nil {
		return room{}, err
	}
	return apply(stream), nil
}

// apply plays a stream's tombstones in order: a deletion removes its
// message, a ban the author's earlier messages.
func apply(stream realtime.Stream) room {
	r := room{stream: stream, removed: map[string]bool{}}
	for _, e := range stream.Entries {
		switch e.Tags[tagKind] {
		case kindMessage:
			ms, _ := strconv.ParseInt(e.Tags[tagTime], 10, 64)
			r.messages = append(r.messages, streamMessage{id: e.Tags[realtime.TagID], user: e.Tags[tagUser], offset: e.Offset, sentMS: ms})
		case kindDeleted:
			r.removed[e.Tags[tagTarget]] = true
		case kindBanned:
			for _, m := range r.messages {
				if m.user == e.Tags[tagTarget] {
					r.removed[m.id] = true
				}
			}
		}
	}
	return r
}

// message finds a message in the stream.
func (r room) message(id string) (streamMessage, bool) {
	for _, m := range r.messages {
		if m.id == id {
			return m, true
		}
	}
	return streamMessage{}, false
}

// backlog starts a newcomer at the size-th newest visible message sent at
// or after sinceMS, and hides every removed message.
func (r room) backlog(size int, sinceMS int64) *realtime.Backlog {
	b := &realtime.Backlog{Since: r.stream.Top, Top: r.stream.Top}
	if len(r.stream.Entries) > 0 {
		b.Oldest = r.stream.Entries[0].Offset
	}
	var visible []streamMessage
	for _, m := range r.messages {
		if !r.removed[m.id] && m.sentMS >= sinceMS {
			visible = append(visible, m)
		}
	}
	if len(visible) > size {
		visible = visible[len(visible)-size:]
	}
	if len(visible) > 0 {
		b.Since.Offset = visible[0].offset - 1
	}
	for id := range r.removed {
		b.Hidden = append(b.Hidden, id)
	}
	sort.Strings(b.Hidden)
	return b
}
