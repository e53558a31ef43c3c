package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
)

// liveSince is each live channel's stream start: open sessions that have
// started streaming (spec 10's source of truth for "live").
const liveSince = `SELECT channel_id, max(start_time) AS since FROM stream_sessions
	WHERE end_time IS NULL AND stream_started = TRUE GROUP BY channel_id`

// cardSelect reads channel cards with their owner's uploaded images.
const cardSelect = `SELECT c.id, u.id, u.username, u.avatar, u.color, av.file_key, bn.file_key`

const cardJoins = ` JOIN users u ON u.id = c.user_id
	LEFT JOIN profile_assets av ON av.user_id = u.id AND av.kind = 'avatar'
	LEFT JOIN profile_assets bn ON bn.user_id = u.id AND bn.kind = 'banner'`

func (s *Channels) Follow(ctx context.Context, user account.UserID, ch channel.ID, at time.Time) (bool, error) {
	res, err := s.db.w.ExecContext(ctx, `INSERT INTO follows (user_id, channel_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, channel_id) DO NOTHING`, user, ch, ms(at))
	if err != nil {
		return false, fmt.Errorf("insert follow: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n > 0, nil
}

func (s *Channels) Unfollow(ctx context.Context, user account.UserID, ch channel.ID) error {
	if _, err := s.db.w.ExecContext(ctx, `DELETE FROM follows WHERE user_id = $1 AND channel_id = $2`, user, ch); err != nil {
		return fmt.Errorf("delete follow: %w", err)
	}
	return nil
}

func (s *Channels) IsFollowing(ctx context.Context, user account.UserID, ch channel.ID) (bool, error) {
	var n int
	err := s.db.r.QueryRowContext(ctx, `SELECT count(*) FROM follows WHERE user_id = $1 AND channel_id = $2`, user, ch).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("follow of %s by %s: %w", ch, user, err)
	}
	return n > 0, nil
}

func (s *Channels) FollowedLive(ctx context.Context, user account.UserID, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, live.since FROM follows f
		JOIN (`+liveSince+`) live ON live.channel_id = f.channel_id
		JOIN channels c ON c.id = f.channel_id`+cardJoins+`
		WHERE f.user_id = $1 ORDER BY live.since DESC, c.id LIMIT $2`, user, limit)
}

func (s *Channels) FollowedOffline(ctx context.Context, user account.UserID, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, NULL FROM follows f
		JOIN channels c ON c.id = f.channel_id`+cardJoins+`
		WHERE f.user_id = $1 AND NOT EXISTS (SELECT 1 FROM stream_sessions s
			WHERE s.channel_id = c.id AND s.end_time IS NULL AND s.stream_started = TRUE)
		ORDER BY f.created_at DESC, c.id LIMIT $2`, user, limit)
}

func (s *Channels) LiveCards(ctx context.Context, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, live.since FROM (`+liveSince+`) live
		JOIN channels c ON c.id = live.channel_id`+cardJoins+`
		ORDER BY live.since DESC, c.id LIMIT $1`, limit)
}

func (s *Channels) cards(ctx context.Context, query string, args ...any) ([]channel.Card, error) {
	rows, err := s.db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query channel cards: %w", err)
	}
	defer rows.Close()
	out := []channel.Card{}
	for rows.Next() {
		var c channel.Card
		var avatar, banner sql.NullString
		var since sql.NullInt64
		if err := rows.Scan(&c.ChannelID, &c.UserID, &c.Username, &c.Avatar, &c.Color, &avatar, &banner, &since); err != nil {
			return nil, fmt.Errorf("scan channel card: %w", err)
		}
		c.Assets = assets(avatar, banner)
		if since.Valid {
			c.LiveSince = fromMS(since.Int64)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func assets(avatar, banner sql.NullString) channel.Assets {
	a := channel.Assets{}
	if avatar.Valid {
		a[channel.AssetAvatar] = avatar.String
	}
	if banner.Valid {
		a[channel.AssetBanner] = banner.String
	}
	return a
}

func (s *Channels) Assets(ctx context.Context, user account.UserID) (channel.Assets, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT kind, file_key FROM profile_assets WHERE user_id = $1`, user)
	if err != nil {
		return nil, fmt.Errorf("query assets: %w", err)
	}
	defer rows.Close()
	out := channel.Assets{}
	for rows.Next() {
		var kind, key string
		if err := rows.Scan(&kind, &key); err != nil {
			return nil, fmt.Errorf("scan asset: %w", err)
		}
		out[channel.AssetKind(kind)] = key
	}
	return out, rows.Err()
}

func (s *Channels) SetAsset(ctx context.Context, user account.UserID, kind channel.AssetKind, key string, at time.Time) (string, error) {
	var old string
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = s.assetKey(ctx, tx, user, kind); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO profile_assets (user_id, kind, file_key, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, kind) DO UPDATE SET file_key = excluded.file_key, updated_at = excluded.updated_at`,
			user, kind, key, ms(at))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("set %s asset: %w", kind, err)
	}
	return old, nil
}

func (s *Channels) DeleteAsset(ctx context.Context, user account.UserID, kind channel.AssetKind) (string, error) {
	var old string
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = s.assetKey(ctx, tx, user, kind); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM profile_assets WHERE user_id = $1 AND kind = $2`, user, kind)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("delete %s asset: %w", kind, err)
	}
	return old, nil
}

// assetKey reads the current key inside tx; PostgreSQL locks the row so two
// uploads cannot both replace (and so orphan) the same file.
func (s *Channels) assetKey(ctx context.Context, tx *sql.Tx, user account.UserID, kind channel.AssetKind) (string, error) {
	query := `SELECT file_key FROM profile_assets WHERE user_id = $1 AND kind = $2`
	if s.db.Dialect == Postgres {
		query += ` FOR UPDATE`
	}
	var key string
	err := tx.QueryRowContext(ctx, query, user, kind).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return key, err
}
