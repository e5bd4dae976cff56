import type { Session } from '../api/client';

/** What every console page gets: who is signed in and the path below the page's own (for sub-pages). */
export interface ConsolePageProps {
  session: Session;
  /** The path as opened, e.g. `/console/cases/RMA-…`. */
  pathname: string;
  searchParams: URLSearchParams;
}
