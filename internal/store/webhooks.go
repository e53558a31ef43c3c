package store

import (
	"context"
	"fmt"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/webhook"
)

// Webhooks implements webhook.Repo.
type Webhooks struct{ db *DB }

// Webhooks returns the webhook repository.
func (db *DB) Webhooks() *Webhooks { return &Webhooks{db: db} }

var _ webhook.Repo = (*Webhooks)(nil)

// deliveryLogKeep bounds each endpoint's stored log; older attempts are
// pruned as new ones arrive.
const deliveryLogKeep = 500

func (r *Webhooks) CreateWebhook(ctx context.Context, w webhook.Webhook) error {
	_, err := r.db.w.ExecContext(ctx, `INSERT INTO webhooks (id, user_id, url, secret, created_at) VALUES ($1, $2, $3, $4, $5)`,
		w.ID, w.UserID, w.URL, w.Secret, ms(w.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert webhook: %w", err)
	}
	return nil
}

func (r *Webhooks) Webhooks(ctx context.Context, user account.UserID) ([]webhook.Webhook, error) {
	return r.list(ctx, `SELECT id, user_id, url, secret, created_at FROM webhooks WHERE user_id = $1 ORDER BY created_at, id`, user)
}

func (r *Webhooks) ChannelWebhooks(ctx context.Context, ch channel.ID) ([]webhook.Webhook, error) {
	return r.list(ctx, `SELECT w.id, w.user_id, w.url, w.secret, w.created_at
		FROM webhooks w JOIN channels c ON c.user_id = w.user_id
		WHERE c.id = $1 ORDER BY w.created_at, w.id`, ch)
}

func (r *Webhooks) list(ctx context.Context, query string, arg any) ([]webhook.Webhook, error) {
	rows, err := r.db.r.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, fmt.Errorf("list webhooks: %w", err)
	}
	defer rows.Close()
	out := []webhook.Webhook{}
	for rows.Next() {
		var w webhook.Webhook
		var at int64
		if err := rows.Scan(&w.ID, &w.UserID, &w.URL, &w.Secret, &at); err != nil {
			return nil, fmt.Errorf("scan webhook: %w", err)
		}
		w.CreatedAt = fromMS(at)
		out = append(out, w)
	}
	return out, rows.Err()
}

func (r *Webhooks) DeleteWebhook(ctx context.Context, user account.UserID, id webhook.ID) error {
	res, err := r.db.w.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1 AND user_id = $2`, id, user)
	if err != nil {
		return fmt.Errorf("delete webhook %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete webhook %s: %w", id, err)
	} else if n == 0 {
		return webhook.ErrNotFound
	}
	return nil
}

// AddAttempt logs one attempt; an endpoint deleted meanwhile is not an
// error (its log went with it).
func (r *Webhooks) AddAttempt(ctx context.Context, a webhook.Attempt) error {
	_, err := r.db.w.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, delivery_id, event, attempt, status_code, error, created_at)
		SELECT id, $2, $3, $4, $5, $6, $7 FROM webhooks WHERE id = $1`,
		a.WebhookID, a.DeliveryID, a.Event, a.Attempt, a.StatusCode, a.Error, ms(a.Time))
	if err != nil {
		return fmt.Errorf("log webhook attempt: %w", err)
	}
	_, err = r.db.w.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE webhook_id = $1 AND seq <= (
		SELECT seq FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)`, a.WebhookID, deliveryLogKeep)
	if err != nil {
		return fmt.Errorf("prune webhook log: %w", err)
	}
	return nil
}

func (r *Webhooks) Attempts(ctx context.Context, user account.UserID, id webhook.ID, limit int) ([]webhook.Attempt, error) {
	var n int
	if err := r.db.r.QueryRowContext(ctx, `SELECT count(*) FROM webhooks WHERE id = $1 AND user_id = $2`, id, user).Scan(&n); err != nil {
		return nil, fmt.Errorf("find webhook %s: %w", id, err)
	}
	if n == 0 {
		return nil, webhook.ErrNotFound
	}
	rows, err := r.db.r.QueryContext(ctx, `SELECT delivery_id, event, attempt, status_code, error, created_at
		FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("delivery log of %s: %w", id, err)
	}
	defer rows.Close()
	out := []webhook.Attempt{}
	for rows.Next() {
		a := webhook.Attempt{WebhookID: id}
		var at int64
		if err := rows.Scan(&a.DeliveryID, &a.Event, &a.Attempt, &a.StatusCode, &a.Error, &at); err != nil {
			return nil, fmt.Errorf("scan delivery: %w", err)
		}
		a.Time = fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
