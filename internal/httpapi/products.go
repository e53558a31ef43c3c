package httpapi

import (
	"net/http"
	"strconv"

	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/product"
)

var errProductsOff = errs.NotFound("NotFoundException", "The Amazon product stream action is not enabled on this server.")

// searchProducts backs the Amazon product picker (spec 3.5, 7.7).
func (s *Server) searchProducts(_ http.ResponseWriter, r *http.Request, c *call) (any, error) {
	if s.products == nil {
		return nil, errProductsOff
	}
	q := r.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, product.ErrPage
		}
		page = n
	}
	own, err := s.ch.Ensure(r.Context(), c.user.ID)
	if err != nil {
		return nil, err
	}
	// The affiliate tag is the channel id plus the region code; trackingId
	// itself stays the bare channel id (spec 15, quirk 2).
	tag := string(own.ID)
	if s.cfg.ProductLinkRegionCode != "" {
		tag += "-" + s.cfg.ProductLinkRegionCode
	}
	res, err := s.products.Search(r.Context(), product.Query{Keywords: r.PathValue("keywords"), Sort: q.Get("sort"),
		Page: page, Language: q.Get("language"), TrackingID: tag})
	if err != nil {
		return nil, product.ForOrigin(err, q.Get("origin"))
	}
	return res, nil
}
