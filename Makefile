# vreglink — entry points. `make demo` and `make test` install what is missing, build, and run.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=

.PHONY: all deps configure build test demo bench fuzz-smoke install format clean sanitize

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DVREGLINK_WERROR=ON $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo $(BUILD)

bench: build
	@$(BUILD)/bench/vreglink-bench --benchmark_counters_tabular=true
	@$(BUILD)/bench/vreglink-dump-bench
	@$(BUILD)/bench/vreglink-dbus-bench
	@$(BUILD)/bench/vreglink-mqtt-bench
	@$(BUILD)/bench/vreglink-capture-bench
	@bench/dissector_same_count.sh $(BUILD)

# Address/UB sanitizer build of everything, then the whole suite under it.
sanitize:
	@$(MAKE) test BUILD=build-asan BUILD_TYPE=Debug CMAKE_ARGS=-DVREGLINK_SANITIZE=ON

FUZZ_SECONDS ?= 20
fuzz-smoke: deps
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_CXX_COMPILER=clang++ -DVREGLINK_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target fuzzers
	@scripts/fuzz-smoke build-fuzz $(FUZZ_SECONDS)

install: build
	@cmake --install $(BUILD)

format:
	@find src apps tests bench fuzz -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	@rm -rf build build-asan build-fuzz
