package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
)

// Sessions implements health.Repo.
type Sessions struct{ db *DB }

// Sessions returns the stream-session repository.
func (db *DB) Sessions() *Sessions { return &Sessions{db: db} }

var _ health.Repo = (*Sessions)(nil)

const sessionColumns = `id, channel_id, node, start_time, end_time, stream_started, is_healthy, has_error_event, ingest_config`

type rowScanner interface{ Scan(dest ...any) error }

// scanAll reads every row of rows with scan, then closes rows.
func scanAll[T any](rows *sql.Rows, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanSession(row rowScanner) (health.Session, error) {
	var s health.Session
	var start int64
	var end sql.NullInt64
	var ingest string
	err := row.Scan(&s.ID, &s.ChannelID, &s.Node, &start, &end, &s.StreamStarted, &s.IsHealthy, &s.HasErrorEvent, &ingest)
	if errors.Is(err, sql.ErrNoRows) {
		return health.Session{}, health.ErrSessionNotFound
	}
	if err != nil {
		return health.Session{}, fmt.Errorf("scan session: %w", err)
	}
	s.StartTime = fromMS(start)
	if end.Valid {
		s.EndTime = fromMS(end.Int64)
	}
	if err := json.Unmarshal([]byte(ingest), &s.Ingest); err != nil {
		return health.Session{}, fmt.Errorf("session %s ingest configuration: %w", s.ID, err)
	}
	return s, nil
}

func (r *Sessions) CreateSession(ctx context.Context, s health.Session, events []health.Event) error {
	ingest, err := json.Marshal(s.Ingest)
	if err != nil {
		return err
	}
	return r.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stream_sessions (`+sessionColumns+`)
			VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8)`,
			s.ID, s.ChannelID, s.Node, ms(s.StartTime), s.StreamStarted, s.IsHealthy, s.HasErrorEvent, string(ingest)); err != nil {
			return err
		}
		return insertEvents(ctx, tx, s.ID, events)
	})
}

func (r *Sessions) AddEvents(ctx context.Context, s health.Session, events []health.Event) error {
	return r.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE stream_sessions SET is_healthy = $1, has_error_event = $2 WHERE id = $3`,
			s.IsHealthy, s.HasErrorEvent, s.ID)
		if err != nil {
			return err
		}
		if err := mustAffect(res, health.ErrSessionNotFound); err != nil {
			return err
		}
		return insertEvents(ctx, tx, s.ID, events)
	})
}

func (r *Sessions) EndSession(ctx context.Context, id health.SessionID, end time.Time, events []health.Event) error {
	return r.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE stream_sessions SET end_time = $1 WHERE id = $2 AND end_time IS NULL`, ms(end), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			// Already ended (or unknown): ending twice is a no-op.
			return err
		}
		return insertEvents(ctx, tx, id, events)
	})
}

func insertEvents(ctx context.Context, tx *sql.Tx, id health.SessionID, events []health.Event) error {
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stream_events (session_id, name, type, time) VALUES ($1, $2, $3, $4)`,
			id, e.Name, e.Type, ms(e.Time)); err != nil {
			return fmt.Errorf("insert event %q: %w", e.Name, err)
		}
	}
	return nil
}

func (r *Sessions) SetIngest(ctx context.Context, id health.SessionID, cfg health.IngestConfiguration) error {
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	res, err := r.db.w.ExecContext(ctx, `UPDATE stream_sessions SET ingest_config = $1 WHERE id = $2`, string(b), id)
	if err != nil {
		return err
	}
	return mustAffect(res, health.ErrSessionNotFound)
}

func (r *Sessions) Session(ctx context.Context, id health.SessionID) (health.Session, error) {
	return scanSession(r.db.r.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM stream_sessions WHERE id = $1`, id))
}

func (r *Sessions) LatestSession(ctx context.Context, ch channel.ID) (health.Session, error) {
	return scanSession(r.db.r.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM stream_sessions
		WHERE channel_id = $1 ORDER BY start_time DESC, id DESC LIMIT 1`, ch))
}

func (r *Sessions) Events(ctx context.Context, id health.SessionID) ([]health.Event, error) {
	rows, err := r.db.r.QueryContext(ctx, `SELECT name, type, time FROM stream_events WHERE session_id = $1 ORDER BY time, id`, id)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	defer rows.Close()
	var out []health.Event
	for rows.Next() {
		var e health.Event
		var t int64
		if err := rows.Scan(&e.Name, &e.Type, &t); err != nil {
			return nil, err
		}
		e.Time = fromMS(t)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (r *Sessions) OpenSessions(ctx context.Context, ch channel.ID, node string) ([]health.Session, error) {
	q := `SELECT ` + sessionColumns + ` FROM stream_sessions WHERE end_time IS NULL AND `
	arg := any(ch)
	if ch == "" {
		q += `node = $1`
		arg = node
	} else {
		q += `channel_id = $1`
	}
	rows, err := r.db.r.QueryContext(ctx, q+` ORDER BY start_time`, arg)
	if err != nil {
		return nil, fmt.Errorf("open sessions: %w", err)
	}
	return scanAll(rows, scanSession)
}

func (r *Sessions) AddSample(ctx context.Context, id health.SessionID, s health.Sample) error {
	_, err := r.db.w.ExecContext(ctx, `INSERT INTO stream_samples (session_id, period, time, video_bitrate, framerate, keyframe_interval, concurrent_views)
		VALUES ($1, 5, $2, $3, $4, $5, $6)
		ON CONFLICT (session_id, period, time) DO UPDATE SET video_bitrate = excluded.video_bitrate, framerate = excluded.framerate,
			keyframe_interval = excluded.keyframe_interval, concurrent_views = excluded.concurrent_views`,
		id, ms(s.Time), s.VideoBitrate, s.Framerate, s.KeyframeInterval, s.ConcurrentViews)
	if err != nil {
		return fmt.Errorf("add sample to %s: %w", id, err)
	}
	return nil
}

func (r *Sessions) Samples(ctx context.Context, id health.SessionID, from, to time.Time) ([]health.Sample, error) {
	// The first bound lets the (session_id, period, time) key narrow the
	// scan; the second keeps coarse samples that began before from.
	rows, err := r.db.r.QueryContext(ctx, `SELECT period, time, video_bitrate, framerate, keyframe_interval, concurrent_views
		FROM stream_samples WHERE session_id = $1 AND time > $2 AND time + period * 1000 > $3 AND time <= $4 ORDER BY time, period`,
		id, ms(from)-health.Period1h.Milliseconds(), ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("samples of %s: %w", id, err)
	}
	defer rows.Close()
	var out []health.Sample
	for rows.Next() {
		var s health.Sample
		var period, t int64
		if err := rows.Scan(&period, &t, &s.VideoBitrate, &s.Framerate, &s.KeyframeInterval, &s.ConcurrentViews); err != nil {
			return nil, err
		}
		s.Time, s.Period = fromMS(t), time.Duration(period)*time.Second
		out = append(out, s)
	}
	return out, rows.Err()
}

func (r *Sessions) ListSessions(ctx context.Context, ch channel.ID, after *health.SessionCursor, limit int) ([]health.Session, error) {
	q := `SELECT ` + sessionColumns + ` FROM stream_sessions WHERE channel_id = $1`
	args := []any{ch}
	if after != nil {
		q += ` AND (start_time < $2 OR (start_time = $2 AND id < $3))`
		args = append(args, ms(after.Start), after.ID)
	}
	q += fmt.Sprintf(` ORDER BY start_time DESC, id DESC LIMIT %d`, limit)
	rows, err := r.db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sessions of %s: %w", ch, err)
	}
	return scanAll(rows, scanSession)
}

func (r *Sessions) Downsample(ctx context.Context, period time.Duration, before time.Time) (int64, error) {
	p := int64(period / time.Second)
	pms := p * 1000
	var n int64
	err := r.db.tx(ctx, func(tx *sql.Tx) error {
		// Weighted by each sample's period; the numbers are this package's
		// constants, written into the SQL so both engines type them alike.
		// A coarser sample already stored for the same span is replaced.
		res, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO stream_samples
			(session_id, period, time, video_bitrate, framerate, keyframe_interval, concurrent_views)
			SELECT session_id, %[1]d, bucket, SUM(video_bitrate * period) / SUM(period), SUM(framerate * period) / SUM(period),
				SUM(keyframe_interval * period) / SUM(period), SUM(concurrent_views * period) / SUM(period)
			FROM (SELECT session_id, period, time - (time %% %[2]d) AS bucket, video_bitrate, framerate, keyframe_interval, concurrent_views
				FROM stream_samples WHERE period < %[1]d AND time < $1) fine
			WHERE TRUE GROUP BY session_id, bucket
			ON CONFLICT (session_id, period, time) DO UPDATE SET video_bitrate = excluded.video_bitrate, framerate = excluded.framerate,
				keyframe_interval = excluded.keyframe_interval, concurrent_views = excluded.concurrent_views`, p, pms), ms(before))
		if err != nil {
			return fmt.Errorf("average: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM stream_samples WHERE period < %d AND time < $1`, p), ms(before)); err != nil {
			return fmt.Errorf("delete averaged: %w", err)
		}
		return nil
	})
	return n, err
}

// tx runs fn in a write transaction.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// mustAffect turns "no row changed" into notFound.
func mustAffect(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}
