# syntax=docker/dockerfile:1
# One image for every gpuwatch program: `docker run IMAGE agent …`, `… collector …`, `… tenants …`.
#
#   docker build -t gpuwatch:0.1.0 .
#   docker run --rm gpuwatch:0.1.0 agent --help
#
# The agent needs the NVIDIA container runtime for nvidia-smi and NVML (see deploy/k8s/).

# ---- build: dev dependencies, TypeScript → dist/
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Sources only (.dockerignore keeps out tests, benchmarks, docs, node_modules and dist).
COPY . .
RUN npm run build

# ---- runtime: production dependencies and dist/ only
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# A user of its own, numeric so that Kubernetes' runAsNonRoot can verify it. (The agent's
# DaemonSet overrides it with uid 0 where it must reach the kubelet's root-only socket.)
RUN groupadd --system --gid 10001 gpuwatch \
  && useradd --system --uid 10001 --gid gpuwatch --home-dir /nonexistent --shell /usr/sbin/nologin gpuwatch
USER 10001:10001
LABEL org.opencontainers.image.title="gpuwatch" \
  org.opencontainers.image.description="Evidence of who holds export-controlled GPUs" \
  org.opencontainers.image.licenses="Apache-2.0"
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["--help"]
