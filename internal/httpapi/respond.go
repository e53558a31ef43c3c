package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/errs"
)

// maxBody bounds every JSON request body.
const maxBody = 64 << 10

// statusOf is the one place error kinds become HTTP statuses.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.KindInvalid:
		return http.StatusBadRequest
	case errs.KindUnauthorized:
		return http.StatusUnauthorized
	case errs.KindForbidden:
		return http.StatusForbidden
	case errs.KindNotFound:
		return http.StatusNotFound
	case errs.KindConflict:
		return http.StatusConflict
	case errs.KindRateLimited:
		return http.StatusTooManyRequests
	case errs.KindUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// writeError answers err. Domain errors show their public message; any other
// error is logged with its cause and answered with a request id only.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e, ok := errs.As(err)
	if !ok || e.Kind == errs.KindInternal {
		code, msg := errs.ErrUnexpected.Code, errs.ErrUnexpected.Message
		if ok {
			code, msg = e.Code, e.Message
		}
		id := requestID(r.Context())
		log.Error("request failed", "method", r.Method, "route", r.Pattern, "request_id", id, "err", err)
		writeJSON(w, http.StatusInternalServerError, api.ErrorBody{Error: api.ErrorDetail{Code: code, Message: msg, RequestID: id}})
		return
	}
	if e.Kind == errs.KindRateLimited {
		w.Header().Set("Retry-After", "60")
	}
	writeJSON(w, statusOf(e.Kind), api.ErrorBody{Error: api.ErrorDetail{Code: e.Code, Message: e.Message, Fields: e.Fields}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if status == http.StatusNoContent || v == nil {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v) // the client went away; nothing left to do
}

var errBadRequest = errs.Invalid("BadRequestException", "The request body is not valid JSON for this operation.")

// decode reads a bounded JSON body into dst, refusing unknown fields so a
// misspelt field is an error rather than silently ignored.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "text/plain") {
		return errs.Invalid("BadRequestException", "Send the request body as application/json.")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var tooBig *http.MaxBytesError
		var syntax *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooBig):
			return errs.Invalid("BadRequestException", fmt.Sprintf("The request body is larger than %d bytes.", maxBody))
		case errors.Is(err, io.EOF):
			return errs.Invalid("BadRequestException", "The request body is empty; send a JSON object.")
		case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
			return errs.Invalid("BadRequestException", "The request body is not valid JSON.")
		case errors.As(err, &typeErr):
			msg := fmt.Sprintf("Field %q must be a %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
			return errs.Invalid("BadRequestException", msg).WithField(typeErr.Field, msg)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			msg := fmt.Sprintf("Unknown field %q.", name)
			return errs.Invalid("BadRequestException", msg).WithField(name, msg)
		default:
			return errBadRequest
		}
	}
	if dec.More() {
		return errs.Invalid("BadRequestException", "The request body must hold a single JSON object.")
	}
	return nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "JSON object"
	default:
		return "number"
	}
}

// required reports missing fields with the spec's exception name.
func required(fields map[string]string) error {
	missing := map[string]string{}
	for name, v := range fields {
		if strings.TrimSpace(v) == "" {
			missing[name] = "This field is required."
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return errs.FieldErrors("UnexpectedException", "Some required fields are missing.", missing)
}
