// The console shell's words (navigation, refusals), nb and en. Each area's pages keep their own
// words beside them (warehouse/messages.ts, finance/messages.ts, cases/messages.ts).
import type { Locale } from '@domain/types';
import type { Role } from '@domain/vocabulary';
import type { ConsoleArea, ConsolePageKey } from './pages';

export interface ConsoleMessages {
  consoleTitle: string;
  consoleLink: string;
  nav: string;
  areas: Record<ConsoleArea, string>;
  pages: Record<ConsolePageKey, string>;
  roles: Record<Role, string>;
  notAllowedHeading: string;
  notAllowed(p: { page: string; role: string; allowed: string }): string;
  notStaff: string;
  notFound: string;
  refreshed(at: string): string;
}

const en: ConsoleMessages = {
  consoleTitle: 'Staff console',
  consoleLink: 'Staff console',
  nav: 'Console pages',
  areas: { warehouse: 'Warehouse', finance: 'Finance', cases: 'Cases' },
  pages: {
    dispatch: 'Dispatch',
    receiving: 'Receiving',
    inspection: 'Inspection',
    returns: 'Incoming returns',
    stock: 'Stock',
    holds: 'Holds',
    summary: 'Summary',
    reconciliation: 'Reconciliation',
    cases: 'Find a case',
  },
  roles: { customer: 'customer', warehouse: 'warehouse', finance: 'finance', admin: 'administrator' },
  notAllowedHeading: 'Not allowed',
  notAllowed: ({ page, role, allowed }) => `“${page}” is for ${allowed}. You are signed in as ${role}, so this page is not open to you.`,
  notStaff: 'The staff console is for warehouse, finance and administrator accounts.',
  notFound: 'There is no such console page.',
  refreshed: (at) => `Updated ${at}; refreshes by itself.`,
};

const nb: ConsoleMessages = {
  consoleTitle: 'Arbeidsflate for ansatte',
  consoleLink: 'Arbeidsflate',
  nav: 'Sider i arbeidsflaten',
  areas: { warehouse: 'Lager', finance: 'Økonomi', cases: 'Saker' },
  pages: {
    dispatch: 'Utsending',
    receiving: 'Mottak',
    inspection: 'Kontroll',
    returns: 'Innkommende returer',
    stock: 'Lagerbeholdning',
    holds: 'Reservasjoner',
    summary: 'Oversikt',
    reconciliation: 'Avstemming',
    cases: 'Finn en sak',
  },
  roles: { customer: 'kunde', warehouse: 'lager', finance: 'økonomi', admin: 'administrator' },
  notAllowedHeading: 'Ikke tillatt',
  notAllowed: ({ page, role, allowed }) => `«${page}» er for ${allowed}. Du er logget inn som ${role}, så denne siden er ikke åpen for deg.`,
  notStaff: 'Arbeidsflaten er for kontoer med rollen lager, økonomi eller administrator.',
  notFound: 'Det finnes ingen slik side i arbeidsflaten.',
  refreshed: (at) => `Oppdatert ${at}; oppdateres av seg selv.`,
};

export const CONSOLE_MESSAGES: Record<Locale, ConsoleMessages> = { nb, en };
