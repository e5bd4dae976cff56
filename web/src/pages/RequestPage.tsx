import { useMutation } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { osloInstant } from '@domain/calendar';
import { COVERAGES, SERVICE_LEVELS, type Coverage, type Locale, type ServiceLevel } from '@domain/vocabulary';
import { api, ApiProblem, type CatalogItem, type CreateBody, type Replacement, type Session } from '../api/client';
import { usePortalConfig } from '../api/portal-config';
import { CardError } from '../card/card-step';
import { CardStep } from '../card/CardStep';
import { confirmWithStripe, withReturnUrl } from '../card/next-action';
import { checkBeforeCard, type Verdict } from '../eligibility';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { errorId, Field, FieldError } from './Field';
import { useCatalog } from './StartPage';
import { newIdempotencyKey } from '../api/idempotency';

interface Form {
  serialNumber: string;
  purchaseDate: string;
  issueDescription: string;
  coverage: Coverage;
  serviceLevel: ServiceLevel;
  email: string;
  locale: Locale;
  name: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  paymentMethodId: string;
  acceptTerms: boolean;
}

/** The API's error paths (`shippingAddress.postalCode`) → the form's field ids. */
const FIELD_OF_PATH: Record<string, keyof Form> = {
  'shippingAddress.name': 'name',
  'shippingAddress.line1': 'line1',
  'shippingAddress.line2': 'line2',
  'shippingAddress.postalCode': 'postalCode',
  'shippingAddress.city': 'city',
  'shippingAddress.country': 'country',
  'shippingAddress.phone': 'phone',
};
const fieldOf = (path: string): string => FIELD_OF_PATH[path] ?? path;

const newKey = newIdempotencyKey;

function bodyOf(sku: string, f: Form): CreateBody {
  return {
    sku,
    serialNumber: f.serialNumber,
    purchaseDate: f.purchaseDate,
    issueDescription: f.issueDescription,
    coverage: f.coverage,
    serviceLevel: f.serviceLevel,
    paymentMethodId: f.paymentMethodId,
    email: f.email,
    locale: f.locale,
    shippingAddress: {
      name: f.name,
      line1: f.line1,
      ...(f.line2.trim() ? { line2: f.line2 } : {}),
      postalCode: f.postalCode,
      city: f.city,
      country: f.country,
      ...(f.phone.trim() ? { phone: f.phone } : {}),
    },
    acceptTerms: f.acceptTerms as true,
  };
}

type Outcome = { kind: 'declined' | 'ineligible'; reason: string } | null;

export function RequestPage({ sku, session }: { sku: string; session: Session }) {
  const { t } = useI18n();
  const catalog = useCatalog();
  if (catalog.isPending) return <p role="status">{t.loading}</p>;
  if (catalog.isError) return <p role="alert">{t.loadFailed(catalog.error.message)}</p>;
  const item = catalog.data.items.find((i) => i.sku === sku);
  if (!item) {
    return (
      <section>
        <p role="alert">{t.request.unknownProduct}</p>
        <Link href="/">{t.request.back}</Link>
      </section>
    );
  }
  return <RequestForm item={item} session={session} />;
}

function RequestForm({ item, session }: { item: CatalogItem; session: Session }) {
  const { t, lang, money, date } = useI18n();
  const [form, setForm] = useState<Form>({
    serialNumber: '',
    purchaseDate: '',
    issueDescription: '',
    coverage: 'warranty',
    serviceLevel: 'standard',
    email: '',
    locale: lang,
    name: session.name,
    line1: '',
    line2: '',
    postalCode: '',
    city: '',
    country: 'NO',
    phone: '',
    paymentMethodId: '',
    acceptTerms: false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const key = useRef(newKey());
  const prepareCard = useRef<(() => Promise<string>) | null>(null);
  const portal = usePortalConfig();
  const summary = useRef<HTMLDivElement>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const verdict: Verdict | null = useMemo(
    () => (/^\d{4}-\d{2}-\d{2}$/.test(form.purchaseDate) ? checkBeforeCard(item, form.purchaseDate, form.coverage, Date.now()) : null),
    [item, form.purchaseDate, form.coverage],
  );
  const day = (d: string | null) => (d ? date(osloInstant(d, 12)) : null);
  const whyNot =
    verdict && !verdict.eligible
      ? (t.eligibility[verdict.code]?.({
          ...verdict,
          endsOn: day(verdict.endsOn) ?? '',
          consumerLawEndsOn: day(verdict.consumerLawEndsOn),
          product: item.name,
        }) ?? verdict.code)
      : null;

  const create = useMutation({
    mutationFn: async (body: CreateBody) => {
      const r = await api.POST('/v1/replacements', { body, params: { header: { 'Idempotency-Key': key.current, Prefer: 'wait=10' } } });
      if (!r.response.ok) throw new ApiProblem(r.response.status, (r.error ?? {}) as ApiProblem['problem']);
      return r.data as Replacement | { id: string; status: Replacement['status'] };
    },
    onSuccess: (data) => {
      if (data.status === 'declined' || data.status === 'ineligible') {
        const view = data as Replacement;
        const reason = (data.status === 'declined' ? view.declineReason : view.ineligibleReason) ?? '';
        key.current = newKey();
        setOutcome({ kind: data.status, reason });
        requestAnimationFrame(() => summary.current?.focus());
        return;
      }
      const statusPath = `/replacements/${encodeURIComponent(data.id)}`;
      const next = 'hold' in data ? data.hold.nextAction : undefined;
      // The bank's (or the sandbox's) confirmation page, which sends the customer back to the status page.
      if (next?.url) return window.location.assign(withReturnUrl(next.url, statusPath));
      const publishableKey = portal.data?.payments.publishableKey;
      if (next?.clientSecret && publishableKey) {
        // The status page follows the outcome (the webhook's); a challenge that could not start is offered there again.
        void confirmWithStripe(publishableKey, next.clientSecret, lang)
          .catch(() => undefined)
          .finally(() => navigate(statusPath));
        return;
      }
      navigate(statusPath);
    },
    onError: (err) => {
      const fieldErrors: Record<string, string> = {};
      if (err instanceof ApiProblem) for (const e of err.problem.errors ?? []) fieldErrors[fieldOf(e.path)] ??= e.message;
      setErrors(fieldErrors);
      requestAnimationFrame(() => summary.current?.focus());
    },
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    setErrors({});
    let paymentMethodId = form.paymentMethodId;
    if (prepareCard.current) {
      try {
        paymentMethodId = await prepareCard.current();
      } catch (err) {
        setErrors({ paymentMethodId: (err instanceof CardError && err.message) || t.card.stripeFailed });
        requestAnimationFrame(() => summary.current?.focus());
        return;
      }
    }
    create.mutate(bodyOf(item.sku, { ...form, paymentMethodId }));
  };

  const hold = money(item.holdAmount);
  const business = item.returnWindow.kind === 'business_days';
  const problem = create.error instanceof ApiProblem ? create.error : null;
  const generalError = problem && !problem.problem.errors?.length ? problem.message : null;
  const errorCount = Object.keys(errors).length;
  const text = (k: keyof Form, label: string, opts: { hint?: string; type?: string; autoComplete?: string } = {}) => (
    <Field id={k} label={label} hint={opts.hint} error={errors[k]}>
      {(p) => (
        <input
          {...p}
          name={k}
          type={opts.type ?? 'text'}
          autoComplete={opts.autoComplete}
          value={String(form[k])}
          onChange={(e) => set(k, e.target.value as never)}
        />
      )}
    </Field>
  );

  return (
    <section aria-labelledby="request-heading">
      <h1 id="request-heading">{t.request.heading(item.name)}</h1>
      <div ref={summary} tabIndex={-1} className="summary">
        {outcome ? (
          <div role="alert" className="notice bad">
            <p>{outcome.kind === 'declined' ? t.request.declined(outcome.reason) : t.request.ineligible(outcome.reason)}</p>
          </div>
        ) : null}
        {errorCount > 0 ? (
          <div role="alert" className="notice bad">
            <p>{t.request.fixErrors(errorCount)}</p>
            <ul>
              {Object.entries(errors).map(([field, message]) => (
                <li key={field}>
                  <a href={`#${field}`}>{message}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {generalError ? (
          <div role="alert" className="notice bad">
            <p>{generalError}</p>
          </div>
        ) : null}
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t.request.device}</legend>
          {text('serialNumber', t.request.serialNumber, { hint: t.request.serialHint })}
          <Field id="purchaseDate" label={t.request.purchaseDate} hint={t.request.purchaseHint} error={errors.purchaseDate ?? whyNot ?? undefined}>
            {(p) => <input {...p} name="purchaseDate" type="date" value={form.purchaseDate} onChange={(e) => set('purchaseDate', e.target.value)} />}
          </Field>
          <Field id="coverage" label={t.request.coverage} error={errors.coverage}>
            {(p) => (
              <select {...p} name="coverage" value={form.coverage} onChange={(e) => set('coverage', e.target.value as Coverage)}>
                {COVERAGES.filter((c) => c !== 'plan' || item.planAvailable).map((c) => (
                  <option key={c} value={c}>
                    {t.coverages[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="issueDescription" label={t.request.issue} error={errors.issueDescription}>
            {(p) => (
              <textarea {...p} name="issueDescription" rows={3} value={form.issueDescription} onChange={(e) => set('issueDescription', e.target.value)} />
            )}
          </Field>
          <Field id="serviceLevel" label={t.request.serviceLevel} error={errors.serviceLevel}>
            {(p) => (
              <select {...p} name="serviceLevel" value={form.serviceLevel} onChange={(e) => set('serviceLevel', e.target.value as ServiceLevel)}>
                {SERVICE_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t.serviceLevels[l]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t.request.contact}</legend>
          {text('email', t.request.email, { type: 'email', autoComplete: 'email' })}
          <Field id="locale" label={t.request.language} error={errors.locale}>
            {(p) => (
              <select {...p} name="locale" value={form.locale} onChange={(e) => set('locale', e.target.value as Locale)}>
                <option value="nb">Norsk</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t.request.address}</legend>
          {text('name', t.request.name, { autoComplete: 'name' })}
          {text('line1', t.request.line1, { autoComplete: 'address-line1' })}
          {text('line2', t.request.line2, { autoComplete: 'address-line2' })}
          {text('postalCode', t.request.postalCode, { autoComplete: 'postal-code' })}
          {text('city', t.request.city, { autoComplete: 'address-level2' })}
          {text('country', t.request.country, { autoComplete: 'country' })}
          {text('phone', t.request.phone, { type: 'tel', autoComplete: 'tel' })}
        </fieldset>
        {whyNot ? (
          <div className="notice bad" aria-live="polite">
            <p>
              <strong>{t.request.notEligible}.</strong> {t.request.notEligibleNote}
            </p>
          </div>
        ) : (
          <>
            <CardStep
              value={form.paymentMethodId}
              onChange={(id) => set('paymentMethodId', id)}
              amount={item.holdAmount}
              prepare={prepareCard}
              invalid={!!errors.paymentMethodId}
              errorId={errorId('paymentMethodId')}
            />
            {errors.paymentMethodId ? <FieldError id={errorId('paymentMethodId')} message={errors.paymentMethodId} /> : null}
            <section aria-labelledby="terms-heading" className="terms">
              <h2 id="terms-heading">{t.request.terms}</h2>
              <ul>
                {t.request
                  .termsList({
                    hold,
                    returnWindow: t.start.returnWindow(item.returnWindow.days, business),
                    lateFee: money(item.fees.lateReturnFee),
                    examinationFee: money(item.fees.examinationFee),
                    outOfWarrantyFee: money(item.fees.outOfWarrantyFee),
                  })
                  .map((line) => (
                    <li key={line}>{line}</li>
                  ))}
              </ul>
              <p className="hold-statement">
                <strong>{t.request.holdStatement(hold)}</strong>
              </p>
              <div className={errors.acceptTerms ? 'field invalid' : 'field'}>
                <label className="choice">
                  <input
                    type="checkbox"
                    id="acceptTerms"
                    name="acceptTerms"
                    checked={form.acceptTerms}
                    onChange={(e) => set('acceptTerms', e.target.checked)}
                    aria-describedby={errors.acceptTerms ? errorId('acceptTerms') : undefined}
                    aria-invalid={errors.acceptTerms ? true : undefined}
                  />
                  {t.request.acceptTerms}
                </label>
                {errors.acceptTerms ? <FieldError id={errorId('acceptTerms')} message={errors.acceptTerms} /> : null}
              </div>
            </section>
            <button type="submit" className="primary" disabled={create.isPending}>
              {create.isPending ? t.request.submitting : t.request.submit}
            </button>
          </>
        )}
      </form>
    </section>
  );
}
