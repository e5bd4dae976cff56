// Asks the mail server whether it holds a message, to settle a delivery a crashed worker left
// unconfirmed: its claim was recorded, but whether the final "." reached the server is unknown.
// SMTP itself cannot answer that; a server with an API can.

export interface DeliveryLookup {
  /** Whether the server has a message with this Message-ID (angle brackets optional). Throws when it cannot tell right now. */
  delivered(messageId: string): Promise<boolean>;
}

/** Mailpit's search API (`message-id:` filter): the SMTP server of `npm start`, the tests and the compose stack. */
export class MailpitDeliveryLookup implements DeliveryLookup {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async delivered(messageId: string): Promise<boolean> {
    const id = messageId.replace(/^<|>$/g, '');
    const url = new URL('/api/v1/search', this.baseUrl);
    url.searchParams.set('query', `message-id:"${id}"`);
    url.searchParams.set('limit', '1');
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`Mailpit search answered ${res.status}`);
    const body = (await res.json()) as { messages_count?: unknown; messages?: Array<{ MessageID?: unknown }> };
    return Array.isArray(body.messages) && body.messages.some((m) => m.MessageID === id);
  }
}
