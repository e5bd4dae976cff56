// The embedded default's sign-in page: pick a role and a name, no password. Served only when the
// service runs with the development secret outside production (see sign-in.ts).
import { ROLES, type Locale, type Role } from '../domain/vocabulary';

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXT: Record<Locale, { title: string; intro: string; role: string; name: string; submit: string; other: string; roles: Record<Role, string> }> = {
  nb: {
    title: 'Logg inn (utvikling)',
    intro: 'Denne siden finnes bare i utviklingsoppsettet. Velg en rolle og skriv et navn; det trengs ikke passord.',
    role: 'Rolle',
    name: 'Navn',
    submit: 'Logg inn',
    other: 'English',
    roles: { customer: 'Kunde', warehouse: 'Lager', finance: 'Økonomi', admin: 'Administrator' },
  },
  en: {
    title: 'Sign in (development)',
    intro: 'This page exists only in the development setup. Pick a role and type a name; no password is needed.',
    role: 'Role',
    name: 'Name',
    submit: 'Sign in',
    other: 'Norsk',
    roles: { customer: 'Customer', warehouse: 'Warehouse', finance: 'Finance', admin: 'Administrator' },
  },
};

export function devSignInPage(lang: Locale, returnTo: string): string {
  const t = TEXT[lang];
  const other: Locale = lang === 'nb' ? 'en' : 'nb';
  const otherHref = `/auth/sign-in?lang=${other}&returnTo=${encodeURIComponent(returnTo)}`;
  const options = ROLES.map((r) => `<option value="${r}">${html(t.roles[r])}</option>`).join('');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(t.title)}</title>
<style>
  body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f6f6f4; }
  main { max-width: 26rem; margin: 3rem auto; padding: 1.5rem; background: #fff; border: 1px solid #c8c8c4; border-radius: 8px; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  select, input, button { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; border: 1px solid #6b6b66; border-radius: 4px; }
  button { margin-top: 1.5rem; background: #1d4ed8; color: #fff; border-color: #1d4ed8; cursor: pointer; }
  a { color: #1d4ed8; }
  :focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${html(t.title)}</h1>
<p>${html(t.intro)}</p>
<form method="post" action="/auth/dev-sign-in">
<input type="hidden" name="returnTo" value="${html(returnTo)}">
<label for="role">${html(t.role)}</label>
<select id="role" name="role" required>${options}</select>
<label for="name">${html(t.name)}</label>
<input id="name" name="name" required maxlength="100" autocomplete="name">
<button type="submit">${html(t.submit)}</button>
</form>
<p><a href="${html(otherHref)}" lang="${other}" hreflang="${other}">${html(t.other)}</a></p>
</main>
</body>
</html>
`;
}

/** A refused sign-in, for a browser that navigated here (the API's problem details are in English). */
export function signInRefusedPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>
  body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f6f6f4; }
  main { max-width: 32rem; margin: 3rem auto; padding: 1.5rem; background: #fff; border: 1px solid #c8c8c4; border-radius: 8px; }
  a { color: #1d4ed8; }
  :focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${html(title)}</h1>
<p>${html(detail)}</p>
<p><a href="/auth/sign-in">Sign in again</a> · <a href="/" lang="nb" hreflang="nb">Til forsiden</a></p>
</main>
</body>
</html>
`;
}
