# herald: common commands. See README.md.
#   make run     install deps, build, run herald (demo newsroom when no sources)
#   make test    install deps, build, run the whole test suite (what CI runs)
#   make build   Release build only -> build/herald
#   make asan    ASan/UBSan build + tests (build-asan/)
#   make fuzz    build the libFuzzer targets with clang and run each briefly
#   make bench   build and run the benchmarks (outside `make test`)

JOBS        ?= $(shell nproc)
BUILD       ?= build
ARGS        ?=
FUZZ_SECONDS ?= 30

.PHONY: deps build run test unit asan fuzz bench clean

deps:
	@bash scripts/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DHERALD_TESTS=ON >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

run: deps build
	./$(BUILD)/herald run $(ARGS)

# The whole suite: unit + end-to-end (real SQLite, loopback HTTP, Chromium),
# then the sanitizer build, then a time-boxed fuzz pass.
test: deps
	@bash scripts/test.sh

unit: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

asan:
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS)

fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

bench:
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DHERALD_BENCH=ON -DHERALD_TESTS=OFF >/dev/null
	@cmake --build build-bench -j$(JOBS) --target herald_bench
	./build-bench/bench/herald_bench

clean:
	rm -rf build build-asan build-bench build-fuzz
