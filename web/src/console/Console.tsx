// The staff console: a navigation of the pages the signed-in role may open, and the page at the
// path. A page the role may not open says so in words (the API refuses it as well).
import { useEffect, type ComponentType } from 'react';
import type { Session } from '../api/client';
import { useI18n } from '../i18n';
import { Link, redirect } from '../router';
import { CasesPage } from './cases';
import { HoldsPage, ReconciliationPage, SummaryPage } from './finance';
import { CONSOLE_MESSAGES } from './messages';
import type { ConsolePageProps } from './page-props';
import { CONSOLE_PAGES, homeFor, isStaff, mayOpen, pageAt, type ConsolePage, type ConsolePageKey } from './pages';
import { DispatchPage, InspectionPage, ReceivingPage, ReturnsPage, StockPage } from './warehouse';
import { useWords } from './words';

const COMPONENTS: Record<ConsolePageKey, ComponentType<ConsolePageProps>> = {
  dispatch: DispatchPage,
  receiving: ReceivingPage,
  inspection: InspectionPage,
  returns: ReturnsPage,
  stock: StockPage,
  holds: HoldsPage,
  summary: SummaryPage,
  reconciliation: ReconciliationPage,
  cases: CasesPage,
};

function ConsoleNav({ session, current }: { session: Session; current: ConsolePage | undefined }) {
  const w = useWords(CONSOLE_MESSAGES);
  const areas = [...new Set(CONSOLE_PAGES.filter((p) => mayOpen(p, session.role)).map((p) => p.area))];
  return (
    <nav aria-label={w.nav} className="console-nav">
      {areas.map((area) => (
        <div key={area} className="console-nav-area">
          <span className="console-nav-title">{w.areas[area]}</span>
          <ul>
            {CONSOLE_PAGES.filter((p) => p.area === area && mayOpen(p, session.role)).map((p) => (
              <li key={p.key}>
                <Link href={p.path} aria-current={current?.key === p.key ? 'page' : undefined}>
                  {w.pages[p.key]}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function NotAllowed({ page, session }: { page: ConsolePage; session: Session }) {
  const w = useWords(CONSOLE_MESSAGES);
  const { lang } = useI18n();
  const allowed = new Intl.ListFormat(lang === 'nb' ? 'nb' : 'en', { type: 'disjunction' }).format(page.roles.map((r) => w.roles[r]));
  return (
    <section aria-labelledby="not-allowed" className="not-allowed">
      <h1 id="not-allowed">{w.notAllowedHeading}</h1>
      <p role="alert">{w.notAllowed({ page: w.pages[page.key], role: w.roles[session.role], allowed })}</p>
    </section>
  );
}

/** Paths that stand for the role's first page: the site's root (for staff) and the console's own. */
const LANDING = /^\/(console\/?)?$/;

export function Console({ session, pathname, searchParams }: { session: Session; pathname: string; searchParams: URLSearchParams }) {
  const w = useWords(CONSOLE_MESSAGES);
  const home = isStaff(session.role) ? homeFor(session.role) : undefined;
  // Staff who sign in on `/` or open `/console` land on their first page, with its address in the bar.
  useEffect(() => {
    if (home && LANDING.test(pathname)) redirect(home.path);
  }, [home, pathname]);
  if (!isStaff(session.role)) {
    return (
      <section aria-labelledby="not-allowed" className="not-allowed">
        <h1 id="not-allowed">{w.notAllowedHeading}</h1>
        <p role="alert">{w.notStaff}</p>
      </section>
    );
  }
  const page = pageAt(pathname) ?? (LANDING.test(pathname) ? home : undefined);
  let content;
  if (!page) content = <p role="alert">{w.notFound}</p>;
  else if (!mayOpen(page, session.role)) content = <NotAllowed page={page} session={session} />;
  else {
    const Page = COMPONENTS[page.key];
    content = <Page session={session} pathname={pathname} searchParams={searchParams} />;
  }
  return (
    <div className="console">
      <ConsoleNav session={session} current={page} />
      <div className="console-page">{content}</div>
    </div>
  );
}
