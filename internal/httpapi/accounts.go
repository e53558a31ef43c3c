package httpapi

import (
	"errors"
	"net/http"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
)

const cookieName = "onair_session"

func sessionCookie(r *http.Request) string {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return ""
	}
	return c.Value
}

func setSessionCookie(w http.ResponseWriter, token string, ttl time.Duration, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: token, Path: "/", MaxAge: int(ttl.Seconds()),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

func clearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

type registerRequest struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Avatar   string `json:"avatar"`
	Color    string `json:"color"`
}

type registerResponse struct {
	UserConfirmed bool `json:"userConfirmed"`
}

func (s *Server) register(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req registerRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username, "email": req.Email, "password": req.Password, "avatar": req.Avatar, "color": req.Color}); err != nil {
		return nil, err
	}
	u, err := s.acc.Register(r.Context(), account.RegisterInput{
		Username: req.Username, Email: req.Email, Password: req.Password, Avatar: req.Avatar, Color: req.Color,
	})
	if err != nil {
		return nil, err
	}
	return registerResponse{UserConfirmed: u.EmailVerified}, nil
}

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// me is the signed-in user as the web app sees it.
type me struct {
	ID            string  `json:"id"`
	Username      string  `json:"username"`
	Email         string  `json:"email"`
	EmailVerified bool    `json:"emailVerified"`
	PendingEmail  *string `json:"pendingEmail"`
	Avatar        string  `json:"avatar"`
	Color         string  `json:"color"`
	ChannelID     string  `json:"channelId"`
}

type sessionResponse struct {
	User me `json:"user"`
}

func meOf(u account.User, c channel.Channel) me {
	m := me{ID: string(u.ID), Username: u.Username, Email: u.Email, EmailVerified: u.EmailVerified,
		Avatar: u.Avatar, Color: u.Color, ChannelID: string(c.ID)}
	if u.PendingEmail != "" {
		p := u.PendingEmail
		m.PendingEmail = &p
	}
	return m
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req signInRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username, "password": req.Password}); err != nil {
		return nil, err
	}
	u, token, err := s.acc.SignIn(r.Context(), req.Username, req.Password, clientIP(r))
	if err != nil {
		return nil, err
	}
	// First sign-in provisions the channel (spec 3.2 resources/create).
	c, err := s.ch.Ensure(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	setSessionCookie(w, token, s.cfg.SessionTTL, s.cfg.SecureCookies)
	return sessionResponse{User: meOf(u, c)}, nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	if err := s.acc.SignOut(r.Context(), c.token); err != nil {
		return nil, err
	}
	clearSessionCookie(w, s.cfg.SecureCookies)
	return nil, nil
}

func (s *Server) getSession(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	ch, err := s.ch.ForUser(r.Context(), c.user.ID)
	if err != nil && !errors.Is(err, channel.ErrNotFound) {
		return nil, err
	}
	return sessionResponse{User: meOf(c.user, ch)}, nil
}

type verifyRequest struct {
	Username string `json:"username"`
	Code     string `json:"code"`
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req verifyRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username, "code": req.Code}); err != nil {
		return nil, err
	}
	if err := s.acc.Verify(r.Context(), req.Username, req.Code); err != nil {
		return nil, err
	}
	return empty{}, nil
}

type resendRequest struct {
	Username string `json:"username"`
}

func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req resendRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username}); err != nil {
		return nil, err
	}
	if err := s.acc.ResendVerification(r.Context(), req.Username); err != nil {
		return nil, err
	}
	return empty{}, nil
}

type resetRequest struct {
	Email string `json:"email"`
}

func (s *Server) requestReset(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req resetRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := s.acc.RequestPasswordReset(r.Context(), req.Email); err != nil {
		if errs.KindOf(err) == errs.KindInvalid {
			return nil, err
		}
		// Never reveal through an error whether the address has an account.
		s.log.Error("password reset request", "err", err)
	}
	return empty{}, nil
}

type resetConfirmRequest struct {
	Username    string `json:"username"`
	Code        string `json:"code"`
	NewPassword string `json:"newPassword"`
}

func (s *Server) confirmReset(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req resetConfirmRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username, "code": req.Code, "newPassword": req.NewPassword}); err != nil {
		return nil, err
	}
	if err := s.acc.ConfirmPasswordReset(r.Context(), req.Username, req.Code, req.NewPassword); err != nil {
		return nil, err
	}
	return empty{}, nil
}

type changePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req changePasswordRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"currentPassword": req.CurrentPassword, "newPassword": req.NewPassword}); err != nil {
		return nil, err
	}
	token, err := s.acc.ChangePassword(r.Context(), c.user.ID, req.CurrentPassword, req.NewPassword, clientIP(r))
	if err != nil {
		return nil, err
	}
	setSessionCookie(w, token, s.cfg.SessionTTL, s.cfg.SecureCookies)
	return empty{}, nil
}

type changeUsernameRequest struct {
	NewUsername string `json:"newUsername"`
}

type usernameResponse struct {
	Username string `json:"username"`
}

func (s *Server) changeUsername(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req changeUsernameRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	u, err := s.acc.ChangeUsername(r.Context(), c.user.ID, req.NewUsername)
	if err != nil {
		return nil, err
	}
	return usernameResponse{Username: u.Username}, nil
}

type changeEmailRequest struct {
	NewEmail string `json:"newEmail"`
}

type pendingEmailResponse struct {
	PendingEmail string `json:"pendingEmail"`
}

func (s *Server) changeEmail(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req changeEmailRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	u, err := s.acc.ChangeEmail(r.Context(), c.user.ID, req.NewEmail)
	if err != nil {
		return nil, err
	}
	return pendingEmailResponse{PendingEmail: u.PendingEmail}, nil
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	if err := s.acc.Delete(r.Context(), c.user.ID); err != nil {
		return nil, errs.New(errs.KindInternal, "AccountDeletionException", "Account failed to delete").Wrap(err)
	}
	clearSessionCookie(w, s.cfg.SecureCookies)
	return nil, nil
}
