package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/api"
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

func (s *Server) register(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req api.RegisterRequest
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
	return api.RegisterResponse{UserConfirmed: u.EmailVerified}, nil
}

func (s *Server) meOf(ctx context.Context, u account.User, c channel.Channel) (api.Me, error) {
	m := api.Me{ID: string(u.ID), Username: u.Username, Email: u.Email, EmailVerified: u.EmailVerified,
		Avatar: u.Avatar, Color: u.Color, ChannelID: string(c.ID)}
	if u.PendingEmail != "" {
		p := u.PendingEmail
		m.PendingEmail = &p
	}
	look, err := s.ch.Look(ctx, u)
	if err != nil {
		return api.Me{}, err
	}
	m.ChannelAssetURLs = s.ch.AssetURLs(look.Assets)
	return m, nil
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req api.SignInRequest
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
	me, err := s.meOf(r.Context(), u, c)
	if err != nil {
		return nil, err
	}
	setSessionCookie(w, token, s.cfg.SessionTTL, s.cfg.SecureCookies)
	return api.SessionResponse{User: me}, nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	if err := s.acc.SignOut(r.Context(), c.user.ID, c.token); err != nil {
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
	me, err := s.meOf(r.Context(), c.user, ch)
	if err != nil {
		return nil, err
	}
	return api.SessionResponse{User: me}, nil
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req api.VerifyRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username, "code": req.Code}); err != nil {
		return nil, err
	}
	changed, err := s.acc.Verify(r.Context(), req.Username, req.Code)
	if err != nil {
		return nil, err
	}
	return api.VerifyResponse{EmailChanged: changed}, nil
}

func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req api.ResendRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username}); err != nil {
		return nil, err
	}
	if err := s.acc.ResendVerification(r.Context(), req.Username); err != nil {
		return nil, err
	}
	return api.Empty{}, nil
}

func (s *Server) requestReset(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req api.ResetRequest
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
	return api.Empty{}, nil
}

func (s *Server) confirmReset(w http.ResponseWriter, r *http.Request, _ *call) (any, error) {
	var req api.ResetConfirmRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	if err := required(map[string]string{"username": req.Username, "code": req.Code, "newPassword": req.NewPassword}); err != nil {
		return nil, err
	}
	if err := s.acc.ConfirmPasswordReset(r.Context(), req.Username, req.Code, req.NewPassword); err != nil {
		return nil, err
	}
	return api.Empty{}, nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.ChangePasswordRequest
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
	return api.Empty{}, nil
}

func (s *Server) changeUsername(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.ChangeUsernameRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	u, err := s.acc.ChangeUsername(r.Context(), c.user.ID, req.NewUsername)
	if err != nil {
		return nil, err
	}
	return api.UsernameResponse{Username: u.Username}, nil
}

func (s *Server) changeEmail(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.ChangeEmailRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	u, err := s.acc.ChangeEmail(r.Context(), c.user.ID, req.NewEmail)
	if err != nil {
		return nil, err
	}
	return api.PendingEmailResponse{PendingEmail: u.PendingEmail}, nil
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	// The stage ends first so its participants hear it now (quirk 10); the
	// sweep closes the room of a stage the deletion itself removed.
	if s.stages != nil {
		if _, err := s.stages.End(r.Context(), c.user.ID); err != nil && !errors.Is(err, channel.ErrNotFound) {
			s.log.Warn("account deletion: stage not ended", "user_id", c.user.ID, "err", err)
		}
	}
	if err := s.acc.Delete(r.Context(), c.user.ID); err != nil {
		return nil, errs.New(errs.KindInternal, "AccountDeletionException", "Account failed to delete").Wrap(err)
	}
	// The account is gone either way; files left behind are only disk space.
	if err := s.ch.DeleteFiles(r.Context(), c.user.ID); err != nil {
		s.log.Warn("account deleted but its files were not", "user_id", c.user.ID, "err", err)
	}
	clearSessionCookie(w, s.cfg.SecureCookies)
	return nil, nil
}
