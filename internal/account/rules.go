package account

import (
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onair/onair/internal/errs"
)

// Messages shown for invalid input; the web client uses the same copy.
const (
	MsgUsernameFormat  = "Use 4 to 20 characters with a mix of letters, numbers & symbols."
	MsgUsernameTaken   = "This username has been taken."
	MsgUsernameReserve = "This username is unavailable."
	MsgEmailInvalid    = "Enter a valid email."
	MsgPasswordLength  = "Use 8 characters or more."
	MsgPasswordMix     = "Use at least 1 uppercase & lowercase letter, number, and symbol."
	MsgPasswordBoth    = "Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols."
	MsgPasswordTooLong = "Use 256 characters or fewer."
	MsgRequired        = "This field is required."
)

// reservedUsernames collide with the web app's routes (spec 2.1) or with
// server paths; compared case-insensitively.
var reservedUsernames = []string{
	"health", "manager", "following", "settings", "login", "register", "reset",
	"api", "assets", "files", "dev", "hls", "whep", "whip", "metrics", "healthz", "status",
	"connection", "admin", "onair", "favicon.ico", "robots.txt", "manifest.json",
}

// Avatars are the preset avatar names; "custom" means an uploaded image.
var Avatars = []string{"bear", "bird", "bird2", "dog", "dog2", "dog3", "giraffe", "hedgehog", "hippo", "horse", "ibex", "jellyfish", "sheep", "tiger"}

// Colors are the profile colours.
var Colors = []string{"blue", "green", "lavender", "purple", "salmon", "turquoise", "yellow"}

// passwordSymbols are the symbols a password may use to satisfy the policy.
const passwordSymbols = "^$*.[]{}()?-+\"!@#%&/,><':;|_~`=\\"

// IsReservedUsername reports whether name is kept for routes.
func IsReservedUsername(name string) bool {
	return slices.Contains(reservedUsernames, strings.ToLower(name))
}

// usernameFormatOK checks length 4-20 and the character set.
func usernameFormatOK(name string) bool {
	if len(name) < 4 || len(name) > 20 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// CheckUsername validates a new username. formatCode is the exception name
// for a bad format, which differs between sign-up and rename (spec 3.1/3.2).
func CheckUsername(name, field, formatCode string) error {
	if name == "" {
		return errs.Invalid("UnexpectedException", MsgRequired).WithField(field, MsgRequired)
	}
	if IsReservedUsername(name) {
		return errs.Invalid("ReservedUsernameException", MsgUsernameReserve).WithField(field, MsgUsernameReserve)
	}
	if !usernameFormatOK(name) {
		return errs.Invalid(formatCode, MsgUsernameFormat).WithField(field, MsgUsernameFormat)
	}
	return nil
}

// NormalizeEmail validates an address and returns its stored form
// (trimmed, lower-cased); addresses compare case-insensitively.
func NormalizeEmail(email, field string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", errs.Invalid("UnexpectedException", MsgRequired).WithField(field, MsgRequired)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
		return "", errs.Invalid("InvalidParameterException", MsgEmailInvalid).WithField(field, MsgEmailInvalid)
	}
	return strings.ToLower(email), nil
}

// EmailDomain returns the part after the last @.
func EmailDomain(email string) string {
	return email[strings.LastIndexByte(email, '@')+1:]
}

// CheckPassword applies the password policy: 8-256 characters with a
// lowercase and an uppercase letter, a digit and a symbol.
func CheckPassword(pw, field string) error {
	if pw == "" {
		return errs.Invalid("UnexpectedException", MsgRequired).WithField(field, MsgRequired)
	}
	n := utf8.RuneCountInString(pw)
	if n > 256 {
		return errs.Invalid("InvalidPasswordException", MsgPasswordTooLong).WithField(field, MsgPasswordTooLong)
	}
	var lower, upper, digit, symbol bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune(passwordSymbols, r):
			symbol = true
		}
	}
	short, weak := n < 8, !(lower && upper && digit && symbol)
	var msg string
	switch {
	case short && weak:
		msg = MsgPasswordBoth
	case short:
		msg = MsgPasswordLength
	case weak:
		msg = MsgPasswordMix
	default:
		return nil
	}
	return errs.Invalid("InvalidPasswordException", msg).WithField(field, msg)
}

// CheckAvatar validates a preset avatar name (or "custom" when allowed).
func CheckAvatar(name string, allowCustom bool) error {
	if slices.Contains(Avatars, name) || (allowCustom && name == "custom") {
		return nil
	}
	msg := "Choose one of the preset avatars: " + strings.Join(Avatars, ", ") + "."
	return errs.Invalid("InvalidParameterException", msg).WithField("avatar", msg)
}

// CheckColor validates a profile colour.
func CheckColor(name string) error {
	if slices.Contains(Colors, name) {
		return nil
	}
	msg := "Choose one of the profile colours: " + strings.Join(Colors, ", ") + "."
	return errs.Invalid("InvalidParameterException", msg).WithField("color", msg)
}
