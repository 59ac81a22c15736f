# The Zentrale feature server (server/) for docker/compose.yaml: `zentrale start` with
# ZENTRALE_DRACHTIO and ZENTRALE_FREESWITCH set, so it starts neither embedded engine and talks to
# the drachtio-server and FreeSWITCH containers. Build context: the repository root
# (docker compose -f docker/compose.yaml build); docker/feature-server.Dockerfile.dockerignore
# keeps node_modules, data and .git out of it.

# Dependencies, with a compiler at hand in case a native addon (better-sqlite3, argon2) has no
# prebuilt binary for this platform. Production dependencies only: tsx and esbuild, which
# bin/zentrale.js needs at run time (bin/bundle.js), are among them.
FROM node:20-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/zentrale
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /opt/zentrale
COPY --from=deps /opt/zentrale/node_modules ./node_modules
COPY . .
# Build the esbuild bundle bin/zentrale.js runs from (node_modules/.cache/zentrale) now, so the
# code stays root-owned and read-only for the user that runs it; and the data directory, owned by
# that user (a new named volume mounted there takes over its owner).
RUN node bin/zentrale.js --help > /dev/null \
 && ls node_modules/.cache/zentrale/*/main.js > /dev/null \
 && install -d -o node -g node -m 0750 /var/lib/zentrale
ENV ZENTRALE_DATA_DIR=/var/lib/zentrale
USER node
# The flags of cli/daemon-flags.ts, as in `npm start`.
CMD ["node", "--max-semi-space-size=64", "bin/zentrale.js", "start"]
