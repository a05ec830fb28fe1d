"""Gunicorn, the production web server (`scripts/serve`): several worker processes behind the ward's TLS proxy.

Read from the environment like the settings: MIMAMORI_BIND, WEB_CONCURRENCY, MIMAMORI_WEB_THREADS,
MIMAMORI_TRUSTED_PROXIES.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("MIMAMORI_BIND", "127.0.0.1:8000")
# Requests mostly wait on PostgreSQL: a few processes per core, each with a few threads.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("MIMAMORI_WEB_THREADS", "4"))
timeout = 60
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter, so they do not all restart together).
max_requests = 2000
max_requests_jitter = 200
# Only the proxy's own X-Forwarded-* headers are believed, as the audit's client address does.
forwarded_allow_ips = os.environ.get("MIMAMORI_TRUSTED_PROXIES") or "127.0.0.1"
# The access log names the path, never the query string: a search typed by staff could hold a name.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
