import { createServer } from '@vue-storefront/middleware';

import { config } from '../middleware.config';

const { MIDDLEWARE_ALLOWED_ORIGINS = 'http://localhost:3000', MIDDLEWARE_PORT = '4000' } = process.env;

async function main() {
  const app = await createServer(config, {
    cors: {
      origin: MIDDLEWARE_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()),
      credentials: true,
    },
  });

  const port = Number(MIDDLEWARE_PORT);
  const host = process.argv[2] ?? '0.0.0.0';

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  app.listen(port, host, () => {
    console.log(`Alokai middleware listening on ${host}:${port}`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
