// Package mail sends Onair's emails: by SMTP when configured, otherwise to
// the log and, in development mode, to an in-memory mailbox shown at
// /dev/mailbox.
package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Message is one email. Links lists the action links in the body so the
// development mailbox (and tests) can offer them directly.
type Message struct {
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
	HTML    string    `json:"html"`
	Links   []string  `json:"links"`
	SentAt  time.Time `json:"sentAt"`
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// LogSender writes each message's recipient, subject and links to the log.
// It is the fallback when no SMTP server is configured, so an operator can
// still hand out verification links.
type LogSender struct {
	Log *slog.Logger
}

func (s LogSender) Send(_ context.Context, m Message) error {
	s.Log.Info("mail not sent by SMTP (none configured); logged instead",
		"to", m.To, "subject", m.Subject, "links", m.Links)
	return nil
}

// Mailbox keeps the most recent messages in memory for /dev/mailbox.
type Mailbox struct {
	Max int

	mu       sync.Mutex
	messages []Message // newest first
}

// NewMailbox returns a mailbox keeping up to max messages.
func NewMailbox(max int) *Mailbox { return &Mailbox{Max: max} }

func (b *Mailbox) Send(_ context.Context, m Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.messages = append([]Message{m}, b.messages...)
	if len(b.messages) > b.Max {
		b.messages = b.messages[:b.Max]
	}
	return nil
}

// Messages returns the stored messages, newest first.
func (b *Mailbox) Messages() []Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Message, len(b.messages))
	copy(out, b.messages)
	return out
}

// Multi sends to every sender in turn and returns the first error.
type Multi []Sender

func (m Multi) Send(ctx context.Context, msg Message) error {
	for _, s := range m {
		if err := s.Send(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}
