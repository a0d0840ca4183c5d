# make test and make lint are what CI runs (.ci/run).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: test lint fuzz build bench

test:
	go test -race -count=1 ./...

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go vet ./...
	go run $(STATICCHECK) ./...
	go run ./cmd/lotse lint

# fuzz runs each fuzz test for a short time (FUZZTIME, default 10s).
FUZZTIME ?= 10s
fuzz:
	@grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do \
		dir=$$(dirname $$f); \
		for fn in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/func //'); do \
			echo "fuzz $$dir $$fn"; \
			go test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) ./$$dir || exit 1; \
		done; \
	done

# build makes the production binary lotse and the load tool lotse-load
# (which holds the fake Bot API, so that lotse does not).
build:
	CGO_ENABLED=0 go build -trimpath -o lotse ./cmd/lotse
	CGO_ENABLED=0 go build -trimpath -o lotse-load ./cmd/lotse-load

bench:
	go test -run '^$$' -bench . -benchmem ./...
