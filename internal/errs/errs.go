// Package errs defines Onair's error kinds. A domain error carries a stable
// code (the spec's exception names where they exist) and a message that is
// safe to show to the client; the wrapped cause is for logs only.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error; the HTTP layer maps each kind to one status.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindUnauthorized
	KindForbidden
	KindNotFound
	KindConflict
	KindRateLimited
	// KindUnavailable is a feature this server does not run.
	KindUnavailable
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindRateLimited:
		return "rate_limited"
	case KindUnavailable:
		return "unavailable"
	default:
		return "internal"
	}
}

// Error is a domain error with a public code and message.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	// Fields maps an input field name to a message about it.
	Fields map[string]string
	// Err is the underlying cause; never shown to clients.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error by code so sentinel values work with errors.Is.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Code == e.Code
}

// WithField returns a copy that also names the offending input field.
func (e *Error) WithField(field, msg string) *Error {
	c := *e
	c.Fields = map[string]string{field: msg}
	return &c
}

// Wrap returns a copy of e that records cause for the logs.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// New builds an error of the given kind.
func New(kind Kind, code, msg string) *Error {
	return &Error{Kind: kind, Code: code, Message: msg}
}

func Invalid(code, msg string) *Error      { return New(KindInvalid, code, msg) }
func Unauthorized(code, msg string) *Error { return New(KindUnauthorized, code, msg) }
func Forbidden(code, msg string) *Error    { return New(KindForbidden, code, msg) }
func NotFound(code, msg string) *Error     { return New(KindNotFound, code, msg) }
func Conflict(code, msg string) *Error     { return New(KindConflict, code, msg) }
func RateLimited(code, msg string) *Error  { return New(KindRateLimited, code, msg) }
func Unavailable(code, msg string) *Error  { return New(KindUnavailable, code, msg) }

// FieldErrors builds an invalid-input error naming every bad field.
func FieldErrors(code, msg string, fields map[string]string) *Error {
	return &Error{Kind: KindInvalid, Code: code, Message: msg, Fields: fields}
}

// As returns the domain error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// KindOf reports the kind of err; errors without a kind are internal.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return KindInternal
}

// Common errors shared by several packages.
var (
	ErrUnauthenticated = Unauthorized("UnauthorizedException", "You must be signed in.")
	ErrForbidden       = Forbidden("ForbiddenException", "You are not allowed to do that.")
	ErrUnexpected      = New(KindInternal, "UnexpectedException", "An unexpected error occurred, please try again later.")
)
