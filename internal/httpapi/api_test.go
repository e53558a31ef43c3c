package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
)

var ctx = context.Background()

// wantErr checks an API error's status and code.
func wantErr(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	if !apptest.IsCode(err, status, code) {
		t.Errorf("%s: got %v, want %d %s", what, err, status, code)
	}
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	c := srv.Client()
	if _, err := c.Register(ctx, api.RegisterRequest{Username: "Taken_1", Email: "taken@example.com", Password: apptest.Password, Avatar: "bear", Color: "blue"}); err != nil {
		t.Fatal(err)
	}
	valid := func(edit func(*api.RegisterRequest)) api.RegisterRequest {
		r := api.RegisterRequest{Username: "new_user", Email: "new@example.com", Password: apptest.Password, Avatar: "dog", Color: "green"}
		edit(&r)
		return r
	}
	tests := []struct {
		name      string
		req       api.RegisterRequest
		status    int
		code      string
		field     string
		fieldText string
	}{
		{"missing username", valid(func(r *api.RegisterRequest) { r.Username = "" }), 400, "UnexpectedException", "username", "This field is required."},
		{"missing email", valid(func(r *api.RegisterRequest) { r.Email = "" }), 400, "UnexpectedException", "email", "This field is required."},
		{"missing password", valid(func(r *api.RegisterRequest) { r.Password = "" }), 400, "UnexpectedException", "password", "This field is required."},
		{"missing avatar", valid(func(r *api.RegisterRequest) { r.Avatar = "" }), 400, "UnexpectedException", "avatar", "This field is required."},
		{"missing color", valid(func(r *api.RegisterRequest) { r.Color = "" }), 400, "UnexpectedException", "color", "This field is required."},
		{"username 3 chars", valid(func(r *api.RegisterRequest) { r.Username = "abc" }), 400, "AccountRegistrationException", "username", "Use 4 to 20 characters with a mix of letters, numbers & symbols."},
		{"username 21 chars", valid(func(r *api.RegisterRequest) { r.Username = strings.Repeat("a", 21) }), 400, "AccountRegistrationException", "username", "Use 4 to 20 characters with a mix of letters, numbers & symbols."},
		{"username with space", valid(func(r *api.RegisterRequest) { r.Username = "bad name" }), 400, "AccountRegistrationException", "username", "Use 4 to 20 characters with a mix of letters, numbers & symbols."},
		{"username with dash", valid(func(r *api.RegisterRequest) { r.Username = "bad-name" }), 400, "AccountRegistrationException", "username", "Use 4 to 20 characters with a mix of letters, numbers & symbols."},
		{"username non-ascii", valid(func(r *api.RegisterRequest) { r.Username = "naïve_1" }), 400, "AccountRegistrationException", "username", "Use 4 to 20 characters with a mix of letters, numbers & symbols."},
		{"reserved username", valid(func(r *api.RegisterRequest) { r.Username = "settings" }), 400, "ReservedUsernameException", "username", "This username is unavailable."},
		{"reserved username other case", valid(func(r *api.RegisterRequest) { r.Username = "Health" }), 400, "ReservedUsernameException", "username", "This username is unavailable."},
		{"username taken other case", valid(func(r *api.RegisterRequest) { r.Username = "TAKEN_1" }), 409, "UsernameExistsException", "username", "This username has been taken."},
		{"email invalid", valid(func(r *api.RegisterRequest) { r.Email = "not-an-email" }), 400, "InvalidParameterException", "email", "Enter a valid email."},
		{"email without domain dot", valid(func(r *api.RegisterRequest) { r.Email = "a@localhost" }), 400, "InvalidParameterException", "email", "Enter a valid email."},
		{"email taken other case", valid(func(r *api.RegisterRequest) { r.Email = "Taken@Example.com" }), 409, "EmailExistsException", "email", "This email has already been used."},
		{"password short", valid(func(r *api.RegisterRequest) { r.Password = "Pa1!a" }), 400, "InvalidPasswordException", "password", "Use 8 characters or more."},
		{"password no uppercase", valid(func(r *api.RegisterRequest) { r.Password = "passw0rd!" }), 400, "InvalidPasswordException", "password", "Use at least 1 uppercase & lowercase letter, number, and symbol."},
		{"password no lowercase", valid(func(r *api.RegisterRequest) { r.Password = "PASSW0RD!" }), 400, "InvalidPasswordException", "password", "Use at least 1 uppercase & lowercase letter, number, and symbol."},
		{"password no digit", valid(func(r *api.RegisterRequest) { r.Password = "Password!" }), 400, "InvalidPasswordException", "password", "Use at least 1 uppercase & lowercase letter, number, and symbol."},
		{"password no symbol", valid(func(r *api.RegisterRequest) { r.Password = "Passw0rdX" }), 400, "InvalidPasswordException", "password", "Use at least 1 uppercase & lowercase letter, number, and symbol."},
		{"password short and weak", valid(func(r *api.RegisterRequest) { r.Password = "abc" }), 400, "InvalidPasswordException", "password", "Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols."},
		{"password too long", valid(func(r *api.RegisterRequest) { r.Password = "Aa1!" + strings.Repeat("x", 253) }), 400, "InvalidPasswordException", "password", "Use 256 characters or fewer."},
		{"unknown avatar", valid(func(r *api.RegisterRequest) { r.Avatar = "dragon" }), 400, "InvalidParameterException", "avatar", ""},
		{"custom avatar at sign-up", valid(func(r *api.RegisterRequest) { r.Avatar = "custom" }), 400, "InvalidParameterException", "avatar", ""},
		{"unknown color", valid(func(r *api.RegisterRequest) { r.Color = "red" }), 400, "InvalidParameterException", "color", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Register(ctx, tc.req)
			wantErr(t, "register", err, tc.status, tc.code)
			var e *apiclient.Error
			if asErr(err, &e) {
				got, ok := e.Fields[tc.field]
				if !ok || (tc.fieldText != "" && got != tc.fieldText) {
					t.Errorf("fields = %v, want %s: %q", e.Fields, tc.field, tc.fieldText)
				}
				if e.Message == "" {
					t.Error("empty message")
				}
			}
		})
	}
	// Nothing was created by the refused requests.
	if _, err := c.SignIn(ctx, "new_user", apptest.Password); !apptest.IsCode(err, 401, "NotAuthorizedException") {
		t.Errorf("refused registration left an account: %v", err)
	}
}

func asErr(err error, target **apiclient.Error) bool {
	e, ok := err.(*apiclient.Error)
	if ok {
		*target = e
	}
	return ok
}

func TestMalformedBodies(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	tests := []struct {
		name, method, path, body, contentType string
		status                                int
		code                                  string
	}{
		{"not json", "POST", "/api/v1/channel/register", "{", "application/json", 400, "BadRequestException"},
		{"empty body", "POST", "/api/v1/auth/signin", "", "application/json", 400, "BadRequestException"},
		{"unknown field", "POST", "/api/v1/auth/signin", `{"username":"a","password":"b","admin":true}`, "application/json", 400, "BadRequestException"},
		{"wrong type", "POST", "/api/v1/auth/signin", `{"username":5,"password":"b"}`, "application/json", 400, "BadRequestException"},
		{"two objects", "POST", "/api/v1/auth/signin", `{"username":"a","password":"b"}{}`, "application/json", 400, "BadRequestException"},
		{"form encoded", "POST", "/api/v1/auth/signin", `username=a`, "application/x-www-form-urlencoded", 400, "BadRequestException"},
		{"too large", "POST", "/api/v1/channel/register", `{"username":"` + strings.Repeat("a", 70<<10) + `"}`, "application/json", 400, "BadRequestException"},
		{"path param over 100", "GET", "/api/v1/channels/" + strings.Repeat("a", 101), "", "", 400, "BadRequestException"},
		{"unknown channel", "GET", "/api/v1/channels/nobody_here", "", "", 404, "UserNotFoundException"},
		{"unknown api route", "GET", "/api/v1/nothing", "", "", 404, "NotFoundException"},
		{"own channel signed out", "GET", "/api/v1/channel", "", "", 401, "UnauthorizedException"},
		{"session signed out", "GET", "/api/v1/auth/session", "", "", 401, "UnauthorizedException"},
		{"garbage cookie", "GET", "/api/v1/channel", "", "cookie", 401, "UnauthorizedException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			switch tc.contentType {
			case "":
			case "cookie":
				req.AddCookie(&http.Cookie{Name: "onair_session", Value: "forged"})
			default:
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body api.ErrorBody
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatalf("error body not JSON: %v", err)
			}
			if resp.StatusCode != tc.status || body.Error.Code != tc.code || body.Error.Message == "" {
				t.Errorf("got %d %+v, want %d %s", resp.StatusCode, body.Error, tc.status, tc.code)
			}
		})
	}
	t.Run("path param message", func(t *testing.T) {
		_, err := srv.Client().PublicChannel(ctx, strings.Repeat("b", 101))
		var e *apiclient.Error
		if !asErr(err, &e) || e.Message != "params/username must NOT have more than 100 characters" {
			t.Errorf("got %v", err)
		}
	})
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	srv.SignedIn(t, "Streamer_1")
	unverified := srv.Client()
	if _, err := unverified.Register(ctx, api.RegisterRequest{Username: "pending", Email: "pending@example.com", Password: apptest.Password, Avatar: "bear", Color: "blue"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, login, password string
		status                int
		code                  string
	}{
		{"username other case", "STREAMER_1", apptest.Password, 200, ""},
		{"email other case", "Streamer_1@Example.COM", apptest.Password, 200, ""},
		{"username with spaces around", "  streamer_1 ", apptest.Password, 200, ""},
		{"wrong password", "streamer_1", "Wrong0pass!", 401, "NotAuthorizedException"},
		{"unknown user", "ghost_user", apptest.Password, 401, "NotAuthorizedException"},
		{"unknown email", "ghost@example.com", apptest.Password, 401, "NotAuthorizedException"},
		{"unverified", "pending", apptest.Password, 403, "UserNotConfirmedException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := srv.Client()
			me, err := c.SignIn(ctx, tc.login, tc.password)
			if tc.status == 200 {
				if err != nil || me.Username != "Streamer_1" || me.ChannelID == "" {
					t.Fatalf("sign in = %+v, %v", me, err)
				}
				if _, err := c.Session(ctx); err != nil {
					t.Fatalf("session after sign-in: %v", err)
				}
				return
			}
			wantErr(t, "sign in", err, tc.status, tc.code)
		})
	}
}

func TestSignInRateLimit(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	srv.SignedIn(t, "target")
	c := srv.Client()
	for i := range 5 {
		_, err := c.SignIn(ctx, "target", "Wrong0pass!")
		wantErr(t, "failure "+string(rune('1'+i)), err, 401, "NotAuthorizedException")
	}
	// Once limited, even the right password is refused for a while.
	_, err := c.SignIn(ctx, "target", apptest.Password)
	wantErr(t, "after 5 failures", err, 429, "LimitExceededException")
	// Another account from the same address is not blocked yet (per-IP allows 30).
	srv.SignedIn(t, "bystander")
}

func TestSessionsAndPasswordChange(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	a := srv.SignedIn(t, "alice")
	other := srv.Client()
	if _, err := other.SignIn(ctx, "alice", apptest.Password); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, current, next string
		code                string
	}{
		{"wrong current", "Wrong0pass!", "N3w-Passw0rd", "NotAuthorizedException"},
		{"same as old", apptest.Password, apptest.Password, "SamePasswordException"},
		{"weak new", apptest.Password, "weak", "InvalidPasswordException"},
		{"missing current", "", "N3w-Passw0rd", "UnexpectedException"},
	}
	for _, tc := range tests {
		wantErr(t, tc.name, a.ChangePassword(ctx, tc.current, tc.next), 400, tc.code)
	}
	if err := a.ChangePassword(ctx, apptest.Password, "N3w-Passw0rd"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session(ctx); err != nil {
		t.Errorf("this client signed out by its own password change: %v", err)
	}
	_, err := other.Session(ctx)
	wantErr(t, "other session after password change", err, 401, "UnauthorizedException")
	if _, err := srv.Client().SignIn(ctx, "alice", apptest.Password); err == nil {
		t.Error("old password still works")
	}
	if _, err := srv.Client().SignIn(ctx, "alice", "N3w-Passw0rd"); err != nil {
		t.Errorf("new password: %v", err)
	}
	if err := a.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = a.Session(ctx)
	wantErr(t, "after sign-out", err, 401, "UnauthorizedException")
}

func TestVerificationAndReset(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	c := srv.Client()
	res, err := c.Register(ctx, api.RegisterRequest{Username: "Verifier", Email: "verifier@example.com", Password: apptest.Password, Avatar: "bird", Color: "salmon"})
	if err != nil || res.UserConfirmed {
		t.Fatalf("register = %+v, %v", res, err)
	}
	code, username := srv.LastLink(t, "verifier@example.com", "/login")
	if username != "Verifier" {
		t.Errorf("link username = %q", username)
	}
	_, err = c.Verify(ctx, "Verifier", "nope")
	wantErr(t, "wrong code", err, 400, "CodeMismatchException")
	_, err = c.Verify(ctx, "", code)
	wantErr(t, "no username", err, 400, "UnexpectedException")
	first := code
	if err := c.ResendVerification(ctx, "Verifier"); err != nil {
		t.Fatal(err)
	}
	code, _ = srv.LastLink(t, "verifier@example.com", "/login")
	if code == first {
		t.Fatal("resend mailed the same code")
	}
	got, err := c.Verify(ctx, "verifier", code)
	if err != nil || got.EmailChanged {
		t.Fatalf("verify = %+v, %v; want a confirmed registration", got, err)
	}
	_, err = c.Verify(ctx, "Verifier", code)
	wantErr(t, "code reused", err, 400, "CodeMismatchException")
	if _, err := c.SignIn(ctx, "Verifier", apptest.Password); err != nil {
		t.Fatalf("sign in after verify: %v", err)
	}

	// Reset answers the same for unknown addresses.
	if err := c.RequestPasswordReset(ctx, "nobody@example.com"); err != nil {
		t.Errorf("reset for unknown email: %v", err)
	}
	wantErr(t, "reset with invalid email", c.RequestPasswordReset(ctx, "nope"), 400, "InvalidParameterException")
	if err := c.RequestPasswordReset(ctx, "VERIFIER@example.com"); err != nil {
		t.Fatal(err)
	}
	rcode, rname := srv.LastLink(t, "verifier@example.com", "/reset")
	wantErr(t, "weak new password", c.ConfirmPasswordReset(ctx, rname, rcode, "weak"), 400, "InvalidPasswordException")
	wantErr(t, "verify code used for reset", c.ConfirmPasswordReset(ctx, rname, code, "N3w-Passw0rd"), 400, "CodeMismatchException")
	if err := c.ConfirmPasswordReset(ctx, rname, rcode, "N3w-Passw0rd"); err != nil {
		t.Fatalf("confirm reset: %v", err)
	}
	wantErr(t, "reset code reused", c.ConfirmPasswordReset(ctx, rname, rcode, "An0ther-pass"), 400, "CodeMismatchException")
	_, err = c.Session(ctx)
	wantErr(t, "sessions revoked by reset", err, 401, "UnauthorizedException")
	if _, err := c.SignIn(ctx, "verifier@example.com", "N3w-Passw0rd"); err != nil {
		t.Fatalf("sign in with new password: %v", err)
	}
}

func TestResendLimit(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	c := srv.Client()
	if _, err := c.Register(ctx, api.RegisterRequest{Username: "spammer", Email: "spam@example.com", Password: apptest.Password, Avatar: "bird", Color: "salmon"}); err != nil {
		t.Fatal(err)
	}
	// Sign-up sent 1; four more are allowed within the hour.
	for range 4 {
		if err := c.ResendVerification(ctx, "spammer"); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, "sixth mail in an hour", c.ResendVerification(ctx, "spammer"), 429, "LimitExceededException")
	if err := c.ResendVerification(ctx, "nobody_at_all"); err != nil {
		t.Errorf("resend for unknown user must look the same: %v", err)
	}
}

func TestAccountChanges(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	srv.SignedIn(t, "occupied")
	c := srv.SignedIn(t, "renamer")
	tests := []struct {
		name, newName string
		status        int
		code          string
	}{
		{"reserved", "Manager", 400, "ReservedUsernameException"},
		{"too short", "abc", 400, "ChangeUsernameException"},
		{"bad characters", "no way", 400, "ChangeUsernameException"},
		{"taken other case", "OCCUPIED", 409, "AliasExistsException"},
		{"missing", "", 400, "UnexpectedException"},
	}
	for _, tc := range tests {
		_, err := c.ChangeUsername(ctx, tc.newName)
		wantErr(t, tc.name, err, tc.status, tc.code)
	}
	name, err := c.ChangeUsername(ctx, "Renamed.Now")
	if err != nil || name != "Renamed.Now" {
		t.Fatalf("rename = %q, %v", name, err)
	}
	// Email sign-in keeps working after a rename (the original's quirk 4).
	if _, err := srv.Client().SignIn(ctx, "renamer@example.com", apptest.Password); err != nil {
		t.Errorf("email sign-in after rename: %v", err)
	}
	if _, err := srv.Client().SignIn(ctx, "renamed.now", apptest.Password); err != nil {
		t.Errorf("new username sign-in: %v", err)
	}
	if _, err := srv.Client().SignIn(ctx, "renamer", apptest.Password); err == nil {
		t.Error("old username still signs in")
	}
	// The old name is free again.
	if _, err := srv.Client().Register(ctx, api.RegisterRequest{Username: "renamer", Email: "second@example.com", Password: apptest.Password, Avatar: "bear", Color: "blue"}); err != nil {
		t.Errorf("register the old name: %v", err)
	}

	_, err = c.ChangeEmail(ctx, "occupied@example.com")
	wantErr(t, "email taken", err, 409, "EmailExistsException")
	_, err = c.ChangeEmail(ctx, "bad")
	wantErr(t, "email invalid", err, 400, "InvalidParameterException")
	pending, err := c.ChangeEmail(ctx, "New.Address@example.com")
	if err != nil || pending != "new.address@example.com" {
		t.Fatalf("change email = %q, %v", pending, err)
	}
	me, _ := c.Session(ctx)
	if me.Email != "renamer@example.com" || me.PendingEmail == nil || *me.PendingEmail != "new.address@example.com" {
		t.Fatalf("before confirming: %+v", me)
	}
	code, user := srv.LastLink(t, "new.address@example.com", "/login")
	// A rename between mailing and opening the link breaks nothing: the
	// code alone says whose it is.
	if _, err := c.ChangeUsername(ctx, "renamed_again"); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Client().Verify(ctx, user, code)
	if err != nil || !got.EmailChanged {
		t.Fatalf("verify email change = %+v, %v; want emailChanged", got, err)
	}
	me, _ = c.Session(ctx)
	if me.Email != "new.address@example.com" || me.PendingEmail != nil {
		t.Fatalf("after confirming: %+v", me)
	}
}

func TestChannelAndStreamKey(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	owner := srv.SignedIn(t, "Owner_1")
	own, err := owner.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(own.StreamKeyValue, "sk_") || len(own.StreamKeyValue) < 3+26 {
		t.Errorf("stream key %q is not >= 128 random bits", own.StreamKeyValue)
	}
	if own.ChannelID == "" || own.PlaybackID == "" || own.ChannelID != strings.ToLower(own.ChannelID) || own.ChatRoomID != "chat:"+own.ChannelID {
		t.Errorf("ids: %+v", own)
	}
	if strings.Contains(own.PlaybackURL, own.StreamKeyValue) || !strings.Contains(own.PlaybackURL, own.PlaybackID) {
		t.Errorf("playback URL %q", own.PlaybackURL)
	}
	// Nothing but the owner's own channel returns the key.
	for _, path := range []string{"/api/v1/channels/owner_1", "/api/v1/config", "/api/v1/openapi.json"} {
		for _, c := range []*apiclient.Client{srv.Client(), srv.SignedIn(t, "viewer_"+string(rune('a'+len(path)%26))), owner} {
			raw := rawGet(t, c, srv.URL+path)
			if strings.Contains(raw, own.StreamKeyValue) {
				t.Errorf("%s leaks the stream key", path)
			}
		}
	}
	if raw := rawGet(t, owner, srv.URL+"/api/v1/auth/session"); strings.Contains(raw, own.StreamKeyValue) {
		t.Error("session response carries the stream key")
	}
	pub, err := srv.Client().PublicChannel(ctx, "OWNER_1")
	if err != nil || pub.Username != "Owner_1" || pub.ChannelID != own.ChannelID || pub.IsLive {
		t.Fatalf("public channel = %+v, %v", pub, err)
	}
	key, err := owner.ResetStreamKey(ctx)
	if err != nil || key == own.StreamKeyValue || !strings.HasPrefix(key, "sk_") {
		t.Fatalf("reset = %q, %v", key, err)
	}
	again, _ := owner.OwnChannel(ctx)
	if again.StreamKeyValue != key || again.ChannelID != own.ChannelID || again.PlaybackID != own.PlaybackID {
		t.Errorf("after reset: %+v", again)
	}
}

func rawGet(t *testing.T, c *apiclient.Client, url string) string {
	t.Helper()
	var raw json.RawMessage
	path := strings.TrimPrefix(url, strings.SplitN(url, "/api/", 2)[0])
	if err := c.Do(ctx, "GET", path, nil, &raw); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return string(raw)
}

func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	c := srv.SignedIn(t, "leaver")
	other := srv.Client()
	other.SignIn(ctx, "leaver", apptest.Password)
	if err := c.DeleteAccount(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := other.Session(ctx)
	wantErr(t, "other session of deleted account", err, 401, "UnauthorizedException")
	_, err = srv.Client().SignIn(ctx, "leaver", apptest.Password)
	wantErr(t, "sign in deleted", err, 401, "NotAuthorizedException")
	_, err = srv.Client().PublicChannel(ctx, "leaver")
	wantErr(t, "channel of deleted", err, 404, "UserNotFoundException")
	// Username and email can be registered again.
	srv.SignedIn(t, "leaver")
}

func TestAllowedDomainsAndAutoVerify(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.SignUpAllowedDomains = []string{"onair.test"}
		c.EnableUserAutoVerify = true
	}})
	c := srv.Client()
	_, err := c.Register(ctx, api.RegisterRequest{Username: "outsider", Email: "o@example.com", Password: apptest.Password, Avatar: "bear", Color: "blue"})
	wantErr(t, "domain not allowed", err, 400, "AccountRegistrationException")
	res, err := c.Register(ctx, api.RegisterRequest{Username: "insider", Email: "i@ONAIR.test", Password: apptest.Password, Avatar: "bear", Color: "blue"})
	if err != nil || !res.UserConfirmed {
		t.Fatalf("auto-verified register = %+v, %v", res, err)
	}
	if len(srv.App.Mailbox.Messages()) != 0 {
		t.Error("auto-verified sign-up sent mail")
	}
	if _, err := c.SignIn(ctx, "insider", apptest.Password); err != nil {
		t.Fatal(err)
	}
}

func TestCrossOriginAndCORS(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.AllowedOrigins = []string{"https://studio.example"}
	}})
	post := func(origin, fetchSite string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/auth/signin", strings.NewReader(`{"username":"x","password":"y"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		if fetchSite != "" {
			req.Header.Set("Sec-Fetch-Site", fetchSite)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if r := post("https://evil.example", "cross-site"); r.StatusCode != 403 {
		t.Errorf("cross-site POST = %d, want 403", r.StatusCode)
	}
	r := post("https://studio.example", "cross-site")
	if r.StatusCode != 401 || r.Header.Get("Access-Control-Allow-Origin") != "https://studio.example" || r.Header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("trusted origin: %d %v", r.StatusCode, r.Header)
	}
	if r := post(srv.URL, "same-origin"); r.StatusCode != 401 {
		t.Errorf("same-origin POST = %d, want 401 (bad credentials)", r.StatusCode)
	}
}

func TestHealthStatusAndMetrics(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	srv.Client().Config(ctx)
	for path, want := range map[string]string{
		"/healthz": `"status":"ok"`,
		"/status":  "OK",
		"/metrics": "onair_http_requests_total{code=\"200\",method=\"GET\",route=\"GET /api/v1/config\"}",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s = %d, missing %q", path, resp.StatusCode, want)
		}
	}
	resp, _ := http.Get(srv.URL + "/metrics")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, series := range []string{"go_goroutines", "process_resident_memory_bytes", "onair_http_request_duration_seconds_bucket"} {
		if !strings.Contains(string(b), series) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
}
