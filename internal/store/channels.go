package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
)

// Channels implements channel.Repo.
type Channels struct{ db *DB }

// Channels returns the channel repository.
func (db *DB) Channels() *Channels { return &Channels{db: db} }

var _ channel.Repo = (*Channels)(nil)

const channelColumns = `id, user_id, playback_id, stream_key, type, created_at`

func scanChannel(row *sql.Row) (channel.Channel, error) {
	var c channel.Channel
	var created int64
	err := row.Scan(&c.ID, &c.UserID, &c.PlaybackID, &c.StreamKey, &c.Type, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return channel.Channel{}, channel.ErrNotFound
	}
	if err != nil {
		return channel.Channel{}, fmt.Errorf("scan channel: %w", err)
	}
	c.CreatedAt = fromMS(created)
	return c, nil
}

func (s *Channels) CreateChannel(ctx context.Context, c channel.Channel) error {
	_, err := s.db.w.ExecContext(ctx, `INSERT INTO channels (`+channelColumns+`) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (user_id) DO NOTHING`,
		c.ID, c.UserID, c.PlaybackID, c.StreamKey, c.Type, ms(c.CreatedAt))
	return err
}

func (s *Channels) ChannelByUser(ctx context.Context, id account.UserID) (channel.Channel, error) {
	return scanChannel(s.db.r.QueryRowContext(ctx, `SELECT `+channelColumns+` FROM channels WHERE user_id = $1`, id))
}

func (s *Channels) ChannelByID(ctx context.Context, id channel.ID) (channel.Channel, error) {
	return scanChannel(s.db.r.QueryRowContext(ctx, `SELECT `+channelColumns+` FROM channels WHERE id = $1`, id))
}

func (s *Channels) ChannelByStreamKey(ctx context.Context, key string) (channel.Channel, error) {
	return scanChannel(s.db.r.QueryRowContext(ctx, `SELECT `+channelColumns+` FROM channels WHERE stream_key = $1`, key))
}

func (s *Channels) SetStreamKey(ctx context.Context, id account.UserID, key string) error {
	res, err := s.db.w.ExecContext(ctx, `UPDATE channels SET stream_key = $1 WHERE user_id = $2`, key, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return channel.ErrNotFound
	}
	return nil
}

func (s *Channels) ProfileByUsername(ctx context.Context, username string) (channel.Profile, error) {
	var p channel.Profile
	var avatar, banner, stageID sql.NullString
	err := s.db.r.QueryRowContext(ctx, cardSelect+`, c.playback_id FROM channels c`+cardJoins+`
		WHERE lower(u.username) = lower($1)`, username).
		Scan(&p.ChannelID, &p.UserID, &p.Username, &p.Avatar, &p.Color, &avatar, &banner, &stageID, &p.PlaybackID)
	p.Assets = assets(avatar, banner)
	if errors.Is(err, sql.ErrNoRows) {
		return channel.Profile{}, channel.ErrProfileNotFound
	}
	if err != nil {
		return channel.Profile{}, fmt.Errorf("load profile %q: %w", username, err)
	}
	return p, nil
}
