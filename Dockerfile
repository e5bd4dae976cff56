# One image for the API and the worker (the compose file picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY worker ./worker
COPY db ./db
COPY web ./web
COPY scripts/web-build.js ./scripts/
# Compiles TypeScript, prebuilds the workflow bundle (dist/workflow-bundle.js) and builds the
# customer portal (web/dist).
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# Migrations are applied at start-up (under an advisory lock) by whichever process starts first.
COPY --from=build /app/db ./db
COPY package.json ./
USER node
CMD ["node", "dist/src/api/server.js"]
