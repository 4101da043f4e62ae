# Shortcuts over CMake. `make run` and `make test` are the two Quick-start commands:
# each installs missing Debian packages, builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps configure build run test asan bench clean

deps:
	@./scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The main job: logistic MF on the built-in synthetic data, its test metrics and a
# few users' top-5 lists.
run: build
	./$(BUILD)/recgrad train

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECGRAD_SANITIZE=ON -DRECGRAD_BUILD_BENCH=OFF"

bench: build
	./$(BUILD)/bench_kernels
	./$(BUILD)/recgrad bench --model mf --json
	./$(BUILD)/recgrad bench --model lmf --json
	./$(BUILD)/recgrad bench --model bpr --json
	./$(BUILD)/recgrad bench --model fm --json
	./$(BUILD)/recgrad bench --model hybrid --json
	./$(BUILD)/recgrad bench --model widedeep --json
	./$(BUILD)/recgrad bench --model softmax --json
	./$(BUILD)/bench_topk
	./$(BUILD)/bench_hnsw --items 100000

clean:
	rm -rf build build-asan
