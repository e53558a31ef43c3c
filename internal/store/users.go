package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onair/onair/internal/account"
)

// Accounts implements account.Repo.
type Accounts struct{ db *DB }

// Accounts returns the account repository.
func (db *DB) Accounts() *Accounts { return &Accounts{db: db} }

var _ account.Repo = (*Accounts)(nil)

const userColumns = `id, username, email, email_verified, pending_email, avatar, color, password_hash, created_at`

func scanUser(row rowScanner) (account.User, error) {
	var u account.User
	var pending sql.NullString
	var created int64
	err := row.Scan(&u.ID, &u.Username, &u.Email, &u.EmailVerified, &pending, &u.Avatar, &u.Color, &u.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return account.User{}, account.ErrUserNotFound
	}
	if err != nil {
		return account.User{}, fmt.Errorf("scan user: %w", err)
	}
	u.PendingEmail = pending.String
	u.CreatedAt = fromMS(created)
	return u, nil
}

// userConflict maps a unique violation on users to the domain error.
func userConflict(err error) error {
	v := uniqueViolation(err)
	switch {
	case strings.Contains(v, "users_username_key"):
		return account.ErrUsernameTaken
	case strings.Contains(v, "users_email_key"), strings.Contains(v, "users.email"):
		return account.ErrEmailTaken
	}
	return err
}

func (a *Accounts) CreateUser(ctx context.Context, u account.User) error {
	_, err := a.db.w.ExecContext(ctx, `INSERT INTO users (id, username, email, email_verified, avatar, color, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
		u.ID, u.Username, u.Email, u.EmailVerified, u.Avatar, u.Color, u.PasswordHash, ms(u.CreatedAt))
	if err != nil {
		return userConflict(err)
	}
	return nil
}

func (a *Accounts) UserByID(ctx context.Context, id account.UserID) (account.User, error) {
	return scanUser(a.db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

func (a *Accounts) UserByUsername(ctx context.Context, username string) (account.User, error) {
	return scanUser(a.db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE lower(username) = lower($1)`, username))
}

func (a *Accounts) UserByEmail(ctx context.Context, email string) (account.User, error) {
	return scanUser(a.db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, strings.ToLower(email)))
}

// exec runs a single-row update and reports a missing user.
func (a *Accounts) exec(ctx context.Context, query string, args ...any) error {
	res, err := a.db.w.ExecContext(ctx, query, args...)
	if err != nil {
		return userConflict(err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return account.ErrUserNotFound
	}
	return nil
}

func (a *Accounts) UpdateUsername(ctx context.Context, id account.UserID, username string, now time.Time) error {
	return a.exec(ctx, `UPDATE users SET username = $1, updated_at = $2 WHERE id = $3`, username, ms(now), id)
}

func (a *Accounts) UpdatePassword(ctx context.Context, id account.UserID, hash string, now time.Time) error {
	return a.exec(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, ms(now), id)
}

func (a *Accounts) UpdateProfile(ctx context.Context, id account.UserID, avatar, color string, now time.Time) error {
	return a.exec(ctx, `UPDATE users SET avatar = $1, color = $2, updated_at = $3 WHERE id = $4`, avatar, color, ms(now), id)
}

func (a *Accounts) SetPendingEmail(ctx context.Context, id account.UserID, email string, now time.Time) error {
	return a.exec(ctx, `UPDATE users SET pending_email = $1, updated_at = $2 WHERE id = $3`, nullString(email), ms(now), id)
}

func (a *Accounts) ConfirmEmail(ctx context.Context, id account.UserID, email string, now time.Time) error {
	// Clearing pending_email only when it is the address confirmed keeps a
	// newer pending change intact.
	return a.exec(ctx, `UPDATE users SET email = $1, email_verified = TRUE,
		pending_email = CASE WHEN pending_email = $1 THEN NULL ELSE pending_email END, updated_at = $2 WHERE id = $3`,
		email, ms(now), id)
}

func (a *Accounts) DeleteUser(ctx context.Context, id account.UserID) error {
	return a.exec(ctx, `DELETE FROM users WHERE id = $1`, id)
}

func (a *Accounts) UsersByEmailDomain(ctx context.Context, domain string) ([]account.User, error) {
	rows, err := a.db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE email LIKE $1 ESCAPE '\' ORDER BY created_at, username`,
		"%@"+strings.NewReplacer("%", `\%`, "_", `\_`).Replace(domain))
	if err != nil {
		return nil, fmt.Errorf("users at %s: %w", domain, err)
	}
	return scanAll(rows, scanUser)
}

func (a *Accounts) DeleteUnverified(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := a.db.w.ExecContext(ctx, `DELETE FROM users WHERE email_verified = FALSE AND created_at < $1`, ms(cutoff))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (a *Accounts) CreateSession(ctx context.Context, s account.Session) error {
	_, err := a.db.w.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)`,
		s.IDHash, s.UserID, ms(s.CreatedAt), ms(s.ExpiresAt), ms(s.LastSeenAt))
	return err
}

func (a *Accounts) SessionUser(ctx context.Context, idHash string, now time.Time) (account.Session, account.User, error) {
	row := a.db.r.QueryRowContext(ctx, `SELECT s.created_at, s.expires_at, s.last_seen_at, `+prefixed("u.", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2`, idHash, ms(now))
	var created, expires, seen int64
	var u account.User
	var pending sql.NullString
	var userCreated int64
	err := row.Scan(&created, &expires, &seen, &u.ID, &u.Username, &u.Email, &u.EmailVerified, &pending, &u.Avatar, &u.Color, &u.PasswordHash, &userCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return account.Session{}, account.User{}, account.ErrSessionNotFound
	}
	if err != nil {
		return account.Session{}, account.User{}, fmt.Errorf("load session: %w", err)
	}
	u.PendingEmail = pending.String
	u.CreatedAt = fromMS(userCreated)
	s := account.Session{IDHash: idHash, UserID: u.ID, CreatedAt: fromMS(created), ExpiresAt: fromMS(expires), LastSeenAt: fromMS(seen)}
	return s, u, nil
}

func (a *Accounts) TouchSession(ctx context.Context, idHash string, now time.Time) error {
	_, err := a.db.w.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, ms(now), idHash)
	return err
}

func (a *Accounts) DeleteSession(ctx context.Context, idHash string) error {
	_, err := a.db.w.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return err
}

func (a *Accounts) DeleteUserSessions(ctx context.Context, id account.UserID) error {
	_, err := a.db.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
	return err
}

func (a *Accounts) CreateToken(ctx context.Context, t account.Token) error {
	_, err := a.db.w.ExecContext(ctx, `INSERT INTO user_tokens (token_hash, user_id, purpose, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.Hash, t.UserID, t.Purpose, t.Email, ms(t.CreatedAt), ms(t.ExpiresAt))
	return err
}

func (a *Accounts) ConsumeToken(ctx context.Context, hash, purpose string, now time.Time) (account.Token, error) {
	// One statement both checks and marks the token, so two concurrent uses
	// cannot both succeed.
	row := a.db.w.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
		RETURNING user_id, email, created_at, expires_at`, ms(now), hash, purpose)
	t := account.Token{Hash: hash, Purpose: purpose}
	var created, expires int64
	err := row.Scan(&t.UserID, &t.Email, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return account.Token{}, a.whyUnusable(ctx, hash, purpose, now)
	}
	if err != nil {
		return account.Token{}, fmt.Errorf("consume token: %w", err)
	}
	t.CreatedAt, t.ExpiresAt = fromMS(created), fromMS(expires)
	return t, nil
}

// whyUnusable tells an expired token from a wrong or used one.
func (a *Accounts) whyUnusable(ctx context.Context, hash, purpose string, now time.Time) error {
	var expires int64
	var used sql.NullInt64
	err := a.db.r.QueryRowContext(ctx, `SELECT expires_at, used_at FROM user_tokens WHERE token_hash = $1 AND purpose = $2`, hash, purpose).Scan(&expires, &used)
	if err == nil && !used.Valid && expires <= ms(now) {
		return account.ErrCodeExpired
	}
	return account.ErrCodeMismatch
}

func (a *Accounts) CountTokensSince(ctx context.Context, id account.UserID, purpose string, since time.Time) (int, error) {
	var n int
	err := a.db.r.QueryRowContext(ctx, `SELECT count(*) FROM user_tokens WHERE user_id = $1 AND purpose = $2 AND created_at > $3`, id, purpose, ms(since)).Scan(&n)
	return n, err
}

func (a *Accounts) DeleteExpiredTokens(ctx context.Context, purpose string, before time.Time) (int, error) {
	res, err := a.db.w.ExecContext(ctx, `DELETE FROM user_tokens WHERE purpose = $1 AND expires_at < $2`, purpose, ms(before))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ", ")
	for i, p := range parts {
		parts[i] = prefix + p
	}
	return strings.Join(parts, ", ")
}
