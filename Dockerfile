# Multi-stage build: a static binary on distroless, running as nonroot.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/lotse ./cmd/lotse

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/lotse /usr/local/bin/lotse
USER nonroot:nonroot
EXPOSE 8080 9090
ENTRYPOINT ["lotse"]
CMD ["serve"]
