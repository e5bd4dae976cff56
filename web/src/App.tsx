import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Locale } from '@domain/types';
import { fetchSession, signInHref, type Session } from './api/client';
import { useI18n } from './i18n';
import { Link, useLocation } from './router';
import { RequestPage } from './pages/RequestPage';
import { StartPage } from './pages/StartPage';
import { StatusPage } from './pages/StatusPage';
import { Console } from './console/Console';
import { CONSOLE_MESSAGES } from './console/messages';
import { isStaff } from './console/pages';
import { useWords } from './console/words';

function LanguagePicker() {
  const { lang, setLang, t } = useI18n();
  const options: Array<[Locale, string]> = [
    ['nb', 'Norsk'],
    ['en', 'English'],
  ];
  return (
    <div role="group" aria-label={t.language} className="lang">
      {options.map(([code, name]) => (
        <button key={code} type="button" lang={code} aria-pressed={lang === code} onClick={() => setLang(code)}>
          {name}
        </button>
      ))}
    </div>
  );
}

async function signOut(csrfToken: string | undefined) {
  await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin', headers: csrfToken ? { 'X-CSRF-Token': csrfToken } : {} });
  window.location.assign('/');
}

function SessionBar({ session }: { session: Session | null | undefined }) {
  const { t } = useI18n();
  const w = useWords(CONSOLE_MESSAGES);
  const here = useLocation();
  if (session === undefined) return null;
  if (session === null) return <a href={signInHref(here.pathname + here.search)}>{t.signIn}</a>;
  return (
    <div className="session">
      {isStaff(session.role) ? <Link href="/console">{w.consoleLink}</Link> : null}
      <span>{t.signedInAs(session.name || session.sub)}</span>
      {session.csrfToken ? (
        <button type="button" onClick={() => void signOut(session.csrfToken)}>
          {t.signOut}
        </button>
      ) : null}
    </div>
  );
}

function Routes({ session }: { session: Session }) {
  const { pathname, searchParams } = useLocation();
  // Staff land on their console; customers on the catalog.
  if (pathname === '/console' || pathname.startsWith('/console/') || (pathname === '/' && isStaff(session.role))) {
    return <Console session={session} pathname={pathname} searchParams={searchParams} />;
  }
  const status = /^\/replacements\/([^/]+)$/.exec(pathname);
  if (status) return <StatusPage id={decodeURIComponent(status[1])} session={session} />;
  if (pathname === '/request') return <RequestPage sku={searchParams.get('sku') ?? ''} session={session} />;
  return <StartPage />;
}

export function App() {
  const { t } = useI18n();
  const here = useLocation();
  const session = useQuery({ queryKey: ['session'], queryFn: fetchSession, staleTime: 60_000 });
  const main = useRef<HTMLElement>(null);
  // A new page moves focus to its content, so screen-reader and keyboard users start there.
  useEffect(() => main.current?.focus({ preventScroll: true }), [here.pathname]);
  return (
    <>
      <a className="skip" href="#main">
        {t.skipToContent}
      </a>
      <header>
        <Link href="/" className="brand">
          {t.appTitle}
        </Link>
        <SessionBar session={session.data} />
        <LanguagePicker />
      </header>
      <main id="main" ref={main} tabIndex={-1} className={here.pathname.startsWith('/console') ? 'wide' : undefined}>
        {session.isPending ? (
          <p role="status">{t.loading}</p>
        ) : session.isError ? (
          <p role="alert">{t.loadFailed(session.error.message)}</p>
        ) : session.data === null ? (
          <section>
            <h1>{t.appTitle}</h1>
            <p>{t.signInNeeded}</p>
            <p>
              <a className="button" href={signInHref(here.pathname + here.search)}>
                {t.signIn}
              </a>
            </p>
          </section>
        ) : (
          <Routes session={session.data} />
        )}
      </main>
    </>
  );
}
