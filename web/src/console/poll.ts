// How often an open console page reads its data again, so a list stays current while staff work.
export const CONSOLE_POLL_MS = 5000;
