# 青川区退役军人事务局门户 — every command a developer needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
MESSAGES := locale/zh_Hans/LC_MESSAGES/django.mo

.DEFAULT_GOAL := help
.PHONY: help install demo serve proxy migrate test test-fast test-browser api-docs lint format check bench reindex process-search-queue clean

help: ## 列出所有命令 / list every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-22s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（找不到 $(PYTHON)）"; exit 1; }
	@test -x $(PY) || $(PYTHON) tools/bootstrap_venv.py $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	@touch $(STAMP)

$(MESSAGES): locale/zh_Hans/LC_MESSAGES/django.po | $(STAMP)
	$(PY) tools/compile_messages.py

install: $(STAMP) $(MESSAGES) ## 创建虚拟环境并安装依赖 / create the virtualenv and install
	@echo "依赖已安装。"

proxy: $(STAMP) ## 本机用随仓库的 nginx 配置提供 https://127.0.0.1:8443/（需先启动 gunicorn） / run deploy/nginx locally
	$(PY) deploy/local_proxy.py

migrate: $(STAMP) $(MESSAGES) ## 执行数据库迁移 / apply migrations
	$(MANAGE) migrate --noinput

demo: migrate ## 载入演示内容并启动门户 http://127.0.0.1:8000 / run the portal with demo content
	$(MANAGE) load_demo_content
	@echo "门户地址：http://$(HOST):$(PORT)/  管理后台：http://$(HOST):$(PORT)/admin/"
	@echo "后台账号：admin / $${DEMO_ADMIN_PASSWORD:-Qingchuan@2026}（编辑 bianji、审核 shenhe，密码相同）"
	$(MANAGE) runserver $(HOST):$(PORT)

serve: migrate ## 仅启动门户（不载入演示内容） / serve without loading demo content
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP) $(MESSAGES) ## 运行全部测试（默认 SQLite；设置 DATABASE_URL 用 PostgreSQL） / run every test
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(STAMP) $(MESSAGES) ## 运行除浏览器测试外的测试 / tests without the browser
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: $(STAMP) $(MESSAGES) ## 仅运行浏览器测试（需要 /usr/bin/chromium） / browser tests only
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

api-docs: $(STAMP) $(MESSAGES) ## 用真实请求重新生成 docs/api.md / regenerate the API examples
	UPDATE_API_DOCS=1 $(BIN)/pytest tests/test_api_docs.py -q

lint: $(STAMP) ## ruff 检查（含复杂度 C90）、格式、依赖、应用间导入与类型检查 / lint, format, dependencies, imports, types
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) tools/check_dependencies.py
	$(PY) tools/check_imports.py
	$(BIN)/mypy

format: $(STAMP) ## 自动格式化 / format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP) $(MESSAGES) ## Django 系统检查与迁移检查 / system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

bench: $(STAMP) ## 运行 bench/ 下的基准测试，结果写入 bench/results/ / run the benchmarks
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

reindex: $(STAMP) ## 重建搜索索引 / rebuild the search index
	$(MANAGE) rebuild_search_index

process-search-queue: $(STAMP) ## 处理积压的搜索索引队列 / apply queued index changes
	$(MANAGE) process_search_queue

clean: ## 删除虚拟环境和本地数据（var/） / remove the virtualenv and local data
	rm -rf $(VENV) var .pytest_cache
