# syntax=docker/dockerfile:1
# flic device server. Build: docker build -t flic:0.1.0 .   Run: docker run -p 50051:50051 -p 9464:9464 flic:0.1.0
# test/e2e/docker-image.test.ts rebuilds the runtime stage's files from a production install
# and runs its CMD, so keep the runtime stage to COPY, RUN npm ci, ENV, USER, EXPOSE, STOPSIGNAL, CMD.
#
# NODE_VERSION is the one place that names the image's Node.js: a current LTS line. .ci/run reads
# it and runs the whole test suite on exactly this version too (besides the machine's Node 20,
# the oldest that package.json's `engines` accepts).
ARG NODE_VERSION=26.12.1

FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds, and the sources are not copied yet (the build runs below).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-trixie-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The built server, and the .proto files it loads at start (google-proto-files comes with npm ci).
COPY --from=build /app/dist/src ./dist/src
COPY proto ./proto
# Numeric, so that Kubernetes' runAsNonRoot can verify it (uid 1000 is the image's `node` user).
USER 1000:1000
EXPOSE 50051 9464
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/server/main.js"]
