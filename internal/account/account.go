// Package account owns users: registration, email verification, sign-in
// sessions, password reset and changes, and account deletion.
package account

import (
	"context"
	"time"

	"github.com/onair/onair/internal/errs"
)

// UserID is a user's immutable id.
type UserID string

// User is an account. PasswordHash never leaves this package's callers'
// trust boundary: HTTP responses are built field by field.
type User struct {
	ID            UserID
	Username      string
	Email         string
	EmailVerified bool
	// PendingEmail is an address the user asked to change to; it becomes
	// Email once its verification link is opened.
	PendingEmail string
	Avatar       string
	Color        string
	PasswordHash string
	CreatedAt    time.Time
}

// Session is a server-side sign-in record; only the token's hash is stored.
type Session struct {
	IDHash     string
	UserID     UserID
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// Token purposes.
const (
	PurposeVerifyEmail   = "verify_email"
	PurposeResetPassword = "reset_password"
	// PurposeRealtime tokens open one realtime connection (spec 6: valid
	// one minute to connect).
	PurposeRealtime = "realtime_connect"
)

// Token is a single-use, expiring code sent by mail.
type Token struct {
	Hash      string
	UserID    UserID
	Purpose   string
	Email     string // the address being verified
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Repo is the storage the account service needs.
type Repo interface {
	CreateUser(ctx context.Context, u User) error
	UserByID(ctx context.Context, id UserID) (User, error)
	UserByUsername(ctx context.Context, username string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	UpdateUsername(ctx context.Context, id UserID, username string, now time.Time) error
	UpdatePassword(ctx context.Context, id UserID, hash string, now time.Time) error
	UpdateProfile(ctx context.Context, id UserID, avatar, color string, now time.Time) error
	SetPendingEmail(ctx context.Context, id UserID, email string, now time.Time) error
	// ConfirmEmail makes email the user's verified address.
	ConfirmEmail(ctx context.Context, id UserID, email string, now time.Time) error
	DeleteUser(ctx context.Context, id UserID) error
	// UsersByEmailDomain lists the users whose address ends in "@"+domain.
	UsersByEmailDomain(ctx context.Context, domain string) ([]User, error)
	// DeleteUnverified removes accounts never verified and created before cutoff.
	DeleteUnverified(ctx context.Context, cutoff time.Time) (int, error)

	CreateSession(ctx context.Context, s Session) error
	// SessionUser returns a live session and its user.
	SessionUser(ctx context.Context, idHash string, now time.Time) (Session, User, error)
	TouchSession(ctx context.Context, idHash string, now time.Time) error
	DeleteSession(ctx context.Context, idHash string) error
	DeleteUserSessions(ctx context.Context, id UserID) error

	CreateToken(ctx context.Context, t Token) error
	// ConsumeToken marks an unused, unexpired token used and returns it.
	ConsumeToken(ctx context.Context, hash, purpose string, now time.Time) (Token, error)
	CountTokensSince(ctx context.Context, id UserID, purpose string, since time.Time) (int, error)
	// DeleteExpiredTokens removes tokens of purpose that expired before before.
	DeleteExpiredTokens(ctx context.Context, purpose string, before time.Time) (int, error)
}

// Errors callers branch on. Codes follow the spec's exception names.
var (
	ErrUserNotFound    = errs.NotFound("UserNotFoundException", "User not found.")
	ErrUsernameTaken   = errs.Conflict("UsernameExistsException", "This username has been taken.").WithField("username", "This username has been taken.")
	ErrAliasTaken      = errs.Conflict("AliasExistsException", "This username has been taken.").WithField("newUsername", "This username has been taken.")
	ErrEmailTaken      = errs.Conflict("EmailExistsException", "This email has already been used.").WithField("email", "This email has already been used.")
	ErrBadCredentials  = errs.Unauthorized("NotAuthorizedException", "Incorrect username or password")
	ErrNotConfirmed    = errs.Forbidden("UserNotConfirmedException", "Your account is not verified yet. Open the activation link we sent to your email.")
	ErrSignInLimit     = errs.RateLimited("LimitExceededException", "Attempt limit exceeded, please try again later")
	ErrMailLimit       = errs.RateLimited("LimitExceededException", "Limit has been exceeded. Please try again in one hour.")
	ErrCodeMismatch    = errs.Invalid("CodeMismatchException", "This link is not valid. Request a new one.")
	ErrCodeExpired     = errs.Invalid("ExpiredCodeException", "This link has expired. Request a new one.")
	ErrWrongPassword   = errs.Invalid("NotAuthorizedException", "Incorrect password.").WithField("currentPassword", "Incorrect password.")
	ErrSamePassword    = errs.Invalid("SamePasswordException", "Your new password cannot be the same as your old password.").WithField("newPassword", "Your new password cannot be the same as your old password.")
	ErrSessionNotFound = errs.ErrUnauthenticated
	ErrTokenNotFound   = ErrCodeMismatch
)
