// Served in place of https://js.stripe.com/…/stripe.js, which this machine cannot reach: the part
// of Stripe.js's documented surface the portal uses (Stripe(), elements({ mode: 'payment', … }),
// create('payment'), mount, on('ready'), submit, createPaymentMethod, handleNextAction), with a
// visible card field whose value picks the payment method id. Every call is recorded on
// window.__stripeCalls for the test to check what the portal asked of Stripe.
(function () {
  const calls = (window.__stripeCalls = []);
  window.Stripe = function Stripe(publishableKey, options) {
    calls.push({ call: 'Stripe', publishableKey, options });
    let input;
    const elements = {
      create(type, createOptions) {
        calls.push({ call: 'create', type, options: createOptions });
        const handlers = {};
        return {
          on(event, handler) {
            handlers[event] = handler;
          },
          mount(host) {
            const label = document.createElement('label');
            label.textContent = 'Card number (stand-in)';
            input = document.createElement('input');
            input.name = 'stand-in-card';
            label.appendChild(input);
            host.appendChild(label);
            setTimeout(() => handlers.ready && handlers.ready({}), 0);
          },
          destroy() {},
        };
      },
      async submit() {
        calls.push({ call: 'submit' });
        if (!input || !input.value) return { error: { type: 'validation_error', message: 'Your card number is incomplete.' } };
        return {};
      },
    };
    return {
      elements(elementsOptions) {
        calls.push({ call: 'elements', options: elementsOptions });
        return elements;
      },
      async createPaymentMethod(params) {
        calls.push({ call: 'createPaymentMethod', hasElements: params && params.elements === elements });
        // The sandbox behind the API knows its test cards by these ids, as Stripe's test mode does.
        return { paymentMethod: { id: input.value.trim() } };
      },
      async handleNextAction(params) {
        calls.push({ call: 'handleNextAction', clientSecret: params.clientSecret });
        return { paymentIntent: { status: 'requires_capture' } };
      },
    };
  };
  window.Stripe.version = 'endive';
})();
