package realtime

import (
	"log/slog"

	"github.com/centrifugal/centrifuge"

	"github.com/onair/onair/internal/errs"
)

// Refusals reach clients as Centrifuge errors whose code is the HTTP status
// the API would answer (400-499, inside the range Centrifuge leaves to
// applications) and whose message is the API's stable error code, e.g.
// {code: 403, message: "ChatBannedException"}.
var (
	errUnknownChannel = errs.NotFound("ChannelNotFoundException", "This channel does not exist.")
	errInboxSignedOut = errs.ErrUnauthenticated
	errInboxForbidden = errs.Forbidden("ForbiddenException", "This inbox belongs to another user.")
	errPublishRefused = &centrifuge.Error{Code: 403, Message: "ForbiddenException"}
)

// clientError turns a domain error into the error a client receives;
// anything that is not a refusal is logged and answered as internal.
func clientError(log *slog.Logger, err error) error {
	e, ok := errs.As(err)
	if !ok || e.Kind == errs.KindInternal {
		log.Error("realtime subscribe failed", "err", err)
		return centrifuge.ErrorInternal
	}
	return &centrifuge.Error{Code: statusOf(e.Kind), Message: e.Code, Temporary: e.Kind == errs.KindRateLimited}
}

func statusOf(k errs.Kind) uint32 {
	switch k {
	case errs.KindInvalid:
		return 400
	case errs.KindUnauthorized:
		return 401
	case errs.KindForbidden:
		return 403
	case errs.KindNotFound:
		return 404
	case errs.KindConflict:
		return 409
	case errs.KindRateLimited:
		return 429
	default:
		return 500
	}
}
