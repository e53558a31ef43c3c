// Product and Amazon product (spec 7.5): image, price, title. A product has
// "Buy now" and "Learn more" (a modal with the description); neither buys
// anything (Onair has no shop behind them), so they tell the viewer so. An
// Amazon product has a single "Buy now" opening the product page.
import { useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { CloseIcon } from '../../components/icons';
import { CartIcon } from '../../components/icons';
import { OverlayRoot, safeUrl, type ActionOf } from './OverlayRoot';
import type { Shown } from './timing';

/** What "Buy now" and "Add to cart" of a streamer's own product say: there is no shop behind them. */
export const NO_SHOP_MESSAGE = 'Purchases are not available on this channel yet';
export const PRICE_FALLBACK = 'Price not available';

function ProductImage({ url, title }: { url: string | null; title: string }) {
  const [failed, setFailed] = useState(false);
  if (!url || failed) return <div className="product__image product__image--empty" aria-hidden="true" />;
  return <img className="product__image" src={url} alt={title} onError={() => setFailed(true)} />;
}

export function ProductCard({ shown, action, color }: { shown: Shown; action: ActionOf<'product'>; color: string }) {
  const { title, price, imageUrl, description } = action.data;
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const id = useId();
  const image = safeUrl(imageUrl);
  const noShop = () => toast.info(NO_SHOP_MESSAGE);
  return (
    <OverlayRoot shown={shown} className="product" color={color}>
      <ProductImage url={image} title={title} />
      <div className="product__body">
        <p className="product__price">{price}</p>
        <h3 className="product__title">{title}</h3>
        <div className="product__actions">
          <button type="button" className="overlay-button overlay-button--primary" onClick={noShop}>
            Buy now
          </button>
          <button type="button" className="overlay-button" onClick={() => setOpen(true)} aria-haspopup="dialog">
            Learn more
          </button>
        </div>
      </div>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy={`${id}-title`} describedBy={`${id}-desc`}>
        <div className="product-details">
          <button type="button" className="product-details__close" aria-label="Close" onClick={() => setOpen(false)}>
            <CloseIcon size={18} />
          </button>
          <ProductImage url={image} title={title} />
          <h3 id={`${id}-title`} className="product-details__title">
            {title}
          </h3>
          <p className="product-details__price">{price}</p>
          <p id={`${id}-desc`} className="product-details__description">
            {description}
          </p>
          <div className="product-details__actions">
            <Button onClick={noShop}>Buy now</Button>
            <Button variant="secondary" onClick={noShop}>
              Add to cart
            </Button>
          </div>
        </div>
      </Modal>
    </OverlayRoot>
  );
}

export function AmazonProductCard({ shown, action, color }: { shown: Shown; action: ActionOf<'amazon_product'>; color: string }) {
  const { title, price, productURL, images } = action.data;
  const image = safeUrl(images?.large?.url ?? images?.medium?.url ?? images?.small?.url);
  const href = safeUrl(productURL);
  return (
    <OverlayRoot shown={shown} className="product product--amazon" color={color}>
      <ProductImage url={image} title={title} />
      <div className="product__body">
        <p className="product__price">{price?.displayAmount || PRICE_FALLBACK}</p>
        <h3 className="product__title">{title}</h3>
        <div className="product__actions">
          {href ? (
            <a className="overlay-button overlay-button--primary" href={href} target="_blank" rel="noopener noreferrer">
              <CartIcon />
              Buy now
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          ) : (
            <button type="button" className="overlay-button overlay-button--primary" disabled>
              <CartIcon />
              Buy now
            </button>
          )}
        </div>
      </div>
    </OverlayRoot>
  );
}
