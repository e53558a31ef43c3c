package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/overlay"
)

// StreamActions implements overlay.Repo.
type StreamActions struct{ db *DB }

// StreamActions returns the stream-action repository.
func (db *DB) StreamActions() *StreamActions { return &StreamActions{db: db} }

var _ overlay.Repo = (*StreamActions)(nil)

func (r *StreamActions) Active(ctx context.Context, ch channel.ID) (overlay.Record, error) {
	rec := overlay.Record{ChannelID: ch}
	var data string
	var start int64
	var expiry sql.NullInt64
	err := r.db.r.QueryRowContext(ctx, `SELECT id, name, data, session_id, start_time, expiry
		FROM stream_actions_active WHERE channel_id = $1`, ch).Scan(&rec.ID, &rec.Name, &data, &rec.SessionID, &start, &expiry)
	if errors.Is(err, sql.ErrNoRows) {
		return overlay.Record{}, overlay.ErrNoAction
	}
	if err != nil {
		return overlay.Record{}, fmt.Errorf("active action of %s: %w", ch, err)
	}
	rec.Data, rec.StartTime = json.RawMessage(data), fromMS(start)
	if expiry.Valid {
		rec.Expiry = fromMS(expiry.Int64)
	}
	return rec, nil
}

func (r *StreamActions) PutActive(ctx context.Context, rec overlay.Record, poll *overlay.PollRecord) error {
	var expiry sql.NullInt64
	if !rec.Expiry.IsZero() {
		expiry = sql.NullInt64{Int64: ms(rec.Expiry), Valid: true}
	}
	return r.db.tx(ctx, func(tx *sql.Tx) error {
		if poll != nil {
			options, err := json.Marshal(poll.Options)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO polls (id, channel_id, question, options, duration, start_time, end_time)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				poll.ID, poll.ChannelID, poll.Question, string(options), poll.Duration, ms(poll.StartTime), ms(poll.EndTime)); err != nil {
				return fmt.Errorf("insert poll: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO stream_actions_active (channel_id, id, name, data, session_id, start_time, expiry)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (channel_id) DO UPDATE SET id = excluded.id, name = excluded.name, data = excluded.data,
				session_id = excluded.session_id, start_time = excluded.start_time, expiry = excluded.expiry`,
			rec.ChannelID, rec.ID, rec.Name, string(rec.Data), rec.SessionID, ms(rec.StartTime), expiry)
		if err != nil {
			return fmt.Errorf("store active action of %s: %w", rec.ChannelID, err)
		}
		return nil
	})
}

func (r *StreamActions) DeleteActive(ctx context.Context, ch channel.ID, id string) (bool, error) {
	res, err := r.db.w.ExecContext(ctx, `DELETE FROM stream_actions_active WHERE channel_id = $1 AND id = $2`, ch, id)
	if err != nil {
		return false, fmt.Errorf("delete active action of %s: %w", ch, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

const pollColumns = `id, channel_id, question, options, duration, start_time, end_time, ended_at`

func scanPoll(row rowScanner) (overlay.PollRecord, error) {
	var p overlay.PollRecord
	var options string
	var start, end int64
	var ended sql.NullInt64
	err := row.Scan(&p.ID, &p.ChannelID, &p.Question, &options, &p.Duration, &start, &end, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return overlay.PollRecord{}, overlay.ErrPollNotFound
	}
	if err != nil {
		return overlay.PollRecord{}, fmt.Errorf("scan poll: %w", err)
	}
	if err := json.Unmarshal([]byte(options), &p.Options); err != nil {
		return overlay.PollRecord{}, fmt.Errorf("poll %s options: %w", p.ID, err)
	}
	p.StartTime, p.EndTime = fromMS(start), fromMS(end)
	if ended.Valid {
		p.EndedAt = fromMS(ended.Int64)
	}
	return p, nil
}

func (r *StreamActions) Poll(ctx context.Context, id string) (overlay.PollRecord, error) {
	p, err := scanPoll(r.db.r.QueryRowContext(ctx, `SELECT `+pollColumns+` FROM polls WHERE id = $1`, id))
	switch {
	case errors.Is(err, overlay.ErrPollNotFound):
		return overlay.PollRecord{}, err
	case err != nil:
		return overlay.PollRecord{}, fmt.Errorf("poll %s: %w", id, err)
	}
	return p, nil
}

// RunningPolls reads the whole active-action table, which holds at most
// a row per channel (cleared actions are deleted); each poll is found by
// its primary key, a poll's id being its action's.
func (r *StreamActions) RunningPolls(ctx context.Context) ([]overlay.PollRecord, error) {
	rows, err := r.db.r.QueryContext(ctx, `SELECT `+pollColumns+` FROM polls
		WHERE id IN (SELECT id FROM stream_actions_active WHERE name = $1) ORDER BY id`, overlay.PollAction)
	if err != nil {
		return nil, fmt.Errorf("running polls: %w", err)
	}
	polls, err := scanAll(rows, scanPoll)
	if err != nil {
		return nil, fmt.Errorf("running polls: %w", err)
	}
	return polls, nil
}

func (r *StreamActions) EndPoll(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := r.db.w.ExecContext(ctx, `UPDATE polls SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL AND end_time >= $2`, id, ms(at))
	if err != nil {
		return false, fmt.Errorf("end poll %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (r *StreamActions) Vote(ctx context.Context, pollID string, user account.UserID, option int, at time.Time) error {
	// Only into a poll not yet ended: a stop racing the vote wins. The
	// casts type the parameters for PostgreSQL.
	res, err := r.db.w.ExecContext(ctx, `INSERT INTO poll_votes (poll_id, user_id, option_index, voted_at)
		SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS INTEGER), CAST($4 AS BIGINT)
		WHERE EXISTS (SELECT 1 FROM polls WHERE id = $1 AND ended_at IS NULL)`, pollID, user, option, ms(at))
	if uniqueViolation(err) != "" {
		return overlay.ErrAlreadyVoted
	}
	if err != nil {
		return fmt.Errorf("vote in %s: %w", pollID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return overlay.ErrPollClosed
	}
	return nil
}

func (r *StreamActions) Counts(ctx context.Context, pollID string) (map[int]int, error) {
	rows, err := r.db.r.QueryContext(ctx, `SELECT option_index, count(*) FROM poll_votes WHERE poll_id = $1 GROUP BY option_index`, pollID)
	if err != nil {
		return nil, fmt.Errorf("tally of %s: %w", pollID, err)
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var option, n int
		if err := rows.Scan(&option, &n); err != nil {
			return nil, fmt.Errorf("scan tally: %w", err)
		}
		out[option] = n
	}
	return out, rows.Err()
}

func (r *StreamActions) VoteOf(ctx context.Context, pollID string, user account.UserID) (int, bool, error) {
	var option int
	err := r.db.r.QueryRowContext(ctx, `SELECT option_index FROM poll_votes WHERE poll_id = $1 AND user_id = $2`, pollID, user).Scan(&option)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("vote of %s in %s: %w", user, pollID, err)
	}
	return option, true, nil
}

func (r *StreamActions) SaveForm(ctx context.Context, user account.UserID, name string, data json.RawMessage, at time.Time) error {
	_, err := r.db.w.ExecContext(ctx, `INSERT INTO stream_action_forms (user_id, name, data, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
		user, name, string(data), ms(at))
	if err != nil {
		return fmt.Errorf("save %s form of %s: %w", name, user, err)
	}
	return nil
}

func (r *StreamActions) Forms(ctx context.Context, user account.UserID) (map[string]json.RawMessage, error) {
	rows, err := r.db.r.QueryContext(ctx, `SELECT name, data FROM stream_action_forms WHERE user_id = $1`, user)
	if err != nil {
		return nil, fmt.Errorf("forms of %s: %w", user, err)
	}
	defer rows.Close()
	out := map[string]json.RawMessage{}
	for rows.Next() {
		var name, data string
		if err := rows.Scan(&name, &data); err != nil {
			return nil, fmt.Errorf("scan form: %w", err)
		}
		out[name] = json.RawMessage(data)
	}
	return out, rows.Err()
}
