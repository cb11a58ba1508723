# syntax=docker/dockerfile:1
# Build: docker build -t sshblog .
# Run:   docker run -p 2222:2222 -v "$PWD/content:/content:ro" -v sshblog-keys:/hostkeys sshblog
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/sshblog ./cmd/sshblog \
 && mkdir -p /out/hostkeys

FROM scratch
COPY --from=build /out/sshblog /sshblog
# The host key folder must be writable by the unprivileged user; the key is
# generated there on first start. Mount a volume to keep it across restarts.
COPY --from=build --chown=65532:65532 /out/hostkeys /hostkeys
COPY --from=build /src/content /content
USER 65532:65532
ENV SSHBLOG_LISTEN=:2222 SSHBLOG_CONTENT=/content SSHBLOG_HOSTKEYS=/hostkeys
VOLUME ["/content", "/hostkeys"]
EXPOSE 2222
ENTRYPOINT ["/sshblog"]
