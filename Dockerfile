# syntax=docker/dockerfile:1
# Countersign as a container: the same steps as test/package/pack.test.ts (npm pack,
# which builds first; then an install with production dependencies only), in stages
# so the image holds neither the sources nor the compilers.

# 1. Build and pack.
FROM node:20-slim AS pack
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: there are no sources to build yet, and packing builds them (prepare).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json README.md ./
COPY src ./src
COPY manifests ./manifests
COPY scripts/bundle-cli.mjs ./scripts/
RUN npm pack --pack-destination /pack

# 2. Install the package with production dependencies only (better-sqlite3 compiles here).
FROM node:20-slim AS install
WORKDIR /opt/countersign
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY --from=pack /pack/countersign-*.tgz /tmp/
RUN echo '{ "name": "countersign-image", "version": "1.0.0", "private": true }' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/countersign-*.tgz

# 3. Run: no compilers, no sources, not root.
FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 PATH=/opt/countersign/node_modules/.bin:$PATH
COPY --from=install /opt/countersign /opt/countersign
WORKDIR /srv/countersign
RUN mkdir -p data && chown -R node:node /srv/countersign
USER node
# SQLite database, generated secrets and the playground token live here (unused with DATABASE_URL=postgres://…).
VOLUME ["/srv/countersign/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["countersign", "start"]
