package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/stage"
)

// Stages stores co-host sessions, their seats and join requests.
type Stages struct{ db *DB }

// Stages returns the stage repository.
func (db *DB) Stages() *Stages { return &Stages{db: db} }

const stageSelect = `SELECT st.id, st.channel_id, c.user_id, st.created_at, st.host_seen_at, st.invite_code
	FROM stages st JOIN channels c ON c.id = st.channel_id`

func scanStage(row rowScanner) (stage.Stage, error) {
	var s stage.Stage
	var created, seen int64
	err := row.Scan(&s.ID, &s.ChannelID, &s.HostUserID, &created, &seen, &s.InviteCode)
	if errors.Is(err, sql.ErrNoRows) {
		return stage.Stage{}, stage.ErrNotFound
	}
	if err != nil {
		return stage.Stage{}, fmt.Errorf("scan stage: %w", err)
	}
	s.CreatedAt, s.HostSeenAt = fromMS(created), fromMS(seen)
	return s, nil
}

func (s *Stages) CreateStage(ctx context.Context, st stage.Stage) (stage.Stage, bool, error) {
	res, err := s.db.w.ExecContext(ctx, `INSERT INTO stages (id, channel_id, created_at, host_seen_at, invite_code) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (channel_id) DO NOTHING`, st.ID, st.ChannelID, ms(st.CreatedAt), ms(st.HostSeenAt), st.InviteCode)
	if err != nil {
		return stage.Stage{}, false, fmt.Errorf("insert stage: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return stage.Stage{}, false, err
	}
	got, err := scanStage(s.db.r.QueryRowContext(ctx, stageSelect+` WHERE st.channel_id = $1`, st.ChannelID))
	return got, n > 0, err
}

func (s *Stages) StageByID(ctx context.Context, id stage.ID) (stage.Stage, error) {
	return scanStage(s.db.r.QueryRowContext(ctx, stageSelect+` WHERE st.id = $1`, id))
}

func (s *Stages) StageByChannel(ctx context.Context, ch channel.ID) (stage.Stage, error) {
	return scanStage(s.db.r.QueryRowContext(ctx, stageSelect+` WHERE st.channel_id = $1`, ch))
}

func (s *Stages) Stages(ctx context.Context) ([]stage.Stage, error) {
	rows, err := s.db.r.QueryContext(ctx, stageSelect+` ORDER BY st.created_at`)
	if err != nil {
		return nil, fmt.Errorf("list stages: %w", err)
	}
	return scanAll(rows, scanStage)
}

func (s *Stages) DeleteStage(ctx context.Context, id stage.ID, hostSeenBefore time.Time) (bool, error) {
	query, args := `DELETE FROM stages WHERE id = $1`, []any{id}
	if !hostSeenBefore.IsZero() {
		query, args = query+` AND host_seen_at < $2`, append(args, ms(hostSeenBefore))
	}
	res, err := s.db.w.ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("delete stage %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *Stages) SetHostSeen(ctx context.Context, id stage.ID, at time.Time) error {
	if _, err := s.db.w.ExecContext(ctx, `UPDATE stages SET host_seen_at = $1 WHERE id = $2`, ms(at), id); err != nil {
		return fmt.Errorf("stage %s host seen: %w", id, err)
	}
	return nil
}

func (s *Stages) TakeSeat(ctx context.Context, id stage.ID, since time.Time, decide func([]stage.Seat) (stage.Seat, bool, error)) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		// Bumping seq takes the stage row's lock (PostgreSQL) or the
		// database's write lock (SQLite) until commit: seat decisions for
		// one stage run one at a time, on every node.
		res, err := tx.ExecContext(ctx, `UPDATE stages SET seq = seq + 1 WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("lock stage %s: %w", id, err)
		}
		if err := mustAffect(res, stage.ErrNotFound); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT participant_id, user_id, role, created_at FROM stage_seats
			WHERE stage_id = $1 AND created_at >= $2`, id, ms(since))
		if err != nil {
			return fmt.Errorf("seats of %s: %w", id, err)
		}
		var recent []stage.Seat
		for rows.Next() {
			seat := stage.Seat{StageID: id}
			var created int64
			if err := rows.Scan(&seat.ParticipantID, &seat.UserID, &seat.Role, &created); err != nil {
				rows.Close()
				return fmt.Errorf("scan seat: %w", err)
			}
			seat.CreatedAt = fromMS(created)
			recent = append(recent, seat)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		seat, ok, err := decide(recent)
		if err != nil || !ok {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO stage_seats (participant_id, stage_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5)`,
			seat.ParticipantID, id, seat.UserID, seat.Role, ms(seat.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert seat: %w", err)
		}
		return nil
	})
}

func (s *Stages) DeleteSeatsBefore(ctx context.Context, before time.Time) error {
	if _, err := s.db.w.ExecContext(ctx, `DELETE FROM stage_seats WHERE created_at < $1`, ms(before)); err != nil {
		return fmt.Errorf("delete old seats: %w", err)
	}
	return nil
}

func (s *Stages) PutRequest(ctx context.Context, r stage.Request) error {
	_, err := s.db.w.ExecContext(ctx, `INSERT INTO stage_requests (stage_id, user_id, accepted, created_at) VALUES ($1, $2, FALSE, $3)
		ON CONFLICT (stage_id, user_id) DO UPDATE SET accepted = FALSE, created_at = excluded.created_at`, r.StageID, r.UserID, ms(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("put stage request: %w", err)
	}
	return nil
}

func (s *Stages) Request(ctx context.Context, id stage.ID, user account.UserID) (stage.Request, error) {
	r := stage.Request{StageID: id, UserID: user}
	var created int64
	err := s.db.r.QueryRowContext(ctx, `SELECT accepted, created_at FROM stage_requests WHERE stage_id = $1 AND user_id = $2`, id, user).
		Scan(&r.Accepted, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return stage.Request{}, stage.ErrRequestNotFound
	}
	if err != nil {
		return stage.Request{}, fmt.Errorf("stage request: %w", err)
	}
	r.CreatedAt = fromMS(created)
	return r, nil
}

func (s *Stages) Requests(ctx context.Context, id stage.ID) ([]stage.Request, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT user_id, created_at FROM stage_requests
		WHERE stage_id = $1 AND accepted = FALSE ORDER BY created_at, user_id`, id)
	if err != nil {
		return nil, fmt.Errorf("stage requests: %w", err)
	}
	defer rows.Close()
	var out []stage.Request
	for rows.Next() {
		r := stage.Request{StageID: id}
		var created int64
		if err := rows.Scan(&r.UserID, &created); err != nil {
			return nil, fmt.Errorf("scan stage request: %w", err)
		}
		r.CreatedAt = fromMS(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Stages) AcceptRequest(ctx context.Context, id stage.ID, user account.UserID) (bool, error) {
	res, err := s.db.w.ExecContext(ctx, `UPDATE stage_requests SET accepted = TRUE WHERE stage_id = $1 AND user_id = $2`, id, user)
	if err != nil {
		return false, fmt.Errorf("accept stage request: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *Stages) DeleteRequest(ctx context.Context, id stage.ID, user account.UserID) (bool, error) {
	res, err := s.db.w.ExecContext(ctx, `DELETE FROM stage_requests WHERE stage_id = $1 AND user_id = $2`, id, user)
	if err != nil {
		return false, fmt.Errorf("delete stage request: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *Stages) AddRemoval(ctx context.Context, id stage.ID, user account.UserID, at time.Time) error {
	_, err := s.db.w.ExecContext(ctx, `INSERT INTO stage_removals (stage_id, user_id, removed_at) VALUES ($1, $2, $3)
		ON CONFLICT (stage_id, user_id) DO NOTHING`, id, user, ms(at))
	if err != nil {
		return fmt.Errorf("record stage removal: %w", err)
	}
	return nil
}

func (s *Stages) Removed(ctx context.Context, id stage.ID) ([]account.UserID, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT user_id FROM stage_removals WHERE stage_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("stage removals: %w", err)
	}
	defer rows.Close()
	var out []account.UserID
	for rows.Next() {
		var u account.UserID
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("scan stage removal: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
