# Deep Learning Fundamentals: the two commands are `make book` and `make test`.
# Each one sets up what it needs first (virtual environment, vendored JS).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
COLAB_VENV := .venv-colab
COLAB_PY := $(COLAB_VENV)/bin/python
NOTEBOOKS := $(sort $(wildcard chapters/*.ipynb))
DLCORE_SRC := $(shell find dlcore -name '*.py')
NBVAL := -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=300
PORT ?= 8000
# The Python the lock was resolved for, and the tools that pin the environments.
PYTHON_VERSION := 3.11
PIP_VERSION := 26.3
UV_VERSION := 0.13.9

# Every hidden claim in a chapter raises when false here (dlcore.claims); a learner's own
# session, with nothing set, gets a friendly note instead.
export DLCORE_STRICT := 1

# Floating-point streams. A training outcome depends on the CPU kernels torch and numpy pick
# and on the thread count, so every notebook runs under two streams in `make test`: the
# machine's own (STREAM, for nbval and the book) and another (COLAB_STREAM, for the Colab pass).
# Run any target under another one with e.g. `make nb NB=chapters/01_neurons.ipynb STREAM=scalar`.
STREAM ?= native
COLAB_STREAM ?= alt
ONE_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# One level below the machine's best kernels: AVX2 where AVX-512 is native, else the portable ones.
ALT_ATEN := $(if $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo y),avx2,default)
STREAM_native :=
STREAM_alt := ATEN_CPU_CAPABILITY=$(ALT_ATEN) OPENBLAS_CORETYPE=Haswell \
	NPY_DISABLE_CPU_FEATURES="AVX512_ICL AVX512_SPR X86_V4" $(ONE_THREAD)
STREAM_scalar := ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Sandybridge \
	NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" $(ONE_THREAD)
$(foreach s,$(STREAM) $(COLAB_STREAM),$(if $(filter $(s),native alt scalar),,$(error unknown stream '$(s)': use native, alt or scalar)))
RUN := env $(STREAM_$(STREAM))
COLAB_RUN := env $(STREAM_$(COLAB_STREAM))

.PHONY: book test serve unit hygiene nbval book-strict browser test-colab nb venv lock set-home clean help

help:
	@echo "make book        build the website into _build/html (executes notebooks, cached)"
	@echo "make test        run every test: unit, hygiene, nbval, strict build, browser, Colab stack"
	@echo "make serve       serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make nb NB=chapters/01_neurons.ipynb   run one notebook under nbval"
	@echo "        add STREAM=alt or STREAM=scalar to run under other CPU kernels and one thread"
	@echo "make lock        re-resolve requirements*.txt into the requirements*.lock files"
	@echo "make set-home URL=https://github.com/OWNER/REPO   set the course's home everywhere"

# --- setup -----------------------------------------------------------------
# The environments are built from the lock files alone, which pin every package.
# A stamp is rebuilt whenever its lock or pyproject.toml changes, so a stale
# environment is recreated rather than patched.
CHECK_PYTHON = @$(PYTHON) -c "import sys; v = '%d.%d' % sys.version_info[:2]; \
	sys.exit(0 if v == '$(PYTHON_VERSION)' else 'The environments are locked for Python $(PYTHON_VERSION), ' \
	'but $(PYTHON) is Python ' + v + '. Install Python $(PYTHON_VERSION) and run make PYTHON=python$(PYTHON_VERSION) ...')"

$(VENV)/.stamp: requirements.lock pyproject.toml
	$(CHECK_PYTHON)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(COLAB_VENV)/.stamp: requirements-colab.lock pyproject.toml
	$(CHECK_PYTHON)
	rm -rf $(COLAB_VENV)
	$(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(COLAB_PY) -m pip install --quiet -r requirements-colab.lock
	# Not editable and with dependency resolution, as the install cell does: this proves
	# dlcore installs next to ipywidgets 7.7.1 without upgrading it, as it must in Colab.
	$(COLAB_PY) -m pip install --quiet ".[data,torch]"
	$(COLAB_PY) -c "import ipywidgets, sys; v = ipywidgets.__version__; sys.exit(0 if v == '7.7.1' else 'dlcore upgraded ipywidgets to ' + v)"
	touch $@

# The Colab environment holds a real (non-editable) install of dlcore: refresh it
# whenever dlcore's source changes, without rebuilding the whole environment.
$(COLAB_VENV)/.dlcore-stamp: $(COLAB_VENV)/.stamp $(DLCORE_SRC)
	$(COLAB_PY) -m pip install --quiet --no-deps --force-reinstall .
	touch $@

# jupyter-cache re-executes a notebook only when its code cells change. A change to dlcore or
# to the environment must re-execute every chapter too, or the book would show old outputs:
# the marker's name is a hash of those files, and a new hash clears the cache.
CACHE_KEY := $(shell (cat requirements.lock pyproject.toml $(sort $(DLCORE_SRC)); echo $(STREAM)) | sha1sum | cut -c1-12)
CACHE_MARK := _build/.cache-key-$(CACHE_KEY)
$(CACHE_MARK):
	rm -rf _build/.jupyter_cache _build/.cache-key-*
	mkdir -p _build
	touch $@

_vendor/.stamp: tools/vendor.py
	$(PYTHON) tools/vendor.py --out _vendor
	touch $@

venv: $(VENV)/.stamp

# Re-resolve the environments. uv writes every transitive pin; the CUDA runtime that PyPI's
# torch wheel pulls in is left out, because the CPU build needs none of it and on a GPU
# machine torch's own metadata pins it exactly.
LOCK_VENV := .venv-lock
lock:
	$(CHECK_PYTHON)
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet uv==$(UV_VERSION); }
	for req in requirements requirements-colab; do \
	  $(LOCK_VENV)/bin/uv pip compile $$req.txt --python-version $(PYTHON_VERSION) --universal --quiet \
	    -o $$req.lock && $(PYTHON) tools/lock.py $$req.lock || exit 1; \
	done

set-home:
	@test -n "$(URL)" || { echo "usage: make set-home URL=https://github.com/OWNER/REPO"; exit 2; }
	$(PYTHON) tools/home.py set $(URL)

# --- the two commands --------------------------------------------------------
book: $(VENV)/.stamp _vendor/.stamp $(CACHE_MARK)
	$(RUN) $(VENV)/bin/jupyter-book build . --builder html

test: unit hygiene nbval book-strict browser test-colab
	@echo "make test: all checks passed"

# --- the parts of `make test` ------------------------------------------------
# -rs lists every skipped test and why (under CI=true a missing torch fails instead); the
# docstring examples run as tests/test_doctests.py. `make unit UNIT_PY=other/venv/bin/python`
# runs the same against another environment, for example one without torch.
UNIT_PY ?= $(PY)
unit: $(VENV)/.stamp
	$(UNIT_PY) -m pytest -p no:cacheprovider -q -rs tests --ignore=tests/browser --ignore=tests/test_hygiene.py
	$(UNIT_PY) -m mypy dlcore

hygiene: $(VENV)/.stamp
	$(PY) -m pytest -p no:cacheprovider -q tests/test_hygiene.py

nbval: $(VENV)/.stamp
	$(RUN) $(PY) -m pytest $(NBVAL) $(NOTEBOOKS)

# A fresh Sphinx environment (--all) so every warning is emitted again; notebook
# execution still comes from the jupyter-cache, so unchanged chapters don't rerun.
book-strict: $(VENV)/.stamp _vendor/.stamp $(CACHE_MARK)
	$(RUN) $(VENV)/bin/jupyter-book build . --builder html --all -W --keep-going

# The browser tests read the strictly built site, so `make browser` alone and `make -j test` both work.
browser: book-strict
	$(PY) -m pytest -p no:cacheprovider -q tests/browser

test-colab: export PYDEVD_DISABLE_FILE_VALIDATION = 1
test-colab: $(COLAB_VENV)/.dlcore-stamp
	$(COLAB_RUN) $(COLAB_PY) -m pytest $(NBVAL) $(NOTEBOOKS)
	$(COLAB_PY) -m pytest -p no:cacheprovider -q tests/test_widgets.py tests/test_check.py

nb: $(VENV)/.stamp
	$(RUN) $(PY) -m pytest $(NBVAL) $(NB)

serve:
	@test -d _build/html || { echo "No site yet: run 'make book' first."; exit 1; }
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

clean:
	rm -rf _build _vendor $(LOCK_VENV)
