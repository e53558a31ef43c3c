package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/onair/onair/internal/health"
)

// Headers of a delivery.
const (
	HeaderID        = "Onair-Webhook-Id"
	HeaderTimestamp = "Onair-Webhook-Timestamp"
	HeaderSignature = "Onair-Webhook-Signature"
)

// Payload is the JSON body POSTed for one stream event.
type Payload struct {
	// ID is the delivery's id, the same on every attempt.
	ID        string       `json:"id"`
	Type      string       `json:"type"`
	ChannelID string       `json:"channelId"`
	StreamID  string       `json:"streamId"`
	Event     health.Event `json:"event"`
	Attempt   int          `json:"attempt"`
}

// Sign is the signature header value of body sent at timestamp (Unix
// seconds): "v1=" and the hex HMAC-SHA256 of "<timestamp>.<body>".
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// job is one event for one endpoint.
type job struct {
	hook       Webhook
	deliveryID string
	payload    Payload
}

// worker delivers one endpoint's events, one at a time, in order.
type worker struct {
	queue  chan job
	cancel context.CancelFunc
}

// Run dispatches recorded events to per-endpoint workers until ctx ends,
// then stops the workers and waits for them. Queued events are dropped.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer func() {
		s.mu.Lock()
		for id, w := range s.workers {
			w.cancel()
			delete(s.workers, id)
		}
		s.mu.Unlock()
		wg.Wait()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case n := <-s.incoming:
			s.dispatch(ctx, &wg, n)
		}
	}
}

func (s *Service) dispatch(ctx context.Context, wg *sync.WaitGroup, n notice) {
	hooks, err := s.repo.ChannelWebhooks(ctx, n.ch)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("load webhooks; events not delivered", "channel_id", n.ch, "err", err)
		}
		return
	}
	for _, h := range hooks {
		w := s.workerFor(ctx, wg, h.ID)
		for _, e := range n.events {
			j := job{hook: h, deliveryID: "whd-" + randomHex(12), payload: Payload{
				Type: "stream.event", ChannelID: string(n.ch), StreamID: string(n.session), Event: e,
			}}
			j.payload.ID = j.deliveryID
			select {
			case w.queue <- j:
			default:
				s.dropped.Add(1)
				s.log.Warn("webhook queue full; event dropped", "webhook_id", h.ID, "channel_id", n.ch, "event", e.Name)
			}
		}
	}
}

// workerFor returns the endpoint's worker, starting it on first use.
func (s *Service) workerFor(ctx context.Context, wg *sync.WaitGroup, id ID) *worker {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.workers[id]; ok {
		return w
	}
	wctx, cancel := context.WithCancel(ctx)
	w := &worker{queue: make(chan job, s.cfg.QueueSize), cancel: cancel}
	s.workers[id] = w
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-wctx.Done():
				return
			case j := <-w.queue:
				s.deliver(wctx, j)
			}
		}
	}()
	return w
}

// deliver tries one event until the endpoint answers 2xx or the attempts
// run out, waiting RetryBaseDelay, then twice as long, between attempts.
func (s *Service) deliver(ctx context.Context, j job) {
	delay := s.cfg.RetryBaseDelay
	for attempt := 1; attempt <= s.cfg.Attempts; attempt++ {
		if attempt > 1 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			delay *= 2
		}
		status, err := s.post(ctx, j, attempt)
		if ctx.Err() != nil {
			return // shutting down, or the endpoint was deleted
		}
		a := Attempt{WebhookID: j.hook.ID, DeliveryID: j.deliveryID, Event: j.payload.Event.Name,
			Attempt: attempt, StatusCode: status, Time: s.now().UTC()}
		if err != nil {
			a.Error = describe(err)
		}
		if lerr := s.repo.AddAttempt(ctx, a); lerr != nil && ctx.Err() == nil {
			s.log.Warn("write webhook delivery log", "webhook_id", j.hook.ID, "err", lerr)
		}
		if err == nil && status >= 200 && status < 300 {
			return
		}
	}
	s.log.Warn("webhook delivery failed after every attempt", "webhook_id", j.hook.ID,
		"delivery_id", j.deliveryID, "endpoint", redactURL(j.hook.URL), "attempts", s.cfg.Attempts)
}

// post sends one attempt and returns the answer's status.
func (s *Service) post(ctx context.Context, j job, attempt int) (int, error) {
	p := j.payload
	p.Attempt = attempt
	body, err := json.Marshal(p)
	if err != nil {
		return 0, fmt.Errorf("encode payload: %w", err)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.hook.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Onair-Webhook/1")
	req.Header.Set(HeaderID, j.deliveryID)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(j.hook.Secret, ts, body))
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	return resp.StatusCode, nil
}

// describe is an attempt's error for the delivery log, without the URL.
func describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, errRefusedAddress):
		return "refused: the endpoint resolved to a private or local address"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return "timeout"
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}
