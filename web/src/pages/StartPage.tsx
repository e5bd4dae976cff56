import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n';
import { Link } from '../router';

export const useCatalog = () => useQuery({ queryKey: ['catalog'], queryFn: async () => unwrap(await api.GET('/v1/catalog')), staleTime: 30_000 });

export function StartPage() {
  const { t, money } = useI18n();
  const catalog = useCatalog();
  return (
    <section aria-labelledby="start-heading">
      <h1 id="start-heading">{t.start.heading}</h1>
      <p>{t.start.intro}</p>
      {catalog.isPending ? <p role="status">{t.loading}</p> : null}
      {catalog.isError ? <p role="alert">{t.loadFailed(catalog.error.message)}</p> : null}
      <ul className="products">
        {catalog.data?.items.map((item) => (
          <li key={item.sku} className="product">
            <h2>{item.name}</h2>
            <dl>
              <dt>{t.start.holdAmount}</dt>
              <dd>{money(item.holdAmount)}</dd>
            </dl>
            <p className={item.availability.shipsImmediately ? 'avail in' : 'avail out'}>
              <span aria-hidden="true">{item.availability.shipsImmediately ? '✓ ' : '⏳ '}</span>
              {item.availability.shipsImmediately ? t.start.shipsNow : t.start.waiting(item.availability.waitingRequests)}
            </p>
            <p className="hint">{t.start.returnWindow(item.returnWindow.days, item.returnWindow.kind === 'business_days')}</p>
            <Link className="button" href={`/request?sku=${encodeURIComponent(item.sku)}`}>
              {t.start.choose(item.name)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
