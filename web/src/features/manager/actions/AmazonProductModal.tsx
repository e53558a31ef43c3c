// "Feature an Amazon product" (spec 7.7): search Amazon (debounced), sort,
// pick one of the results (the first is preselected) and show it. Pages of
// ten load as the list scrolls near its end, up to five. Closing forgets
// the search.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type UIEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button } from '../../../components/Button';
import { Input } from '../../../components/Input';
import { Modal } from '../../../components/Modal';
import { Spinner } from '../../../components/Spinner';
import { useToast } from '../../../components/Toast';
import { CheckIcon, CloseIcon } from '../../../components/icons';
import { api, isApiError } from '../../../lib/api';
import type { AmazonProductData, ProductSort } from '../../../lib/types';
import { SortIcon } from '../../../components/icons';
import { actionIcons } from './icons';

export const SORTS: readonly { value: ProductSort; label: string }[] = [
  { value: 'Relevance', label: 'Relevance' },
  { value: 'NewestArrivals', label: 'New arrivals' },
  { value: 'Price:LowToHigh', label: 'Price: Low to high' },
  { value: 'Price:HighToLow', label: 'Price: High to low' },
  { value: 'Featured', label: 'Featured' },
];

export const SEARCH_DEBOUNCE_MS = 500;
export const MAX_KEYWORDS = 150;
const MAX_PAGE = 5;
/** Within this many pixels of the list's end, the next page loads. */
const LOAD_MORE_SLACK = 120;

export interface AmazonProductModalProps {
  open: boolean;
  sending: boolean;
  onClose: () => void;
  /** Shows the product; resolves true when it started. */
  onConfirm: (product: AmazonProductData) => Promise<boolean>;
}

export function AmazonProductModal({ open, ...rest }: AmazonProductModalProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={rest.onClose} labelledBy={titleId}>
      {open && <Picker titleId={titleId} {...rest} />}
    </Modal>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

const imageOf = (p: AmazonProductData) => p.images?.medium?.url ?? p.images?.small?.url ?? p.images?.large?.url ?? null;
const sellerOf = (p: AmazonProductData) => (typeof p.merchantInfo === 'string' && p.merchantInfo.trim() ? p.merchantInfo : null);

function Picker({ titleId, sending, onClose, onConfirm }: Omit<AmazonProductModalProps, 'open'> & { titleId: string }) {
  const toast = useToast();
  const id = useId();
  const [text, setText] = useState('');
  const keyword = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const [sort, setSort] = useState<ProductSort>('Relevance');
  // The sort order before the last change, and whether the search on screen follows that change.
  const previousSort = useRef<ProductSort>('Relevance');
  const [sortChanged, setSortChanged] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [selected, setSelected] = useState(0);
  const sortButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  const query = useInfiniteQuery({
    queryKey: ['products', keyword, sort],
    queryFn: ({ pageParam }) => api.products.search(keyword, { sort, page: pageParam, ...(sortChanged ? { origin: 'sort' as const } : {}) }),
    initialPageParam: 1,
    getNextPageParam: (last, pages, lastPage) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return lastPage < MAX_PAGE && last.items.length > 0 && loaded < (last.searchCount ?? 0) ? lastPage + 1 : undefined;
    },
    enabled: keyword !== '',
    staleTime: 5 * 60_000,
    retry: false,
  });

  const items = keyword === '' ? [] : (query.data?.pages.flatMap((p) => p.items) ?? []);

  useEffect(() => {
    setSelected(0);
  }, [keyword, sort]);

  // Failures (spec 7.7): a sort change or Amazon's throttling -> "An error occurred" (the sort goes back); else "Unable to get products".
  const { isError, errorUpdatedAt, error } = query;
  useEffect(() => {
    if (!isError) return;
    const throttled = isApiError(error) && error.status === 429;
    if (sortChanged) {
      setSort(previousSort.current);
      setSortChanged(false);
    }
    toast.error(sortChanged || throttled ? 'An error occurred' : 'Unable to get products');
    // Only a new failure toasts (the other values are read as they were then).
  }, [isError, errorUpdatedAt]);

  // A sort change that loaded is done: the next pages are plain loads.
  const { isSuccess, isFetching } = query;
  useEffect(() => {
    if (isSuccess && !isFetching) setSortChanged(false);
  }, [isSuccess, isFetching]);

  const chooseSort = (value: ProductSort) => {
    setMenuOpen(false);
    sortButton.current?.focus();
    if (value === sort) return;
    previousSort.current = sort;
    setSort(value);
    setSortChanged(true);
  };

  useEffect(() => {
    if (!menuOpen) return;
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !sortButton.current?.contains(t)) setMenuOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [menuOpen]);

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const options = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? []);
    const at = options.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      // The menu's, not the modal's.
      e.nativeEvent.stopPropagation();
      setMenuOpen(false);
      sortButton.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      options[(at + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length]?.focus();
    } else if (e.key === 'Tab') {
      setMenuOpen(false);
    }
  };

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - LOAD_MORE_SLACK && query.hasNextPage && !query.isFetchingNextPage) {
      void query.fetchNextPage();
    }
  };

  const choice = items[selected] ?? null;
  const confirm = async () => {
    if (!choice || sending) return;
    if (await onConfirm(choice)) onClose();
  };

  const searching = keyword !== '' && query.isPending && query.fetchStatus !== 'idle';
  let body;
  if (text.trim() === '' && keyword === '') body = <p className="amazon-picker__empty">Search for a product</p>;
  else if (searching || (text.trim() !== keyword && items.length === 0)) body = <Spinner size={32} label="Searching" className="amazon-picker__spinner" />;
  else if (items.length === 0) body = <p className="amazon-picker__empty">{query.isError ? 'Unable to get products' : 'No results for your search'}</p>;
  else {
    body = (
      <ul className="amazon-picker__list" role="radiogroup" aria-labelledby={`${id}-results`}>
        {items.map((p, i) => {
          const image = imageOf(p);
          return (
            <li key={`${p.productURL}-${i}`}>
              <label className={`amazon-item${i === selected ? ' amazon-item--selected' : ''}`}>
                <span className="amazon-item__image">
                  {image ? <img src={image} alt="" loading="lazy" /> : <actionIcons.amazon_product size={24} />}
                </span>
                <span className="amazon-item__text">
                  <span className="amazon-item__title">{p.title}</span>
                  <span className="amazon-item__price">{p.price?.displayAmount || 'Price not available'}</span>
                  <span className="amazon-item__seller">{sellerOf(p) ?? 'Seller name not available'}</span>
                </span>
                <input
                  type="radio"
                  className="amazon-item__radio"
                  name={`${id}-product`}
                  checked={i === selected}
                  onChange={() => setSelected(i)}
                  aria-label={p.title}
                />
              </label>
            </li>
          );
        })}
        {query.isFetchingNextPage && (
          <li className="amazon-picker__more">
            <Spinner size={24} label="Loading more products" />
          </li>
        )}
      </ul>
    );
  }

  return (
    <div className="action-modal action-modal--amazon">
      <header className="action-modal__header">
        <h2 id={titleId}>Feature an Amazon product</h2>
        <button type="button" className="action-modal__close" aria-label="Close" onClick={onClose}>
          <CloseIcon size={20} />
        </button>
      </header>
      <div className="amazon-picker">
        <div className="amazon-picker__search">
          <Input
            label="Enter keywords or ASIN"
            hideLabel
            type="search"
            placeholder="Enter keywords or ASIN"
            maxLength={MAX_KEYWORDS}
            className="amazon-picker__input"
            value={text}
            data-autofocus
            onChange={(e) => {
              setText(e.currentTarget.value);
              setSortChanged(false);
            }}
          />
          <div className="amazon-picker__sort tooltip-host">
            <button
              ref={sortButton}
              type="button"
              className="amazon-picker__sort-button"
              aria-label="Sort by"
              aria-haspopup="menu"
              aria-expanded={menuOpen}
              aria-controls={menuOpen ? `${id}-sort` : undefined}
              onClick={() => setMenuOpen((o) => !o)}
            >
              <SortIcon size={20} />
            </button>
            {!menuOpen && (
              <span className="tooltip" aria-hidden="true">
                Sort by
              </span>
            )}
            {menuOpen && (
              <ul ref={menu} id={`${id}-sort`} className="amazon-picker__menu" role="menu" aria-label="Sort by" onKeyDown={onMenuKey}>
                {SORTS.map((s) => (
                  <li key={s.value} role="none">
                    <button
                      type="button"
                      role="menuitemradio"
                      aria-checked={s.value === sort}
                      tabIndex={s.value === sort ? 0 : -1}
                      onClick={() => chooseSort(s.value)}
                    >
                      {s.label}
                      {s.value === sort && <CheckIcon size={16} />}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        <h3 id={`${id}-results`} className="amazon-picker__title">
          Results
        </h3>
        <div className="amazon-picker__results" onScroll={onScroll}>
          {body}
        </div>
      </div>
      <footer className="action-modal__footer">
        <Button variant="tertiary" className="action-modal__cancel" onClick={onClose}>
          Cancel
        </Button>
        <div className="action-modal__commit">
          <Button disabled={!choice} loading={sending} onClick={() => void confirm()}>
            Show product
          </Button>
        </div>
      </footer>
    </div>
  );
}
