# Shortcuts over CMake. `make run` and `make test` are the two Quick-start commands:
# each installs missing Debian packages, builds, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

# For `make test`: what to put before ctest (environment settings) and after it (a filter).
TEST_ENV ?=
CTEST_ARGS ?=

.PHONY: deps configure build run test asan tsan bench clean

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

# Without RECGRAD_ML100K the MovieLens floors are skipped: ctest lists them, and the
# banner after it says so, so that a green run cannot be mistaken for a checked one.
test: build
	cd $(BUILD) && $(TEST_ENV) ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)
	@if [ -z "$$RECGRAD_ML100K" ]; then \
	  echo "****************************************************************************"; \
	  echo "* SKIPPED: the MovieLens 100K quality floors (RECGRAD_ML100K is not set).    *"; \
	  echo "* Set RECGRAD_ML100K=path/to/ml-100k (data/download_movielens.sh ml-100k) to  *"; \
	  echo "* run them; .ci/run does.                                                   *"; \
	  echo "****************************************************************************"; \
	fi

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECGRAD_SANITIZE=ON -DRECGRAD_BUILD_BENCH=OFF"

# The suites that train and score models, under ThreadSanitizer (its own tree: TSan and
# ASan cannot share one). GCC's OpenMP runtime is invisible to TSan, hence one OpenMP
# thread by default and the suppressions: tests/tsan.supp explains both. Left out, as
# they either choose thread counts of their own (kernels, data) or take minutes under
# TSan while running on one thread anyway (quality, files: 9 minutes; the HNSW test:
# 3.5 minutes, and hnswlib's per-node locks draw lock-order reports from it; the eval test
# over every model and split kind and the baseline beside every model, serial checks the
# other two builds run: 2 minutes each under TSan).
TSAN_SUITES = autodiff|optim|models|layers|training|use
tsan:
	$(MAKE) test BUILD=build-tsan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECGRAD_TSAN=ON -DRECGRAD_BUILD_BENCH=OFF" \
	  TEST_ENV="OMP_NUM_THREADS=1 TSAN_OPTIONS='suppressions=$(CURDIR)/tests/tsan.supp'" \
	  CTEST_ARGS="-R '^($(TSAN_SUITES)):' -E 'HNSW index|every split kind|stands beside the registry'"

bench: build
	./$(BUILD)/bench_kernels
	for m in $$(./$(BUILD)/recgrad models --names --gradient); do ./$(BUILD)/recgrad bench --model $$m --json || exit 1; done
	./$(BUILD)/bench_topk
	./$(BUILD)/bench_hnsw --items 100000

clean:
	rm -rf build build-asan build-tsan
