package overlay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onair/onair/internal/errs"
)

// Action names (spec 7.1).
const (
	Quiz          = "quiz"
	PollAction    = "poll"
	Product       = "product"
	Notice        = "notice"
	Celebration   = "celebration"
	AmazonProduct = "amazon_product"
)

// Names lists every action, in the stream manager's order.
var Names = []string{Quiz, Celebration, Notice, PollAction, Product, AmazonProduct}

// MaxEncoded is the budget of one stream action: the request
// {"name":...,"data":...} as sent, without insignificant whitespace (the
// original's timed-metadata limit, spec 7.3).
const MaxEncoded = 1024

// Field messages, the spec's where it has one (spec 7.1).
const (
	msgTooLong   = "Maximum length exceeded."
	msgRequired  = "This field is required."
	msgCorrect   = "Select a correct answer."
	msgUnique    = "Enter a unique option."
	msgURL       = "Enter a valid URL."
	msgAmazonURL = "Enter the address of a product on an Amazon store."
	msgCelebrate = "A celebration lasts 10 seconds."
	msgUnknown   = "Unknown field."
)

// ErrTooLarge refuses an action over its 1 KB budget.
var ErrTooLarge = errs.Invalid("TimedMetadataValidationException", "The stream action is larger than 1 KB.")

const msgInvalidAction = "The stream action is not valid."

// Checked is a stream action that passed validation.
type Checked struct {
	Name string
	// Data is the action's data re-encoded from the checked fields (defaults
	// filled in, keys in a fixed order).
	Data json.RawMessage
	// Duration is how long the action runs; 0 for the ones that run until
	// stopped (product, amazon_product).
	Duration time.Duration
	// Question and Options are set for polls.
	Question string
	Options  []string
}

// EncodedSize is the size of the request {"name":name,"data":data} as a
// client sends it, whitespace aside.
func EncodedSize(name string, data json.RawMessage) int {
	quoted, _ := json.Marshal(name) // a string always encodes
	n := len(`{"name":,"data":}`) + len(quoted)
	if len(data) == 0 {
		return n + len("null")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		return n + len(data)
	}
	return n + buf.Len()
}

// Validate checks an action's data against the rules of spec 7.1, every
// field, and returns it in canonical form. Refusals are
// TimedMetadataValidationException with a message per field (JSON paths
// such as "answers.2").
func Validate(name string, data json.RawMessage) (Checked, error) {
	if EncodedSize(name, data) > MaxEncoded {
		return Checked{}, ErrTooLarge
	}
	v := &validator{fields: map[string]string{}}
	var out any
	c := Checked{Name: name}
	switch name {
	case Quiz:
		var q quizData
		if v.decode(data, &q) {
			q.check(v)
			out, c.Duration = q, time.Duration(deref(q.Duration))*time.Second+QuizGrace
		}
	case PollAction:
		var p pollData
		if v.decode(data, &p) {
			p.check(v)
			out, c.Duration = p, time.Duration(deref(p.Duration))*time.Second
			c.Question, c.Options = deref(p.Question), p.Answers
		}
	case Product:
		var p productData
		if v.decode(data, &p) {
			p.check(v)
			out = p
		}
	case Notice:
		var n noticeData
		if v.decode(data, &n) {
			n.check(v)
			out, c.Duration = n, time.Duration(deref(n.Duration))*time.Second
		}
	case Celebration:
		var cd celebrationData
		if v.decode(data, &cd) {
			cd.check(v)
			out, c.Duration = cd, time.Duration(*cd.Duration)*time.Second
		}
	case AmazonProduct:
		var a amazonData
		if v.decode(data, &a) {
			a.check(v)
			out = a
		}
	default:
		v.fail("name", "Choose one of "+strings.Join(Names, ", ")+".")
	}
	if len(v.fields) > 0 {
		return Checked{}, errs.FieldErrors("TimedMetadataValidationException", msgInvalidAction, v.fields)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the text is shown as text; keep it as sent
	if err := enc.Encode(out); err != nil {
		return Checked{}, fmt.Errorf("encode %s data: %w", name, err)
	}
	c.Data = bytes.TrimRight(buf.Bytes(), "\n")
	return c, nil
}

// QuizGrace is how long a quiz stays up after its duration (spec 7.1).
const QuizGrace = 2 * time.Second

type quizData struct {
	Question           *string  `json:"question"`
	Answers            []string `json:"answers"`
	CorrectAnswerIndex *int     `json:"correctAnswerIndex"`
	Duration           *int     `json:"duration"`
}

func (q *quizData) check(v *validator) {
	v.text("question", q.Question, 256)
	v.answers("answers", q.Answers, 3, 5, 128, "answers", "Enter a unique answer.")
	if i := q.CorrectAnswerIndex; i == nil || *i < 0 || *i >= len(q.Answers) {
		v.fail("correctAnswerIndex", msgCorrect)
	}
	v.duration("duration", q.Duration, 5, 30)
}

type pollData struct {
	Question *string  `json:"question"`
	Answers  []string `json:"answers"`
	Duration *int     `json:"duration"`
}

func (p *pollData) check(v *validator) {
	v.text("question", p.Question, 256)
	v.answers("answers", p.Answers, 2, 5, 40, "options", msgUnique)
	v.duration("duration", p.Duration, 10, 120)
}

type productData struct {
	Title       *string `json:"title"`
	Price       *string `json:"price"`
	ImageURL    *string `json:"imageUrl"`
	Description *string `json:"description"`
}

func (p *productData) check(v *validator) {
	v.text("title", p.Title, 32)
	v.text("price", p.Price, 10)
	if v.text("imageUrl", p.ImageURL, 256) && !webURL(*p.ImageURL, false) {
		v.fail("imageUrl", msgURL)
	}
	v.text("description", p.Description, 256)
}

type noticeData struct {
	Title    *string `json:"title"`
	Message  *string `json:"message"`
	Duration *int    `json:"duration"`
}

func (n *noticeData) check(v *validator) {
	v.text("title", n.Title, 24)
	v.text("message", n.Message, 256)
	v.duration("duration", n.Duration, 5, 30)
}

// CelebrationDuration is the celebration's fixed length in seconds.
const CelebrationDuration = 10

type celebrationData struct {
	Duration *int `json:"duration"`
}

func (c *celebrationData) check(v *validator) {
	if c.Duration == nil {
		d := CelebrationDuration
		c.Duration = &d
	}
	if *c.Duration != CelebrationDuration {
		v.fail("duration", msgCelebrate)
	}
}

// amazonData is the product summary the Amazon picker chose (the product
// search's item: spec 3.5). Only title and productURL are required.
type amazonData struct {
	Images       *amazonImages `json:"images"`
	Title        *string       `json:"title"`
	Price        *amazonPrice  `json:"price"`
	ProductURL   *string       `json:"productURL"`
	MerchantInfo *string       `json:"merchantInfo"`
}

type amazonImages struct {
	Large  *amazonImage `json:"large"`
	Medium *amazonImage `json:"medium"`
	Small  *amazonImage `json:"small"`
}

type amazonImage struct {
	URL string `json:"url"`
}

type amazonPrice struct {
	DisplayAmount string `json:"displayAmount"`
}

func (a *amazonData) check(v *validator) {
	v.text("title", a.Title, 200)
	if v.text("productURL", a.ProductURL, 512) && !amazonURL(*a.ProductURL) {
		v.fail("productURL", msgAmazonURL)
	}
	if a.Price != nil {
		v.maxLen("price.displayAmount", a.Price.DisplayAmount, 64)
	}
	if a.MerchantInfo != nil {
		v.maxLen("merchantInfo", *a.MerchantInfo, 128)
	}
	if a.Images != nil {
		for _, img := range []struct {
			name string
			ref  *amazonImage
		}{{"large", a.Images.Large}, {"medium", a.Images.Medium}, {"small", a.Images.Small}} {
			if img.ref != nil && (utf8.RuneCountInString(img.ref.URL) > 256 || !webURL(img.ref.URL, false)) {
				v.fail("images."+img.name+".url", msgURL)
			}
		}
	}
}

// validator collects field errors.
type validator struct{ fields map[string]string }

func (v *validator) fail(field, msg string) {
	if _, ok := v.fields[field]; !ok { // the first problem of a field is the one shown
		v.fields[field] = msg
	}
}

// decode reads data (absent or null: no fields) into dst, refusing unknown
// fields and wrong types.
func (v *validator) decode(data json.RawMessage, dst any) bool {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		data = []byte("{}")
	}
	if data[0] != '{' {
		v.fail("data", "Send the action's fields as a JSON object.")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			v.fail("data", "Send the action's fields as a JSON object.")
			return false
		}
		return true
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "data"
		}
		v.fail(field, typeMessage(typeErr.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		v.fail(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), msgUnknown)
	default:
		v.fail("data", "Send the action's fields as a JSON object.")
	}
	return false
}

// typeMessage asks for the JSON type a Go field kind decodes from.
func typeMessage(goKind string) string {
	switch goKind {
	case "string":
		return "Enter text."
	case "slice", "array":
		return "Enter a list."
	case "struct", "map", "ptr":
		return "Enter a JSON object."
	default:
		return "Enter a whole number."
	}
}

// text checks a required text field of at most limit code points; it
// reports whether the field is present and within bounds.
func (v *validator) text(field string, s *string, limit int) bool {
	if s == nil || strings.TrimSpace(*s) == "" {
		v.fail(field, msgRequired)
		return false
	}
	return v.maxLen(field, *s, limit)
}

func (v *validator) maxLen(field, s string, limit int) bool {
	if utf8.RuneCountInString(s) > limit {
		v.fail(field, msgTooLong)
		return false
	}
	return true
}

// answers checks a list of min to max required, unique texts. Unique
// ignores case and surrounding space: "Yes" and " yes" would split a tally.
func (v *validator) answers(field string, list []string, lo, hi, limit int, noun, unique string) {
	if list == nil {
		v.fail(field, msgRequired)
		return
	}
	if len(list) < lo || len(list) > hi {
		v.fail(field, fmt.Sprintf("Add %d to %d %s.", lo, hi, noun))
	}
	seen := make([]string, 0, len(list))
	for i, a := range list {
		f := field + "." + strconv.Itoa(i)
		if !v.text(f, &a, limit) {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(a))
		if slices.Contains(seen, key) {
			v.fail(f, unique)
		}
		seen = append(seen, key)
	}
}

func (v *validator) duration(field string, d *int, lo, hi int) {
	switch {
	case d == nil:
		v.fail(field, msgRequired)
	case *d < lo || *d > hi:
		v.fail(field, fmt.Sprintf("Enter a duration from %d to %d seconds.", lo, hi))
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// webURL accepts absolute http(s) URLs with a host (https only when
// secure), and nothing a browser would read differently: no spaces,
// control characters or credentials.
func webURL(s string, secure bool) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Hostname() == "" || u.Opaque != "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return !secure
	}
	return false
}

// amazonStores are the top-level domains of Amazon's stores (the product
// search's 21 marketplaces).
var amazonStores = []string{"com", "ca", "com.mx", "com.br", "co.uk", "de", "fr", "it", "es", "nl", "se", "pl",
	"com.tr", "ae", "sa", "in", "co.jp", "sg", "com.au", "eg", "com.be"}

// amazonURL accepts https links to an Amazon store (amazon.<tld> or a
// subdomain of it) on the default port: the Buy now button must not send
// viewers elsewhere.
func amazonURL(s string) bool {
	if !webURL(s, true) {
		return false
	}
	u, _ := url.Parse(s) // webURL parsed it
	if u.Port() != "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, tld := range amazonStores {
		site := "amazon." + tld
		if host == site || strings.HasSuffix(host, "."+site) {
			return true
		}
	}
	return false
}
