package overlay

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/errs"
)

// MaxForm bounds one saved form.
const MaxForm = 4 << 10

// Saved forms are drafts (spec 4.3, 7.2): any device of the user sees the
// same ones. Their fields are only checked when an action is sent, so a
// form with an over-long question can still be saved and fixed later; here
// only the shape and size are.
var (
	ErrFormName      = errs.Invalid("InvalidParameterException", "Forms are saved for quiz, poll, product, notice, celebration and amazon_product.").WithField("name", "Choose one of quiz, poll, product, notice, celebration, amazon_product.")
	ErrFormTooLarge  = errs.Invalid("InvalidParameterException", "The saved form is larger than 4 KB.")
	ErrFormNotObject = errs.Invalid("InvalidParameterException", "Send the form as a JSON object.")
)

// SaveForm stores user's form for action name (a JSON object).
func (s *Service) SaveForm(ctx context.Context, user account.UserID, name string, data json.RawMessage) error {
	if !slices.Contains(Names, name) {
		return ErrFormName
	}
	if len(data) > MaxForm {
		return ErrFormTooLarge
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil || buf.Len() == 0 || buf.Bytes()[0] != '{' {
		return ErrFormNotObject
	}
	return s.repo.SaveForm(ctx, user, name, buf.Bytes(), s.clock())
}

// Forms returns user's saved forms by action name.
func (s *Service) Forms(ctx context.Context, user account.UserID) (map[string]json.RawMessage, error) {
	return s.repo.Forms(ctx, user)
}
