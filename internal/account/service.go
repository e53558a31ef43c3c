package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/mail"
)

// Config tunes the account service.
type Config struct {
	// ClientBaseURL prefixes links in emails.
	ClientBaseURL string
	// AutoVerify confirms accounts at sign-up without email.
	AutoVerify bool
	// AllowedDomains restricts sign-up to these email domains (empty = any).
	AllowedDomains []string
	SessionTTL     time.Duration
	UnverifiedTTL  time.Duration
	Hasher         Hasher
}

// Token lifetimes and mail limits.
const (
	verifyTokenTTL    = 24 * time.Hour
	resetTokenTTL     = time.Hour
	realtimeTokenTTL  = time.Minute
	mailsPerHour      = 5
	sessionTouchEvery = time.Hour
)

// Deps are the service's collaborators.
type Deps struct {
	Repo   Repo
	Mailer mail.Sender
	Log    *slog.Logger
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
	// AccountLimiter and IPLimiter throttle failed password checks; default
	// to 5 per account and 30 per IP within 15 minutes.
	AccountLimiter Limiter
	IPLimiter      Limiter
	// SessionsEnded, when set, is told that sessions of a user ended
	// (sign-out, password change or reset, account deletion), so that
	// connections opened with them (realtime) can be closed at once.
	SessionsEnded func(ctx context.Context, id UserID)
}

// Service implements the account rules.
type Service struct {
	cfg       Config
	repo      Repo
	mailer    mail.Sender
	log       *slog.Logger
	now       func() time.Time
	byAccount Limiter
	byIP      Limiter
	ended     func(ctx context.Context, id UserID)
	// hashSlots bounds concurrent argon2id work: each check holds the
	// hasher's memory cost (19 MiB by default) while it runs.
	hashSlots chan struct{}
	// dummyHash is verified against when the login names no user, so the
	// response time does not reveal whether an account exists. It is made
	// on first use to keep start-up fast.
	dummyOnce sync.Once
	dummyHash string
	dummyErr  error
}

// New returns the account service.
func New(cfg Config, d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.AccountLimiter == nil {
		d.AccountLimiter = NewMemoryLimiter(5, 15*time.Minute)
	}
	if d.IPLimiter == nil {
		d.IPLimiter = NewMemoryLimiter(30, 15*time.Minute)
	}
	return &Service{cfg: cfg, repo: d.Repo, mailer: d.Mailer, log: d.Log, now: d.Now,
		byAccount: d.AccountLimiter, byIP: d.IPLimiter, ended: d.SessionsEnded,
		hashSlots: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}, nil
}

// acquireHashSlot waits for room to run one password hash.
func (s *Service) acquireHashSlot(ctx context.Context) (release func(), err error) {
	select {
	case s.hashSlots <- struct{}{}:
		return func() { <-s.hashSlots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Service) hashPassword(ctx context.Context, pw string) (string, error) {
	release, err := s.acquireHashSlot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return s.cfg.Hasher.Hash(pw)
}

// verifyPassword checks pw against encoded; an empty encoded hash stands for
// a missing user and is checked against the dummy hash.
func (s *Service) verifyPassword(ctx context.Context, pw, encoded string) (bool, error) {
	if encoded == "" {
		s.dummyOnce.Do(func() { s.dummyHash, s.dummyErr = s.hashPassword(context.Background(), "dummy password for timing") })
		if s.dummyErr != nil {
			return false, s.dummyErr
		}
		encoded = s.dummyHash
	}
	release, err := s.acquireHashSlot(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return s.cfg.Hasher.Verify(pw, encoded)
}

// RegisterInput is a sign-up request.
type RegisterInput struct {
	Username, Email, Password, Avatar, Color string
}

// Register creates an account. It is confirmed at once when auto-verify is
// on; otherwise a verification link is mailed.
func (s *Service) Register(ctx context.Context, in RegisterInput) (User, error) {
	return s.register(ctx, in, s.cfg.AutoVerify)
}

func (s *Service) register(ctx context.Context, in RegisterInput, verified bool) (User, error) {
	in.Username = strings.TrimSpace(in.Username)
	fields := map[string]string{}
	var first error
	note := func(err error) {
		if err == nil {
			return
		}
		if e, ok := errs.As(err); ok {
			for k, v := range e.Fields {
				fields[k] = v
			}
		}
		if first == nil {
			first = err
		}
	}
	email, err := NormalizeEmail(in.Email, "email")
	note(err)
	if err == nil && len(s.cfg.AllowedDomains) > 0 && !slices.Contains(s.cfg.AllowedDomains, strings.ToLower(EmailDomain(email))) {
		msg := "Sign-up is limited to email addresses of approved domains."
		note(errs.Invalid("AccountRegistrationException", msg).WithField("email", msg))
	}
	note(CheckUsername(in.Username, "username", "AccountRegistrationException"))
	note(CheckPassword(in.Password, "password"))
	note(CheckAvatar(in.Avatar, false))
	note(CheckColor(in.Color))
	if first != nil {
		e, _ := errs.As(first)
		return User{}, &errs.Error{Kind: errs.KindInvalid, Code: e.Code, Message: e.Message, Fields: fields}
	}
	hash, err := s.hashPassword(ctx, in.Password)
	if err != nil {
		return User{}, fmt.Errorf("hash password: %w", err)
	}
	now := s.now()
	u := User{
		ID: UserID(ids.UUID()), Username: in.Username, Email: email, EmailVerified: verified,
		Avatar: in.Avatar, Color: in.Color, PasswordHash: hash, CreatedAt: now,
	}
	if err := s.repo.CreateUser(ctx, u); err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	s.log.Info("account registered", "user_id", u.ID, "verified", u.EmailVerified)
	if !u.EmailVerified {
		if err := s.sendVerification(ctx, u, u.Email); err != nil {
			return User{}, err
		}
	}
	return u, nil
}

// CreateInput is an administrator's account creation.
type CreateInput struct {
	Username, Email, Password string
	Verified                  bool
}

// Create makes an account directly (admin CLI) with a random avatar and
// colour; an unverified one gets the usual verification mail.
func (s *Service) Create(ctx context.Context, in CreateInput) (User, error) {
	return s.register(ctx, RegisterInput{
		Username: in.Username, Email: in.Email, Password: in.Password,
		Avatar: pick(Avatars), Color: pick(Colors),
	}, in.Verified)
}

// SignIn checks credentials (username or email, case-insensitive) and opens
// a session. It returns the user and the session token for the cookie.
func (s *Service) SignIn(ctx context.Context, login, password, ip string) (User, string, error) {
	login = strings.TrimSpace(login)
	now := s.now()
	accountKey := "login:" + strings.ToLower(login)
	ipKey := "ip:" + ip
	if s.byAccount.Blocked(accountKey, now) || s.byIP.Blocked(ipKey, now) {
		return User{}, "", ErrSignInLimit
	}
	u, err := s.userByLogin(ctx, login)
	if err != nil && !errors.Is(err, ErrUserNotFound) {
		return User{}, "", err
	}
	var hash string // empty: verify against the dummy hash
	if err == nil {
		hash = u.PasswordHash
	}
	ok, verr := s.verifyPassword(ctx, password, hash)
	if verr != nil {
		return User{}, "", fmt.Errorf("verify password of %s: %w", u.ID, verr)
	}
	if err != nil || !ok {
		s.byAccount.Fail(accountKey, now)
		s.byIP.Fail(ipKey, now)
		return User{}, "", ErrBadCredentials
	}
	if !u.EmailVerified {
		return User{}, "", ErrNotConfirmed
	}
	s.byAccount.Reset(accountKey)
	token, err := s.openSession(ctx, u.ID, now)
	if err != nil {
		return User{}, "", err
	}
	s.log.Info("signed in", "user_id", u.ID)
	return u, token, nil
}

func (s *Service) userByLogin(ctx context.Context, login string) (User, error) {
	if login == "" {
		return User{}, ErrUserNotFound
	}
	if strings.Contains(login, "@") {
		return s.repo.UserByEmail(ctx, strings.ToLower(login))
	}
	return s.repo.UserByUsername(ctx, login)
}

func (s *Service) openSession(ctx context.Context, id UserID, now time.Time) (string, error) {
	token := randomToken()
	err := s.repo.CreateSession(ctx, Session{
		IDHash: hashToken(token), UserID: id, CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL), LastSeenAt: now,
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// Authenticate resolves a session token to its user.
func (s *Service) Authenticate(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, errs.ErrUnauthenticated
	}
	now := s.now()
	sess, u, err := s.repo.SessionUser(ctx, hashToken(token), now)
	if err != nil {
		return User{}, err
	}
	// Record activity at most hourly to keep reads free of writes.
	if now.Sub(sess.LastSeenAt) > sessionTouchEvery {
		if err := s.repo.TouchSession(ctx, sess.IDHash, now); err != nil {
			s.log.Warn("touch session", "user_id", u.ID, "err", err)
		}
	}
	return u, nil
}

// SignOut revokes one session; id is its user, as the caller authenticated
// it (empty when the session was no longer valid).
func (s *Service) SignOut(ctx context.Context, id UserID, token string) error {
	if token == "" {
		return nil
	}
	if err := s.repo.DeleteSession(ctx, hashToken(token)); err != nil {
		return err
	}
	if id != "" {
		s.sessionsEnded(ctx, id)
	}
	return nil
}

// sessionsEnded tells the SessionsEnded hook, if any.
func (s *Service) sessionsEnded(ctx context.Context, id UserID) {
	if s.ended != nil {
		s.ended(ctx, id)
	}
}

// ResendVerification mails a new verification link. Unknown or verified
// users get the same answer so the endpoint reveals nothing.
func (s *Service) ResendVerification(ctx context.Context, login string) error {
	u, err := s.userByLogin(ctx, strings.TrimSpace(login))
	if errors.Is(err, ErrUserNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	target := u.PendingEmail
	if target == "" {
		if u.EmailVerified {
			return nil
		}
		target = u.Email
	}
	return s.sendVerification(ctx, u, target)
}

// Verify consumes a verification code: it confirms the account or switches
// to a pending email address.
func (s *Service) Verify(ctx context.Context, username, code string) (emailChanged bool, err error) {
	u, tok, err := s.consume(ctx, username, code, PurposeVerifyEmail)
	if err != nil {
		return false, err
	}
	if err := s.repo.ConfirmEmail(ctx, u.ID, tok.Email, s.now()); err != nil {
		return false, fmt.Errorf("confirm email: %w", err)
	}
	s.log.Info("email verified", "user_id", u.ID)
	return u.EmailVerified && tok.Email != u.Email, nil
}

// consume uses up a mailed code. The code (256 random bits) alone says
// whose it is; the username in the link is only required for the link's
// shape, so a rename between mailing and opening breaks nothing.
func (s *Service) consume(ctx context.Context, username, code, purpose string) (User, Token, error) {
	if code == "" || username == "" {
		return User{}, Token{}, ErrCodeMismatch
	}
	tok, err := s.repo.ConsumeToken(ctx, hashToken(code), purpose, s.now())
	if err != nil {
		return User{}, Token{}, err
	}
	u, err := s.repo.UserByID(ctx, tok.UserID)
	if err != nil {
		return User{}, Token{}, err
	}
	return u, tok, nil
}

// RequestPasswordReset mails a reset link if the address belongs to a user.
// The caller always answers the same way.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email, err := NormalizeEmail(email, "email")
	if err != nil {
		return err
	}
	u, err := s.repo.UserByEmail(ctx, email)
	if errors.Is(err, ErrUserNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ok, err := s.underMailLimit(ctx, u.ID, PurposeResetPassword); err != nil || !ok {
		// Silently drop: answering differently would reveal the account.
		return err
	}
	code, err := s.issueToken(ctx, u.ID, PurposeResetPassword, u.Email, resetTokenTTL)
	if err != nil {
		return err
	}
	link := s.link("/reset", code, u.Username)
	return s.send(ctx, u.Email, "Reset your Onair password",
		"Use the link below to set up a new password for your UGC account. This password reset link is only valid for the next 1 hour. If you did not make this request, you can safely disregard this email.",
		"Reset Password", link)
}

// ConfirmPasswordReset sets a new password from a reset link and signs the
// user out everywhere.
func (s *Service) ConfirmPasswordReset(ctx context.Context, username, code, newPassword string) error {
	if err := CheckPassword(newPassword, "newPassword"); err != nil {
		return err
	}
	u, _, err := s.consume(ctx, username, code, PurposeResetPassword)
	if err != nil {
		return err
	}
	if err := s.setPassword(ctx, u.ID, newPassword); err != nil {
		return err
	}
	// Following the link proves the mailbox, so an unverified account is verified too.
	if !u.EmailVerified {
		if err := s.repo.ConfirmEmail(ctx, u.ID, u.Email, s.now()); err != nil {
			return fmt.Errorf("confirm email on reset: %w", err)
		}
	}
	if err := s.repo.DeleteUserSessions(ctx, u.ID); err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	s.sessionsEnded(ctx, u.ID)
	s.log.Info("password reset", "user_id", u.ID)
	return nil
}

// ChangePassword replaces the password after checking the current one,
// revokes every session and returns a fresh session token for this client.
func (s *Service) ChangePassword(ctx context.Context, id UserID, current, next, ip string) (string, error) {
	if current == "" {
		return "", errs.Invalid("UnexpectedException", MsgRequired).WithField("currentPassword", MsgRequired)
	}
	if err := CheckPassword(next, "newPassword"); err != nil {
		return "", err
	}
	if current == next {
		return "", ErrSamePassword
	}
	now := s.now()
	key := "user:" + string(id)
	if s.byAccount.Blocked(key, now) || s.byIP.Blocked("ip:"+ip, now) {
		return "", ErrSignInLimit
	}
	u, err := s.repo.UserByID(ctx, id)
	if err != nil {
		return "", err
	}
	ok, err := s.verifyPassword(ctx, current, u.PasswordHash)
	if err != nil {
		return "", fmt.Errorf("verify password of %s: %w", id, err)
	}
	if !ok {
		s.byAccount.Fail(key, now)
		s.byIP.Fail("ip:"+ip, now)
		return "", ErrWrongPassword
	}
	s.byAccount.Reset(key)
	if err := s.setPassword(ctx, id, next); err != nil {
		return "", err
	}
	if err := s.repo.DeleteUserSessions(ctx, id); err != nil {
		return "", fmt.Errorf("revoke sessions: %w", err)
	}
	s.sessionsEnded(ctx, id)
	s.log.Info("password changed", "user_id", id)
	return s.openSession(ctx, id, now)
}

func (s *Service) setPassword(ctx context.Context, id UserID, pw string) error {
	hash, err := s.hashPassword(ctx, pw)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if err := s.repo.UpdatePassword(ctx, id, hash, s.now()); err != nil {
		return fmt.Errorf("update password: %w", err)
	}
	return nil
}

// ChangeUsername renames the user.
func (s *Service) ChangeUsername(ctx context.Context, id UserID, name string) (User, error) {
	name = strings.TrimSpace(name)
	if err := CheckUsername(name, "newUsername", "ChangeUsernameException"); err != nil {
		return User{}, err
	}
	if err := s.repo.UpdateUsername(ctx, id, name, s.now()); err != nil {
		if errors.Is(err, ErrUsernameTaken) {
			return User{}, ErrAliasTaken
		}
		return User{}, fmt.Errorf("update username: %w", err)
	}
	s.log.Info("username changed", "user_id", id)
	return s.repo.UserByID(ctx, id)
}

// ChangeEmail records a new address and mails a verification link to it;
// the address changes once the link is opened.
func (s *Service) ChangeEmail(ctx context.Context, id UserID, newEmail string) (User, error) {
	email, err := NormalizeEmail(newEmail, "newEmail")
	if err != nil {
		return User{}, err
	}
	u, err := s.repo.UserByID(ctx, id)
	if err != nil {
		return User{}, err
	}
	if email == u.Email {
		msg := "This is already your email address."
		return User{}, errs.Invalid("InvalidParameterException", msg).WithField("newEmail", msg)
	}
	if len(s.cfg.AllowedDomains) > 0 && !slices.Contains(s.cfg.AllowedDomains, EmailDomain(email)) {
		msg := "Email addresses of this domain are not accepted."
		return User{}, errs.Invalid("InvalidParameterException", msg).WithField("newEmail", msg)
	}
	if other, err := s.repo.UserByEmail(ctx, email); err == nil && other.ID != id {
		return User{}, errs.Conflict("EmailExistsException", "This email has already been used.").WithField("newEmail", "This email has already been used.")
	} else if err != nil && !errors.Is(err, ErrUserNotFound) {
		return User{}, err
	}
	if err := s.repo.SetPendingEmail(ctx, id, email, s.now()); err != nil {
		return User{}, fmt.Errorf("set pending email: %w", err)
	}
	u.PendingEmail = email
	if err := s.sendVerification(ctx, u, email); err != nil {
		return User{}, err
	}
	return u, nil
}

// UpdateProfile sets the avatar and colour.
func (s *Service) UpdateProfile(ctx context.Context, id UserID, avatar, color string) error {
	if err := CheckAvatar(avatar, true); err != nil {
		return err
	}
	if err := CheckColor(color); err != nil {
		return err
	}
	return s.repo.UpdateProfile(ctx, id, avatar, color, s.now())
}

// Delete removes the account; the database cascades to everything it owns.
func (s *Service) Delete(ctx context.Context, id UserID) error {
	if err := s.repo.DeleteUser(ctx, id); err != nil {
		return fmt.Errorf("delete user %s: %w", id, err)
	}
	s.sessionsEnded(ctx, id)
	s.log.Info("account deleted", "user_id", id)
	return nil
}

// UsersByEmailDomain lists the accounts with an address at domain (the
// seed tool's demo accounts use a reserved .invalid domain).
func (s *Service) UsersByEmailDomain(ctx context.Context, domain string) ([]User, error) {
	return s.repo.UsersByEmailDomain(ctx, strings.ToLower(domain))
}

// DeleteUnverified removes accounts left unverified longer than the TTL.
func (s *Service) DeleteUnverified(ctx context.Context) (int, error) {
	n, err := s.repo.DeleteUnverified(ctx, s.now().Add(-s.cfg.UnverifiedTTL))
	if err != nil {
		return 0, fmt.Errorf("delete unverified accounts: %w", err)
	}
	if n > 0 {
		s.log.Info("deleted unverified accounts", "count", n)
	}
	return n, nil
}

// RunCleanup deletes unverified accounts and expired connection tokens
// every interval until ctx ends.
func (s *Service) RunCleanup(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.DeleteUnverified(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("unverified account cleanup", "err", err)
		}
		if _, err := s.repo.DeleteExpiredTokens(ctx, PurposeRealtime, s.now()); err != nil && ctx.Err() == nil {
			s.log.Error("connection token cleanup", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// IssueRealtimeToken returns a single-use token that opens one realtime
// connection as user within a minute, and when it expires.
func (s *Service) IssueRealtimeToken(ctx context.Context, id UserID) (string, time.Time, error) {
	token, err := s.issueToken(ctx, id, PurposeRealtime, "", realtimeTokenTTL)
	if err != nil {
		return "", time.Time{}, err
	}
	return token, s.now().Add(realtimeTokenTTL), nil
}

// RedeemRealtimeToken uses up a connection token and returns its user.
func (s *Service) RedeemRealtimeToken(ctx context.Context, token string) (User, error) {
	if token == "" || len(token) > 100 {
		return User{}, ErrCodeMismatch
	}
	t, err := s.repo.ConsumeToken(ctx, hashToken(token), PurposeRealtime, s.now())
	if err != nil {
		return User{}, err
	}
	return s.repo.UserByID(ctx, t.UserID)
}

// User returns a user by id.
func (s *Service) User(ctx context.Context, id UserID) (User, error) { return s.repo.UserByID(ctx, id) }

// UserByUsername returns a user by username (case-insensitive).
func (s *Service) UserByUsername(ctx context.Context, name string) (User, error) {
	return s.repo.UserByUsername(ctx, name)
}

// MarkVerified confirms a user's email without a link (admin CLI).
func (s *Service) MarkVerified(ctx context.Context, id UserID) error {
	u, err := s.repo.UserByID(ctx, id)
	if err != nil {
		return err
	}
	return s.repo.ConfirmEmail(ctx, id, u.Email, s.now())
}

func (s *Service) underMailLimit(ctx context.Context, id UserID, purpose string) (bool, error) {
	n, err := s.repo.CountTokensSince(ctx, id, purpose, s.now().Add(-time.Hour))
	if err != nil {
		return false, fmt.Errorf("count mails: %w", err)
	}
	return n < mailsPerHour, nil
}

func (s *Service) sendVerification(ctx context.Context, u User, email string) error {
	ok, err := s.underMailLimit(ctx, u.ID, PurposeVerifyEmail)
	if err != nil {
		return err
	}
	if !ok {
		return ErrMailLimit
	}
	code, err := s.issueToken(ctx, u.ID, PurposeVerifyEmail, email, verifyTokenTTL)
	if err != nil {
		return err
	}
	return s.send(ctx, email, "Verify your Onair account",
		"Use the link below to confirm your email for your UGC account.",
		"Confirm Email", s.link("/login", code, u.Username))
}

func (s *Service) issueToken(ctx context.Context, id UserID, purpose, email string, ttl time.Duration) (string, error) {
	code := randomToken()
	now := s.now()
	err := s.repo.CreateToken(ctx, Token{Hash: hashToken(code), UserID: id, Purpose: purpose, Email: email, CreatedAt: now, ExpiresAt: now.Add(ttl)})
	if err != nil {
		return "", fmt.Errorf("create %s token: %w", purpose, err)
	}
	return code, nil
}

func (s *Service) link(path, code, username string) string {
	q := url.Values{"code": {code}, "username": {username}}
	return strings.TrimRight(s.cfg.ClientBaseURL, "/") + path + "?" + q.Encode()
}

func (s *Service) send(ctx context.Context, to, subject, intro, action, link string) error {
	text := intro + "\n\n" + action + ": " + link + "\n"
	html := "<p>" + htmlEscape(intro) + "</p><p><a href=\"" + htmlEscape(link) + "\">" + htmlEscape(action) + "</a></p>"
	m := mail.Message{To: to, Subject: subject, Text: text, HTML: html, Links: []string{link}, SentAt: s.now()}
	if err := s.mailer.Send(ctx, m); err != nil {
		return fmt.Errorf("send %q mail: %w", subject, err)
	}
	return nil
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }

// randomToken returns 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how tokens are stored: a leaked table holds no usable token.
func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

func pick(list []string) string {
	n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(list))))
	return list[n.Int64()]
}
