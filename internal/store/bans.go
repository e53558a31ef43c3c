package store

import (
	"context"
	"fmt"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/chat"
)

// Bans implements chat.Repo.
type Bans struct{ db *DB }

// Bans returns the chat ban repository.
func (db *DB) Bans() *Bans { return &Bans{db: db} }

var _ chat.Repo = (*Bans)(nil)

func (b *Bans) Ban(ctx context.Context, ch channel.ID, user account.UserID, at time.Time) error {
	_, err := b.db.w.ExecContext(ctx, `INSERT INTO chat_bans (channel_id, user_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (channel_id, user_id) DO NOTHING`, ch, user, ms(at))
	if err != nil {
		return fmt.Errorf("ban %s from %s: %w", user, ch, err)
	}
	return nil
}

func (b *Bans) Unban(ctx context.Context, ch channel.ID, user account.UserID) error {
	if _, err := b.db.w.ExecContext(ctx, `DELETE FROM chat_bans WHERE channel_id = $1 AND user_id = $2`, ch, user); err != nil {
		return fmt.Errorf("unban %s from %s: %w", user, ch, err)
	}
	return nil
}

func (b *Bans) IsBanned(ctx context.Context, ch channel.ID, user account.UserID) (bool, error) {
	var n int
	err := b.db.r.QueryRowContext(ctx, `SELECT count(*) FROM chat_bans WHERE channel_id = $1 AND user_id = $2`, ch, user).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("ban of %s in %s: %w", user, ch, err)
	}
	return n > 0, nil
}

func (b *Bans) Bans(ctx context.Context, ch channel.ID) ([]chat.Ban, error) {
	rows, err := b.db.r.QueryContext(ctx, `SELECT u.id, u.username, u.avatar, u.color, b.created_at
		FROM chat_bans b JOIN users u ON u.id = b.user_id
		WHERE b.channel_id = $1 ORDER BY b.created_at DESC, u.username`, ch)
	if err != nil {
		return nil, fmt.Errorf("bans of %s: %w", ch, err)
	}
	defer rows.Close()
	out := []chat.Ban{}
	for rows.Next() {
		var ban chat.Ban
		var at int64
		if err := rows.Scan(&ban.UserID, &ban.Username, &ban.Avatar, &ban.Color, &at); err != nil {
			return nil, fmt.Errorf("scan ban: %w", err)
		}
		ban.BannedAt = fromMS(at)
		out = append(out, ban)
	}
	return out, rows.Err()
}
