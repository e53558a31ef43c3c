package httpapi

import (
	"net/http"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/webhook"
)

// Webhooks act on the caller's own endpoints only: another user's id is
// not found.

func (s *Server) listWebhooks(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	list, err := s.webhooks.List(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	out := api.WebhookList{Webhooks: make([]api.Webhook, len(list))}
	for i, w := range list {
		out.Webhooks[i] = api.Webhook{ID: string(w.ID), URL: w.URL, CreatedAt: w.CreatedAt}
	}
	return out, nil
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request, c *call) (any, error) {
	var req api.WebhookRequest
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	h, err := s.webhooks.Create(r.Context(), c.user.ID, req.URL)
	if err != nil {
		return nil, err
	}
	return api.CreatedWebhook{ID: string(h.ID), URL: h.URL, Secret: h.Secret, CreatedAt: h.CreatedAt}, nil
}

func (s *Server) deleteWebhook(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	return nil, s.webhooks.Delete(r.Context(), c.user.ID, webhook.ID(r.PathValue("id")))
}

func (s *Server) webhookDeliveries(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	log, err := s.webhooks.Deliveries(r.Context(), c.user.ID, webhook.ID(r.PathValue("id")))
	if err != nil {
		return nil, err
	}
	out := api.WebhookDeliveries{Deliveries: make([]api.WebhookDelivery, len(log))}
	for i, a := range log {
		out.Deliveries[i] = api.WebhookDelivery{DeliveryID: a.DeliveryID, Event: a.Event, Attempt: a.Attempt,
			StatusCode: a.StatusCode, Error: a.Error, Time: a.Time}
	}
	return out, nil
}
