# syntax=docker/dockerfile:1
# district: the four services and the `district` CLI in one image (docs/OPERATIONS.md).
#
#   docker build -t district .                                   # the runtime image, built from source
#   docker build --target integration-tests -t district-integration-tests .
#
# Base images are build arguments, so that the same file builds with no registry from local
# images (scripts/containers makes one with debootstrap), and BINARIES chooses where the
# executables come from:
#   BINARIES=build  (default) compiled in the `build` stage on SWIFT_IMAGE;
#   BINARIES=host   taken from .build-containers/stage/ in the build context, built on a Debian 12
#                   host by scripts/compose-test (`swift build -c release --static-swift-stdlib`,
#                   and the debug test bundle for the integration-tests stage); the `build` stage
#                   is then skipped and SWIFT_IMAGE is never pulled.
# Both paths end in the same `runtime` and `integration-tests` stages. With podman/buildah 4.3,
# pass --build-arg BINARIES=… explicitly: it does not apply the default below to the FROM that
# names the stage (docker-compose.yml always passes it).
ARG SWIFT_IMAGE=docker.io/library/swift:6.1-bookworm
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim
ARG BINARIES=build
# The executables the image carries; scripts/check-compose checks docker-compose.yml against it.
ARG PRODUCTS="indicators land-clearance finance gateway district"

# ---- build: release executables (Swift runtime linked statically; DWARF stripped, symbols kept
# for backtraces).
FROM ${SWIFT_IMAGE} AS build
ARG PRODUCTS
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libprotobuf-c-dev zlib1g-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN set -eu; mkdir -p /out/bin; \
    for product in $PRODUCTS; do swift build -c release --static-swift-stdlib --product "$product"; done; \
    bin=$(swift build -c release --show-bin-path); \
    for product in $PRODUCTS; do cp "$bin/$product" /out/bin/; done; \
    strip --strip-debug /out/bin/*

# ---- build-tests: the debug test bundle, only for the integration-tests target (a build of the
# runtime image skips it).
FROM build AS build-tests
RUN swift build --build-tests && scripts/stage-test-bundle /out/tests

# ---- where the binaries come from: /out/bin (executables) and /out/tests (test bundle + libraries).
FROM scratch AS binaries-build
COPY --from=build /out/bin/ /out/bin/
FROM scratch AS binaries-host
COPY .build-containers/stage/bin/ /out/bin/
FROM binaries-${BINARIES} AS binaries
FROM scratch AS tests-build
COPY --from=build-tests /out/tests/ /out/tests/
FROM scratch AS tests-host
COPY .build-containers/stage/tests/ /out/tests/
FROM tests-${BINARIES} AS tests

# ---- runtime: a slim Debian, libprotobuf-c1 and zlib1g, a non-root user (uid and gid 10001),
# the executables.
FROM ${RUNTIME_IMAGE} AS runtime
ARG PRODUCTS
RUN set -eu; \
    if [ "$(dpkg-query -W -f='${db:Status-Status} ' libprotobuf-c1 zlib1g 2>/dev/null)" != "installed installed " ]; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libprotobuf-c1 zlib1g; \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 district; \
    useradd --system --uid 10001 --gid district --home-dir /var/lib/district --no-create-home \
      --shell /usr/sbin/nologin district; \
    mkdir -p /var/lib/district; \
    chown district:district /var/lib/district
COPY --from=binaries /out/bin/ /usr/local/bin/
RUN set -eu; for product in $PRODUCTS; do \
      [ -x "/usr/local/bin/$product" ] || { echo "the image lacks the executable $product" >&2; exit 1; }; \
    done; \
    district --help >/dev/null
USER district
WORKDIR /var/lib/district
ENV DISTRICT_DATA_DIR=/var/lib/district
EXPOSE 7100 7101 7102 7103
CMD ["district", "--help"]

# ---- integration-tests: the runtime plus the test bundle and the Swift libraries it links;
# seeds the demo into the stack and runs Tests/IntegrationTests against the DISTRICT_*_ADDR it is given.
FROM runtime AS integration-tests
COPY --from=tests /out/tests/ /opt/district-tests/
COPY deploy/run-integration-tests /usr/local/bin/district-integration-tests
CMD ["district-integration-tests"]
