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

// A channel is live while it has an open stream session that has started
// streaming (spec 10's source of truth), or a stage. The list queries start
// from what bounds the answer, the user's follows or the newest live
// sessions, never from every live channel, so their cost does not grow with
// the number of live channels (docs/benchmarks.md, issue 5). Each picks the
// listed channels in an inner query that ends in ORDER BY ... LIMIT, then
// joins the cards for those rows only; the LIMIT also tells PostgreSQL how
// few they are, so it probes channels by key instead of hashing them all.

// liveSince is the stream start of the followed channel f.channel_id, NULL
// when it is not streaming: one probe of stream_sessions_live_channel_idx.
const liveSince = `SELECT max(s.start_time) FROM stream_sessions s
	WHERE s.channel_id = f.channel_id AND s.end_time IS NULL AND s.stream_started = TRUE`

// cardSelect reads channel cards with their owner's uploaded images and
// stage; each query adds the stream's start (NULL when not streaming).
const cardSelect = `SELECT c.id, u.id, u.username, u.avatar, u.color, av.file_key, bn.file_key, st.id`

const cardJoins = ` JOIN users u ON u.id = c.user_id
	LEFT JOIN profile_assets av ON av.user_id = u.id AND av.kind = 'avatar'
	LEFT JOIN profile_assets bn ON bn.user_id = u.id AND bn.kind = 'banner'
	LEFT JOIN stages st ON st.channel_id = c.id`

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

// FollowedLive probes each followed channel for a live session and a stage
// (one index search each), so its cost follows the user's follow count.
func (s *Channels) FollowedLive(ctx context.Context, user account.UserID, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, fl.since FROM (
			SELECT x.channel_id, x.since, COALESCE(x.since, xs.created_at) AS at FROM (
				SELECT f.channel_id, (`+liveSince+`) AS since FROM follows f WHERE f.user_id = $1) x
			LEFT JOIN stages xs ON xs.channel_id = x.channel_id
			WHERE x.since IS NOT NULL OR xs.id IS NOT NULL
			ORDER BY at DESC, x.channel_id LIMIT $2) fl
		JOIN channels c ON c.id = fl.channel_id`+cardJoins+`
		ORDER BY fl.at DESC, c.id`, user, limit)
}

// FollowedOffline walks follows_user_recent_idx newest first, skipping
// live channels, and stops at limit. (A LEFT JOIN of stages with "IS NULL"
// here made PostgreSQL scan every channel: 46 ms instead of 0.6.)
func (s *Channels) FollowedOffline(ctx context.Context, user account.UserID, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, NULL FROM (
			SELECT f.channel_id, f.created_at FROM follows f
			WHERE f.user_id = $1 AND NOT EXISTS (SELECT 1 FROM stages xs WHERE xs.channel_id = f.channel_id)
				AND NOT EXISTS (SELECT 1 FROM stream_sessions s
					WHERE s.channel_id = f.channel_id AND s.end_time IS NULL AND s.stream_started = TRUE)
			ORDER BY f.created_at DESC, f.channel_id LIMIT $2) fo
		JOIN channels c ON c.id = fo.channel_id`+cardJoins+`
		ORDER BY fo.created_at DESC, c.id`, user, limit)
}

// LiveCards walks stream_sessions_live_idx newest start first and stops at
// limit. A channel with several open sessions (a restart before the old
// one was closed) is listed once, at its newest: the session kept is the
// one with no newer open session of its channel (ties broken by id).
func (s *Channels) LiveCards(ctx context.Context, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, ls.start_time FROM (
			SELECT s.channel_id, s.start_time FROM stream_sessions s
			WHERE s.end_time IS NULL AND s.stream_started = TRUE AND NOT EXISTS (SELECT 1 FROM stream_sessions n
				WHERE n.channel_id = s.channel_id AND n.end_time IS NULL AND n.stream_started = TRUE
					AND (n.start_time > s.start_time OR (n.start_time = s.start_time AND n.id > s.id)))
			ORDER BY s.start_time DESC, s.channel_id LIMIT $1) ls
		JOIN channels c ON c.id = ls.channel_id`+cardJoins+`
		ORDER BY ls.start_time DESC, c.id`, limit)
}

// StageCards walks stages_created_idx newest first; stages are few (each
// holds SFU capacity).
func (s *Channels) StageCards(ctx context.Context, limit int) ([]channel.Card, error) {
	return s.cards(ctx, cardSelect+`, NULL FROM stages st0
		JOIN channels c ON c.id = st0.channel_id`+cardJoins+`
		WHERE NOT EXISTS (SELECT 1 FROM stream_sessions s
			WHERE s.channel_id = c.id AND s.end_time IS NULL AND s.stream_started = TRUE)
		ORDER BY st0.created_at DESC, c.id LIMIT $1`, limit)
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
		var avatar, banner, stageID sql.NullString
		var since sql.NullInt64
		if err := rows.Scan(&c.ChannelID, &c.UserID, &c.Username, &c.Avatar, &c.Color, &avatar, &banner, &stageID, &since); err != nil {
			return nil, fmt.Errorf("scan channel card: %w", err)
		}
		c.Assets = assets(avatar, banner)
		c.StageID = stageID.String
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
