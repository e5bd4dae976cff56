// A bare Express app with one route, started the same way as the API (tsx, its own process), so
// the API's latency can be set beside what Express and the loopback cost alone.
import express from 'express';

const port = Number(process.env.BENCH_NOOP_PORT);
const app = express();
app.disable('x-powered-by');
app.get('/bench-noop', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(port, '127.0.0.1', () => process.stdout.write(`BENCH_READY {"port":${port}}\n`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
