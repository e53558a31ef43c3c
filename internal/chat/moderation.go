package chat

import (
	"context"
	"fmt"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/realtime"
)

// owned returns channel ch if user owns it.
func (s *Service) owned(ctx context.Context, user account.UserID, ch channel.ID) (channel.Channel, error) {
	c, err := s.channels.ByID(ctx, ch)
	if err != nil {
		return channel.Channel{}, err
	}
	if c.UserID != user {
		return channel.Channel{}, ErrNotOwner
	}
	return c, nil
}

// Delete removes a message for everyone: a tombstone goes to the room (and
// its history), and the author's inbox is told.
func (s *Service) Delete(ctx context.Context, owner account.UserID, ch channel.ID, messageID string) error {
	if _, err := s.owned(ctx, owner, ch); err != nil {
		return err
	}
	r, err := s.read(ctx, ch)
	if err != nil {
		return err
	}
	m, ok := r.message(messageID)
	if !ok || messageID == "" {
		return ErrMessageNotFound
	}
	if r.removed[m.id] {
		return nil // already gone for everyone
	}
	now := s.now().UTC()
	event := MessageDeleted{Type: TypeMessageDeleted, ChannelID: string(ch), MessageID: m.id, UserID: m.user, Time: now}
	if err := s.publish(ctx, ch, event, map[string]string{tagKind: kindDeleted, tagTarget: m.id}); err != nil {
		return err
	}
	s.notify(ctx, m.user, InboxEvent{Type: TypeInboxMessageRemoved, ChannelID: string(ch), MessageID: m.id, Time: now})
	s.log.Info("chat message deleted", "channel_id", ch, "message_id", m.id)
	return nil
}

// Ban bars user from channel ch's chat: the ban is stored, the user's
// messages are removed for everyone, and the user is unsubscribed from the
// room and the channel's events on every node at once.
func (s *Service) Ban(ctx context.Context, owner account.UserID, ch channel.ID, user account.UserID) error {
	if _, err := s.owned(ctx, owner, ch); err != nil {
		return err
	}
	if user == owner {
		return ErrBanSelf
	}
	if _, err := s.users.User(ctx, user); err != nil {
		return err
	}
	now := s.now().UTC()
	if err := s.repo.Ban(ctx, ch, user, now); err != nil {
		return fmt.Errorf("store ban: %w", err)
	}
	// Stored first: from here on the user can neither subscribe nor send.
	event := UserBanned{Type: TypeUserBanned, ChannelID: string(ch), UserID: string(user), Time: now}
	if err := s.publish(ctx, ch, event, map[string]string{tagKind: kindBanned, tagTarget: string(user)}); err != nil {
		return err
	}
	for _, name := range []string{realtime.Chat(string(ch)), realtime.ChannelEvents(string(ch))} {
		if err := s.rt.Unsubscribe(ctx, string(user), name, realtime.Banned); err != nil {
			return err
		}
	}
	s.notify(ctx, string(user), InboxEvent{Type: TypeInboxBanned, ChannelID: string(ch), Time: now})
	s.log.Info("chat user banned", "channel_id", ch, "user_id", user)
	return nil
}

// Unban lets user back into channel ch's chat.
func (s *Service) Unban(ctx context.Context, owner account.UserID, ch channel.ID, user account.UserID) error {
	if _, err := s.owned(ctx, owner, ch); err != nil {
		return err
	}
	if err := s.repo.Unban(ctx, ch, user); err != nil {
		return fmt.Errorf("remove ban: %w", err)
	}
	s.notify(ctx, string(user), InboxEvent{Type: TypeInboxUnbanned, ChannelID: string(ch), Time: s.now().UTC()})
	s.log.Info("chat user unbanned", "channel_id", ch, "user_id", user)
	return nil
}

// Bans lists the users banned from channel ch's chat.
func (s *Service) Bans(ctx context.Context, owner account.UserID, ch channel.ID) ([]Ban, error) {
	if _, err := s.owned(ctx, owner, ch); err != nil {
		return nil, err
	}
	return s.repo.Bans(ctx, ch)
}

// notify tells a user something in their inbox; the room event already
// carried it to everyone subscribed, so a failure is only logged.
func (s *Service) notify(ctx context.Context, user string, e InboxEvent) {
	if err := s.rt.PublishUser(ctx, user, e); err != nil {
		s.log.Warn("chat inbox event not sent", "user_id", user, "type", e.Type, "err", err)
	}
}
