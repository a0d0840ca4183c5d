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

# fuzz runs each fuzz test for a short time (FUZZTIME, default 10s). Go
# 1.26's fuzzing coordinator can fail a run with "context deadline
# exceeded" when -fuzztime ends while a worker is busy (golang/go#75804,
# fixed in Go 1.27): such a failure that wrote no failing input is that
# race, and the run is repeated once; a failing input always fails.
FUZZTIME ?= 10s
fuzz:
	@grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do \
		dir=$$(dirname $$f); \
		for fn in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/func //'); do \
			echo "fuzz $$dir $$fn"; \
			for try in 1 2; do \
				before=$$(ls $$dir/testdata/fuzz/$$fn 2>/dev/null | wc -l); \
				out=$$(go test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) ./$$dir 2>&1); rc=$$?; \
				echo "$$out" | tail -3; \
				[ $$rc -eq 0 ] && break; \
				after=$$(ls $$dir/testdata/fuzz/$$fn 2>/dev/null | wc -l); \
				if [ $$try -eq 1 ] && [ "$$before" = "$$after" ] && echo "$$out" | grep -q 'context deadline exceeded'; then \
					echo "fuzz $$dir $$fn: the coordinator's deadline race (golang/go#75804), no failing input: once more"; \
					continue; \
				fi; \
				echo "$$out"; exit 1; \
			done || exit 1; \
		done; \
	done

# build makes the production binary lotse and the load tool lotse-load
# (which holds the fake Bot API, so that lotse does not).
build:
	CGO_ENABLED=0 go build -trimpath -o lotse ./cmd/lotse
	CGO_ENABLED=0 go build -trimpath -o lotse-load ./cmd/lotse-load

bench:
	go test -run '^$$' -bench . -benchmem ./...
